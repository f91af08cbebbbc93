"""矛盾纠纷调处: intake and the result."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from fazhi.agencies.models import Agency
from fazhi.agencies.scope import scope_for
from fazhi.core.audit import snapshot
from fazhi.core.errors import RuleViolation
from fazhi.legal_affairs.models import (
    Mediation,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User

from fazhi.legal_affairs.services.common import _not_before, _text, _write

# --- 矛盾纠纷调处 -----------------------------------------------------------------------------------------------


@transaction.atomic
def mediation_register(*, actor: User, agency: Agency, received_on: date, parties: str, subject: str) -> Mediation:
    scope_for(actor).ensure_can_write(agency)
    item = Mediation(
        agency=agency,
        received_on=received_on,
        parties=_text(parties, "当事各方"),
        subject=_text(subject, "纠纷事项"),
        created_by=actor,
    )
    _write(actor, item, action="mediation.register", summary=f"受理矛盾纠纷：{item.parties}", before=None)
    return item


@transaction.atomic
def mediation_close(
    *, actor: User, mediation: Mediation, resolved: bool, resolved_on: date, result: str = ""
) -> Mediation:
    item = Mediation.objects.select_for_update(of=("self",)).get(pk=mediation.pk)
    scope_for(actor).ensure_can_write(item.agency)
    if item.resolved is not None:
        raise RuleViolation("该纠纷已办结，不能重复登记调处结果。")
    _not_before(resolved_on, item.received_on, "办结日期", "受理日期")
    before = snapshot(item)
    item.resolved, item.resolved_on, item.result = resolved, resolved_on, result.strip()
    summary = "调处成功" if resolved else "调处未成功"
    _write(actor, item, action="mediation.close", summary=summary, before=before)
    return item
