"""Writes of the power list: import, publish, copy, delegate. Each takes the actor, runs in one
transaction and records its audit event; a refusal raises an ApplicationError and writes nothing.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import IO, TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency, AgencyKind
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import bureau_of
from fazhi.core import clock
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.formatting import cn_date
from fazhi.powers import excel
from fazhi.powers.conditions import conditions_to_json
from fazhi.powers.domain import RuleSetStatus
from fazhi.powers.models import Delegation, DiscretionRule, ExemptionRule, PowerItem, RuleSet
from fazhi.powers.selectors import power_item_in_force, rule_set_in_force

if TYPE_CHECKING:
    from fazhi.accounts.models import User

MAX_FILE_BYTES = 10 * 1024 * 1024


class PowerListImportError(ValidationError):
    """The workbook has errors; ``errors`` lists every one as (sheet, row, column, reason)."""

    code = "invalid_workbook"

    def __init__(self, errors: list[excel.RowError]) -> None:
        self.errors = errors
        super().__init__(
            f"权责清单文件有{len(errors)}处错误，未导入任何内容。请按错误清单逐行修改后重新导入。",
            extra={"errors": [e.as_dict() for e in errors]},
        )


def _is_admin(actor: User) -> bool:
    return bool(actor.is_superuser or actor.has_role(Role.SYSTEM_ADMIN))


def _ensure_may_manage(actor: User, owner: Agency) -> None:
    """The bureau's head or legal staff (or a system administrator) maintain its power list."""
    if _is_admin(actor):
        return
    scope_for(actor).ensure_can_write(owner)
    if not actor.has_role(Role.HEAD, Role.LEGAL_REVIEWER):
        raise PermissionDenied("只有本局负责人、法制审核人员或系统管理员可以维护权责清单。")


def _ensure_may_delegate(actor: User, owner: Agency) -> None:
    if _is_admin(actor):
        return
    scope_for(actor).ensure_can_write(owner)
    if not actor.has_role(Role.HEAD):
        raise PermissionDenied("只有本局负责人或系统管理员可以赋予或终止乡镇（街道）的执法事项。")


def _ensure_bureau(owner: Agency) -> None:
    if owner.kind != AgencyKind.BUREAU:
        raise ValidationError(f"权责清单由执法局制定，「{owner.name}」不是执法局。")


