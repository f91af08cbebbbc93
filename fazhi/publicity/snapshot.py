"""The public snapshot of a decision: what a publication shows, masked as the publicity policy requires.

Taken once, when the publication is created, so that a later change of the case does not change what was published.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fazhi import rules
from fazhi.publicity.models import (
    PublicationKind,
)

if TYPE_CHECKING:
    from fazhi.cases.models import Case, Decision, Party


_ADDRESS_PLACEHOLDER = "（住址略）"
_PENALTY_ORDER = {kind.value: i for i, kind in enumerate(rules.PenaltyKind)}


def _yuan(amount: Decimal) -> str:
    return str(Decimal(amount).quantize(rules.CENT))


def _public_facts(case: Case, party: Party) -> str:
    """The facts as published: the investigation report's facts (or the case summary), with personal data masked.

    个人信息保护法 and 市场监管 GS 第六条 require "必要的处理": ID and mobile numbers anywhere in the text are masked
    (``mask_text``); for a person, the full name, the ID number, the phone and the home address are replaced too.
    """
    report = case.reports.order_by("-submitted_on", "-pk").first()
    text = (report.facts if report is not None else case.facts).strip()
    if party.kind == "person":
        if party.name.strip():
            text = text.replace(party.name.strip(), party.public_name)
        if party.id_number:
            text = text.replace(party.id_number, party.masked_id_number)
        if party.phone:
            text = text.replace(party.phone, party.masked_phone)
        if party.address.strip():
            text = text.replace(party.address.strip(), _ADDRESS_PLACEHOLDER)
    return rules.mask_text(text)


def _penalty_content(kinds: list[str], fine: Decimal, confiscation: Decimal) -> str:
    parts = []
    for code in kinds:
        kind = rules.PenaltyKind(code)
        if kind == rules.PenaltyKind.FINE:
            parts.append(f"罚款人民币{_yuan(fine)}元")
        elif kind == rules.PenaltyKind.CONFISCATE_ILLEGAL_GAINS and confiscation:
            parts.append(f"没收违法所得人民币{_yuan(confiscation)}元")
        else:
            parts.append(kind.label)
    return "；".join(parts)


def decision_snapshot(decision: Decision) -> dict[str, Any]:
    """Exactly what is shown publicly about a decision. Computed once, at creation, then frozen.

    A person: name masked (张*), ID number masked (110105********002X), no address or phone at all. An organisation:
    its name and USCC in full, its legal representative's name masked.
    """
    case = decision.case
    party = case.party
    item = case.power_item
    agency = case.legal_subject
    is_person = party.kind == "person"
    kinds = sorted((str(k) for k in decision.penalty_kinds), key=lambda k: _PENALTY_ORDER.get(k, 99))
    gains = decision.confiscation if rules.PenaltyKind.CONFISCATE_ILLEGAL_GAINS in kinds else Decimal("0")
    return {
        "kind": PublicationKind.DECISION.value,
        "decision_number": decision.number,
        "party_kind": party.kind,
        "party_category": "自然人" if is_person else "法人及非法人组织",
        "party_name": party.public_name,
        "uscc": "" if is_person else party.id_number,
        "legal_representative": rules.mask_name(party.legal_representative) if party.legal_representative else "",
        "id_type": "身份证" if is_person and party.id_number else "",
        "id_number": party.masked_id_number if is_person else "",
        "violation_type": item.name,
        "facts": _public_facts(case, party),
        "violation_basis": item.violation_basis,
        "penalty_basis": item.penalty_basis,
        "penalty_kind_codes": kinds,
        "penalty_kinds": [rules.PenaltyKind(k).label for k in kinds],
        "penalty_content": _penalty_content(kinds, decision.fine, decision.confiscation),
        "fine": _yuan(decision.fine),
        "confiscated_gains": _yuan(gains),
        "decided_on": decision.decided_on.isoformat(),
        "agency": agency.name,
        "agency_uscc": agency.uscc,
        "procedure": case.procedure,
    }
