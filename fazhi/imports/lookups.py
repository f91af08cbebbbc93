"""What every row of a historical case file is checked against, loaded once per import: the agencies and their
bureaus, the power-list item versions and delegations with their periods. (The case numbers already in use are not
loaded: ``fazhi.imports.services`` checks them against the database by a join.)"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from fazhi.agencies.models import Agency
from fazhi.agencies.selectors import bureau_of
from fazhi.core.periods import period_covers
from fazhi.powers.models import Delegation, PowerItem, RuleSetStatus

__all__ = ["DelegationPeriod", "ItemVersion", "Lookups"]


def _period(start: date, end: date | None) -> str:
    return f"{start}起" + (f"至{end}" if end else "")


@dataclass(frozen=True)
class ItemVersion:
    pk: int
    domain: str
    effective_from: date
    effective_until: date | None

    def covers(self, day: date) -> bool:
        return period_covers(self.effective_from, self.effective_until, day)

    def period(self) -> str:
        return _period(self.effective_from, self.effective_until)


@dataclass(frozen=True)
class DelegationPeriod:
    owner: int
    valid_from: date
    valid_until: date | None
    document_number: str

    def covers(self, day: date) -> bool:
        return period_covers(self.valid_from, self.valid_until, day)

    def period(self) -> str:
        return _period(self.valid_from, self.valid_until)


class Lookups:
    """Everything a row is checked against, loaded once."""

    def __init__(self) -> None:
        self.agencies: dict[str, Agency] = {a.code: a for a in Agency.objects.select_related("parent")}
        by_pk = {a.pk: a for a in self.agencies.values()}
        bureaus = {a.pk: bureau_of(a, agencies=by_pk) for a in self.agencies.values()}
        self.bureau_of: dict[int, int | None] = {pk: b.pk if b else None for pk, b in bureaus.items()}
        self.items: dict[tuple[int, str], list[ItemVersion]] = defaultdict(list)
        published = [RuleSetStatus.ACTIVE, RuleSetStatus.RETIRED]
        for row in PowerItem.objects.filter(rule_set__status__in=published).values(
            "pk", "code", "domain", "rule_set__owner_id", "rule_set__effective_from", "rule_set__effective_until"
        ):
            self.items[(row["rule_set__owner_id"], row["code"])].append(
                ItemVersion(row["pk"], row["domain"], row["rule_set__effective_from"], row["rule_set__effective_until"])
            )
        self.delegations: dict[tuple[int, str], list[DelegationPeriod]] = defaultdict(list)
        for d in Delegation.objects.order_by("valid_from").values(
            "township_id", "item_code", "owner_id", "valid_from", "valid_until", "document_number"
        ):
            self.delegations[(d["township_id"], d["item_code"])].append(
                DelegationPeriod(d["owner_id"], d["valid_from"], d["valid_until"], d["document_number"])
            )

    def versions(self, agency: Agency, code: str) -> list[ItemVersion]:
        """The versions of the item ``code`` in the power list of the agency's bureau or, for a township, of the
        bureau that delegated it (empty when neither lists it)."""
        owner = self.bureau_of.get(agency.pk)
        versions = self.items.get((owner, code), []) if owner is not None else []
        if not versions:
            for d in self.delegations.get((agency.pk, code), []):
                versions = self.items.get((d.owner, code), [])
                if versions:
                    break
        return versions

    def item(self, agency: Agency, code: str, on: date) -> tuple[ItemVersion | None, str]:
        """The item row of the version in force on the date of the act, or why there is none.

        No fallback to another version: 实施行政处罚，适用违法行为发生时的法律、法规、规章的规定 (行政处罚法
        第三十七条), so an act before the first version that lists the item cannot be imported against it.
        """
        versions = self.versions(agency, code)
        if not versions:
            return None, f"执法事项编码“{code}”不在{agency.name}所属权责清单中"
        for v in versions:
            if v.covers(on):
                return v, ""
        first = min(v.effective_from for v in versions)
        if on < first:
            return None, (
                f"违法行为发生日期（{on}）早于首个列入执法事项“{code}”的权责清单版本的施行日期（{first}）："
                "该事项当时不在权责清单中，适用违法行为发生时的规定（行政处罚法第三十七条）"
            )
        periods = "、".join(v.period() for v in sorted(versions, key=lambda v: v.effective_from))
        return None, (
            f"违法行为发生日期（{on}）不在列入执法事项“{code}”的权责清单版本的施行期间（{periods}）内"
            "（行政处罚法第三十七条）"
        )

    def delegation_problem(self, agency: Agency, code: str, on: date) -> str:
        """Why 是否赋权事项=是 is wrong for this row, or "" when a delegation covers the date of the act.

        A township acts on a delegated item only within the delegation's period (行政处罚法 第二十四条), checked
        on the date of the act as case registration does (``delegation_ensure_may_act``).
        """
        delegations = self.delegations.get((agency.pk, code), [])
        if not delegations:
            return f"事项“{code}”未赋权给{agency.name}"
        if any(d.covers(on) for d in delegations):
            return ""
        periods = "；".join(f"{d.period()}，{d.document_number}" for d in delegations)
        when = "早于" if all(on < d.valid_from for d in delegations) else "不在"
        return (
            f"违法行为发生日期（{on}）{when}事项“{code}”赋权给{agency.name}的有效期（{periods}）"
            + ("" if when == "早于" else "内")
            + "（行政处罚法第二十四条）"
        )