def _read_bytes(file: bytes | IO[bytes] | Any) -> bytes:
    if isinstance(file, bytes | bytearray):
        return bytes(file)
    size = getattr(file, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise ValidationError("文件超过10MB，请确认上传的是权责清单Excel文件。")
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    return bytes(data)


# --- import ---------------------------------------------------------------------------------


@transaction.atomic
def power_list_import(
    *,
    actor: User,
    owner: Agency,
    file: bytes | IO[bytes] | Any,
    version_label: str,
    effective_from: date,
    filename: str = "",
    note: str = "",
    is_sample: bool | None = None,
    activate: bool = False,
) -> RuleSet:
    """Import a workbook as a new draft version (and publish it if ``activate``).

    Every row is read and checked before anything is written; any error raises
    :class:`PowerListImportError` with all of them, and nothing is imported.
    """
    _ensure_may_manage(actor, owner)
    _ensure_bureau(owner)
    version_label = version_label.strip()
    if not version_label:
        raise ValidationError("请填写版本号，如“2026版”。")
    if RuleSet.objects.filter(owner=owner, version_label=version_label).exists():
        raise ValidationError(f"版本「{version_label}」已存在，请换一个版本号。")
    data = _read_bytes(file)
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError("文件超过10MB，请确认上传的是权责清单Excel文件。")
    parsed = excel.read_workbook(data)
    if parsed.errors:
        raise PowerListImportError(parsed.errors)
    sample = is_sample if is_sample is not None else all(i.is_sample for i in parsed.items)
    try:
        rule_set = RuleSet.objects.create(
            owner=owner,
            version_label=version_label,
            effective_from=effective_from,
            status=RuleSetStatus.DRAFT,
            is_sample=sample,
            source_filename=filename[:200],
            source_sha256=hashlib.sha256(data).hexdigest(),
            imported_by=actor if actor.pk else None,
            note=note[:500],
        )
    except IntegrityError as exc:  # a concurrent import of the same version label
        raise ValidationError(f"版本「{version_label}」已存在，请换一个版本号。") from exc
    _write_rows(rule_set, parsed)
    audit_record(
        actor=actor,
        entity=rule_set,
        action="powers.rule_set.import",
        summary=(
            f"导入权责清单 {version_label}：事项{len(parsed.items)}项、裁量阶次{len(parsed.tiers)}条、"
            f"免罚规则{len(parsed.exemptions)}条"
        ),
        after={
            **snapshot(rule_set),
            "items": len(parsed.items),
            "tiers": len(parsed.tiers),
            "exemptions": len(parsed.exemptions),
        },
    )
    if activate:
        rule_set = _activate(actor=actor, rule_set=rule_set)
    return rule_set


def _write_rows(rule_set: RuleSet, parsed: excel.ParsedWorkbook) -> None:
    items = PowerItem.objects.bulk_create(
        [
            PowerItem(
                rule_set=rule_set,
                position=n,
                code=i.code,
                name=i.name,
                domain=i.domain,
                kind=i.kind,
                violation_basis=i.violation_basis,
                penalty_basis=i.penalty_basis,
                penalty_kinds=[k.value for k in i.penalty_kinds],
                fine_mode=i.fine_mode,
                fine_min=i.fine_min,
                fine_max=i.fine_max,
                coef_min=i.coef_min,
                coef_max=i.coef_max,
                base_fact=i.base_fact,
                base_floor=i.base_floor,
                source=i.source,
                remark=i.remark,
                is_sample=i.is_sample,
            )
            for n, i in enumerate(parsed.items, start=1)
        ]
    )
    by_code = {item.code: item for item in items}
    if any(item.pk is None for item in items):  # backends without RETURNING
        by_code = {i.code: i for i in PowerItem.objects.filter(rule_set=rule_set)}
    DiscretionRule.objects.bulk_create(
        [
            DiscretionRule(
                item=by_code[t.item_code],
                position=n,
                tier=t.tier,
                description=t.description,
                condition_text=t.condition_text,
                conditions=conditions_to_json(t.conditions),
                fine_min=t.fine_min,
                fine_max=t.fine_max,
                coef_min=t.coef_min,
                coef_max=t.coef_max,
                is_sample=t.is_sample,
            )
            for n, t in enumerate(parsed.tiers, start=1)
        ]
    )
    ExemptionRule.objects.bulk_create(
        [
            ExemptionRule(
                item=by_code[e.item_code],
                position=n,
                kind=e.kind,
                description=e.description,
                condition_text=e.condition_text,
                conditions=conditions_to_json(e.conditions),
                look_back_months=e.look_back_months,
                is_sample=e.is_sample,
            )
            for n, e in enumerate(parsed.exemptions, start=1)
        ]
    )


# --- publishing -----------------------------------------------------------------------------


def _activate(*, actor: User, rule_set: RuleSet) -> RuleSet:
    rule_set = RuleSet.objects.select_for_update(of=("self",)).get(pk=rule_set.pk)
    if rule_set.status != RuleSetStatus.DRAFT:
        raise ValidationError(f"版本「{rule_set.version_label}」已发布，不能重复发布。")
    if not PowerItem.objects.filter(rule_set=rule_set).exists():
        raise ValidationError("该版本没有任何事项，不能发布。")
    latest = (
        RuleSet.objects.select_for_update(of=("self",))
        .filter(owner=rule_set.owner, status__in=[RuleSetStatus.ACTIVE, RuleSetStatus.RETIRED])
        .order_by("-effective_from")
        .first()
    )
    if latest is not None:
        if rule_set.effective_from <= latest.effective_from:
            raise ValidationError(
                f"新版本的施行日期（{cn_date(rule_set.effective_from)}）须晚于现行版本"
                f"「{latest.version_label}」的施行日期（{cn_date(latest.effective_from)}）。"
            )
        if latest.effective_until is not None and latest.effective_until < rule_set.effective_from:
            pass  # an explicit end date was set earlier; the gap is the bureau's decision
        else:
            before = snapshot(latest)
            latest.effective_until = rule_set.effective_from - timedelta(days=1)
            latest.status = RuleSetStatus.RETIRED
            latest.save(update_fields=["effective_until", "status", "updated_at"])
            audit_record(
                actor=actor,
                entity=latest,
                action="powers.rule_set.retire",
                summary=(
                    f"版本 {latest.version_label} 因新版本 {rule_set.version_label} 施行，"
                    f"于{cn_date(latest.effective_until)}失效"
                ),
                before=before,
                after=snapshot(latest),
            )
    before = snapshot(rule_set)
    rule_set.status = RuleSetStatus.ACTIVE
    rule_set.published_at = clock.now()
    rule_set.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        entity=rule_set,
        action="powers.rule_set.activate",
        summary=f"发布权责清单 {rule_set.version_label}，{cn_date(rule_set.effective_from)}起施行",
        before=before,
        after=snapshot(rule_set),
    )
    return rule_set


