"""群众诉求的重办: how many times a complainant not satisfied with the result may have a closed complaint reopened.

Not a legal number but a **setting** of the bureau (UNVERIFIED): 12345 政务服务便民热线 platforms commonly let a work
order rated 不满意 be sent back to the handling unit for 重办 once, after which the dissatisfaction is recorded and
the order stays closed (it may still be 督办 or reviewed by the bureau). A bureau with another practice changes the
constant here, once, and the boundary test with it.
"""

from __future__ import annotations

__all__ = ["PUBLIC_REOPEN_LIMIT", "public_reopen_refusal"]

#: 重办 a complainant may ask on one complaint (setting, bureau practice after 12345 "重办"; RULES.md status U).
PUBLIC_REOPEN_LIMIT = 1


def public_reopen_refusal(reopened: int, limit: int = PUBLIC_REOPEN_LIMIT) -> str:
    """ "" when a complaint reopened ``reopened`` times may be reopened once more, else the Chinese reason."""
    if reopened < limit:
        return ""
    return f"该诉求已重办{reopened}次，按本局规定每件诉求只能申请重办{limit}次；如仍有异议，请拨打12345热线或来访反映。"
