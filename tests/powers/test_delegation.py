"""Delegation to townships and the check case registration calls."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from fazhi.powers.models import Delegation, RuleSet
from fazhi.powers.selectors import delegation_ensure_may_act
from fazhi.powers.services import delegation_end, delegation_grant

pytestmark = pytest.mark.django_db

RULE_24 = (
    "乡镇（街道）只能按照规定范围实施交由其行使的行政处罚权（行政处罚法第二十四条第二款："
    "承接行政处罚权的乡镇人民政府、街道办事处应当加强执法能力建设，按照规定范围、依照法定程序实施行政处罚）。"
)


@pytest.fixture
def delegation(bureau: Any, sample: RuleSet) -> Delegation:
    return delegation_grant(
        actor=bureau.admin,
        township=bureau.township,
        item_code="SL-HJ-001",
        valid_from=date(2026, 1, 1),
        valid_until=date(2026, 12, 31),
        document_number="示政发〔2025〕12号",
    )


def counts() -> tuple[int, int]:
    return Delegation.objects.count(), AuditEvent.objects.count()


def test_a_township_may_act_on_a_delegated_item_within_the_period(bureau: Any, delegation: Delegation) -> None:
    delegation_ensure_may_act(agency=bureau.township, item_code="SL-HJ-001", on=date(2026, 1, 1))
    delegation_ensure_may_act(agency=bureau.township, item_code="SL-HJ-001", on=date(2026, 12, 31))


def test_a_township_acting_on_a_non_delegated_item_is_refused(bureau: Any, delegation: Delegation) -> None:
    before = counts()
    with pytest.raises(RuleViolation) as caught:
        delegation_ensure_may_act(agency=bureau.township, item_code="SL-GH-001", on=date(2026, 3, 1))
    assert caught.value.message == (
        "示范市南山镇人民政府未获赋权办理「未取得建设工程规划许可证进行建设（尚可采取改正措施消除对规划实施的影响）」"
        "（编码SL-GH-001）：违法行为发生日2026年3月1日，该事项未交由本乡镇（街道）行使。" + RULE_24
    )
    assert counts() == before


def test_a_township_acting_before_the_delegation_starts_is_refused(bureau: Any, delegation: Delegation) -> None:
    before = counts()
    with pytest.raises(RuleViolation) as caught:
        delegation_ensure_may_act(agency=bureau.township, item_code="SL-HJ-001", on=date(2025, 12, 31))
    assert caught.value.message == (
        "示范市南山镇人民政府未获赋权办理「在禁止的时段和区域内露天烧烤食品或者为露天烧烤食品提供场地」"
        "（编码SL-HJ-001）：违法行为发生日2025年12月31日早于该事项的赋权起始日"
        "（2026年1月1日起至2026年12月31日（示政发〔2025〕12号））。" + RULE_24
    )
    assert counts() == before


def test_a_township_acting_after_the_delegation_ends_is_refused(bureau: Any, delegation: Delegation) -> None:
    before = counts()
    with pytest.raises(RuleViolation) as caught:
        delegation_ensure_may_act(agency=bureau.township, item_code="SL-HJ-001", on=date(2027, 1, 1))
    assert caught.value.message == (
        "示范市南山镇人民政府未获赋权办理「在禁止的时段和区域内露天烧烤食品或者为露天烧烤食品提供场地」"
        "（编码SL-HJ-001）：违法行为发生日2027年1月1日不在该事项的赋权有效期"
        "（2026年1月1日起至2026年12月31日（示政发〔2025〕12号））内。" + RULE_24
    )
    assert counts() == before


def test_the_bureaus_squad_may_act_on_any_item_of_the_list_in_force(bureau: Any, sample: RuleSet) -> None:
    delegation_ensure_may_act(agency=bureau.squad, item_code="SL-GH-001", on=date(2026, 3, 1))


def test_the_squad_is_refused_an_item_not_in_the_list(bureau: Any, sample: RuleSet) -> None:
    expected = "事项编码「XX-1」不在示范市城市管理和综合执法局2026年3月1日施行的权责清单"
    with pytest.raises(RuleViolation, match=expected):
        delegation_ensure_may_act(agency=bureau.squad, item_code="XX-1", on=date(2026, 3, 1))


def test_the_squad_is_refused_before_any_list_is_in_force(bureau: Any, sample: RuleSet) -> None:
    with pytest.raises(RuleViolation, match="在2024年12月31日没有施行中的权责清单"):
        delegation_ensure_may_act(agency=bureau.squad, item_code="SL-GH-001", on=date(2024, 12, 31))


def test_granting_an_item_not_in_the_list_is_refused_and_writes_nothing(bureau: Any, sample: RuleSet) -> None:
    before = counts()
    with pytest.raises(ValidationError, match="事项编码「XX-1」不在"):
        delegation_grant(
            actor=bureau.admin,
            township=bureau.township,
            item_code="XX-1",
            valid_from=date(2026, 1, 1),
            document_number="文号",
        )
    assert counts() == before


def test_overlapping_delegations_are_refused(bureau: Any, delegation: Delegation) -> None:
    with pytest.raises(ValidationError, match="赋权期间不能重叠"):
        delegation_grant(
            actor=bureau.admin,
            township=bureau.township,
            item_code="SL-HJ-001",
            valid_from=date(2026, 6, 1),
            document_number="另一文号",
        )


def test_only_the_head_or_an_admin_may_delegate(bureau: Any, sample: RuleSet, make_user: Any) -> None:
    from fazhi.accounts.models import Role

    reviewer = make_user(bureau.bureau, Role.LEGAL_REVIEWER)
    with pytest.raises(PermissionDenied, match="只有本局负责人或系统管理员"):
        delegation_grant(
            actor=reviewer,
            township=bureau.township,
            item_code="SL-HJ-001",
            valid_from=date(2026, 1, 1),
            document_number="文号",
        )
    head = make_user(bureau.bureau, Role.HEAD)
    granted = delegation_grant(
        actor=head, township=bureau.township, item_code="SL-HJ-001", valid_from=date(2026, 1, 1), document_number="文号"
    )
    assert AuditEvent.objects.filter(action="powers.delegation.grant", entity_id=str(granted.pk)).exists()


def test_ending_a_delegation_sets_its_last_day(bureau: Any, sample: RuleSet) -> None:
    from fazhi.core import clock

    today = clock.today()
    granted = delegation_grant(
        actor=bureau.admin,
        township=bureau.township,
        item_code="SL-SR-001",
        valid_from=date(2025, 1, 1),
        document_number="文号",
    )
    ended = delegation_end(actor=bureau.admin, delegation=granted, valid_until=today, reason="收回赋权")
    assert ended.valid_until == today and ended.end_reason == "收回赋权"
    with pytest.raises(ValidationError, match="不能早于今天"):
        delegation_end(actor=bureau.admin, delegation=ended, valid_until=date(2025, 6, 1), reason="追溯")