@transaction.atomic
def rule_set_activate(*, actor: User, rule_set: RuleSet) -> RuleSet:
    """Publish a draft: it becomes immutable, and the version before it ends the day before it starts."""
    _ensure_may_manage(actor, rule_set.owner)
    return _activate(actor=actor, rule_set=rule_set)


@transaction.atomic
def rule_set_copy_as_draft(*, actor: User, rule_set: RuleSet, version_label: str, effective_from: date) -> RuleSet:
    """A new draft with the same rows: the way to change a published version."""
    _ensure_may_manage(actor, rule_set.owner)
    version_label = version_label.strip()
    if not version_label:
        raise ValidationError("请填写新版本号。")
    if RuleSet.objects.filter(owner=rule_set.owner, version_label=version_label).exists():
        raise ValidationError(f"版本「{version_label}」已存在，请换一个版本号。")
    copy = RuleSet.objects.create(
        owner=rule_set.owner,
        version_label=version_label,
        effective_from=effective_from,
        status=RuleSetStatus.DRAFT,
        is_sample=rule_set.is_sample,
        source_filename=rule_set.source_filename,
        source_sha256=rule_set.source_sha256,
        imported_by=actor if actor.pk else None,
        note=f"复制自 {rule_set.version_label}",
    )
    for item in PowerItem.objects.filter(rule_set=rule_set).prefetch_related("discretion_rules", "exemption_rules"):
        tiers = list(item.discretion_rules.all())
        exemptions = list(item.exemption_rules.all())
        item.pk = None
        item.rule_set = copy
        item._state.adding = True
        item.save()
        for tier in tiers:
            tier.pk = None
            tier.item = item
            tier._state.adding = True
            tier.save()
        for exemption in exemptions:
            exemption.pk = None
            exemption.item = item
            exemption._state.adding = True
            exemption.save()
    audit_record(
        actor=actor,
        entity=copy,
        action="powers.rule_set.copy",
        summary=f"由 {rule_set.version_label} 复制为草稿 {version_label}",
        after=snapshot(copy),
    )
    return copy


def _ensure_draft(rule_set: RuleSet) -> None:
    if rule_set.status != RuleSetStatus.DRAFT:
        raise RuleViolation(
            f"权责清单版本「{rule_set.version_label}」已发布，不能修改：已办案件引用该版本的条目。"
            "请将其复制为新的草稿版本后修改，再发布新版本。"
        )


@transaction.atomic
def power_item_update(
    *,
    actor: User,
    item: PowerItem,
    name: str | None = None,
    violation_basis: str | None = None,
    penalty_basis: str | None = None,
    remark: str | None = None,
) -> PowerItem:
    """Edit the texts of an item of a draft version (published versions are immutable)."""
    item = PowerItem.objects.select_for_update(of=("self",)).select_related("rule_set__owner").get(pk=item.pk)
    _ensure_may_manage(actor, item.rule_set.owner)
    _ensure_draft(item.rule_set)
    before = snapshot(item)
    for field, value in (
        ("name", name),
        ("violation_basis", violation_basis),
        ("penalty_basis", penalty_basis),
        ("remark", remark),
    ):
        if value is not None:
            setattr(item, field, value.strip())
    if not item.name or not item.violation_basis:
        raise ValidationError("事项名称和违法依据不能为空。")
    item.save()
    audit_record(
        actor=actor,
        entity=item.rule_set,
        action="powers.item.update",
        summary=f"修改草稿版本事项 {item.code}",
        before=before,
        after=snapshot(item),
    )
    return item


# --- delegation -----------------------------------------------------------------------------


@transaction.atomic
def delegation_grant(
    *,
    actor: User,
    township: Agency,
    item_code: str,
    valid_from: date,
    document_number: str,
    valid_until: date | None = None,
    owner: Agency | None = None,
) -> Delegation:
    """Delegate an item of the bureau's list to a township from ``valid_from`` (行政处罚法 第二十四条)."""
    if township.kind != AgencyKind.TOWNSHIP:
        raise ValidationError(f"「{township.name}」不是乡镇（街道），不能作为赋权对象。")
    owner = owner or bureau_of(township)
    if owner is None:
        raise ValidationError(f"无法确定「{township.name}」所属的执法局，请指定赋权机关。")
    _ensure_may_delegate(actor, owner)
    item_code = item_code.strip()
    document_number = document_number.strip()
    problems = []
    if not item_code:
        problems.append("事项编码不能为空")
    if not document_number:
        problems.append("赋权文件文号不能为空（行政处罚法第二十四条：赋权决定应当公布）")
    if valid_until is not None and valid_until < valid_from:
        problems.append("赋权截止日不能早于起始日")
    if problems:
        raise ValidationError("；".join(problems) + "。")
    item = power_item_in_force(owner=owner, code=item_code, on=valid_from)
    if item is None:
        in_force = rule_set_in_force(owner=owner, on=valid_from)
        where = f"（{in_force.version_label}）" if in_force else "（该日没有施行中的版本）"
        raise ValidationError(
            f"事项编码「{item_code}」不在{owner.name}{cn_date(valid_from)}施行的权责清单{where}中，不能赋权。"
        )
    for other in Delegation.objects.select_for_update(of=("self",)).filter(township=township, item_code=item_code):
        ends_after_start = other.valid_until is None or other.valid_until >= valid_from
        starts_before_end = valid_until is None or other.valid_from <= valid_until
        if ends_after_start and starts_before_end:
            until = f"至{cn_date(other.valid_until)}" if other.valid_until else "起长期有效"
            raise ValidationError(
                f"{township.name}已获赋权办理「{item.name}」（{cn_date(other.valid_from)}{until}，"
                f"{other.document_number}），赋权期间不能重叠。"
            )
    delegation = Delegation.objects.create(
        owner=owner,
        township=township,
        item_code=item_code,
        item_name=item.name,
        valid_from=valid_from,
        valid_until=valid_until,
        document_number=document_number,
        granted_by=actor if actor.pk else None,
    )
    audit_record(
        actor=actor,
        entity=delegation,
        action="powers.delegation.grant",
        summary=f"赋予{township.name}办理「{item.name}」（{item_code}），{cn_date(valid_from)}起",
        after=snapshot(delegation),
    )
    return delegation


@transaction.atomic
def delegation_end(*, actor: User, delegation: Delegation, valid_until: date, reason: str) -> Delegation:
    """End a delegation on ``valid_until`` (the last day the township may act). Not retroactive: cases
    already opened under it stay valid, so the end day cannot be before today."""
    delegation = (
        Delegation.objects.select_for_update(of=("self",)).select_related("owner", "township").get(pk=delegation.pk)
    )
    _ensure_may_delegate(actor, delegation.owner)
    problems = []
    if not reason.strip():
        problems.append("请写明终止赋权的原因")
    if valid_until < delegation.valid_from:
        problems.append(f"终止日不能早于赋权起始日{cn_date(delegation.valid_from)}")
    if valid_until < clock.today():
        problems.append("终止日不能早于今天（赋权不能追溯终止）")
    if delegation.valid_until is not None and valid_until >= delegation.valid_until:
        problems.append(f"该赋权已定于{cn_date(delegation.valid_until)}截止")
    if problems:
        raise ValidationError("；".join(problems) + "。")
    before = snapshot(delegation)
    delegation.valid_until = valid_until
    delegation.end_reason = reason.strip()[:300]
    delegation.ended_by = actor if actor.pk else None
    delegation.save()
    audit_record(
        actor=actor,
        entity=delegation,
        action="powers.delegation.end",
        summary=(
            f"终止{delegation.township.name}办理「{delegation.item_name}」的赋权，"
            f"{cn_date(valid_until)}为最后一日：{delegation.end_reason}"
        ),
        before=before,
        after=snapshot(delegation),
    )
    return delegation
