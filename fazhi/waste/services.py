"""Writes of 建筑垃圾（渣土）准运: companies, vehicles, 准运证 (issue, revoke), checks and the case a check leads to.

Roles: 内勤 or 负责人 register companies and vehicles and issue or revoke permits; an officer, squad leader or head
records a check and opens the case on what it found. Every service checks the actor's scope, validates everything
(all errors in one Chinese message), writes and audits in one transaction; a refusal leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from fazhi.accounts.models import Role
from fazhi.agencies.models import Agency, AgencyKind, Officer
from fazhi.agencies.scope import scope_for
from fazhi.cases.models import CaseSource, PartyKind
from fazhi.cases.services import case_open
from fazhi.core import clock
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.validation import length_errors
from fazhi.rules import normalize_uscc, validate_uscc
from fazhi.rules.transport import PermitState, normalize_plate_number, validate_plate_number
from fazhi.waste.models import (
    CheckCase,
    CheckResult,
    TransportCompany,
    TransportPermit,
    Vehicle,
    WasteCheck,
)

if TYPE_CHECKING:
    from fazhi.accounts.models import User
    from fazhi.cases.models import Case

REGISTER_ROLES = (Role.CLERK, Role.HEAD, Role.SYSTEM_ADMIN)
CHECK_ROLES = (Role.OFFICER, Role.SQUAD_LEADER, Role.HEAD, Role.SYSTEM_ADMIN)


def _ensure_role(actor: User, agency: Agency, roles: tuple[str, ...], *, action: str) -> None:
    scope_for(actor).ensure_can_write(agency)
    if agency.kind == AgencyKind.JUSTICE_BUREAU:
        raise PermissionDenied("司法局（执法监督机构）不办理渣土准运业务。")
    if not (actor.is_superuser or actor.has_role(*roles)):
        labels = "或".join(Role(r).label for r in roles if r != Role.SYSTEM_ADMIN)
        raise PermissionDenied(f"{action}须由{labels}办理：您没有相应角色。")


def _raise(errors: list[str]) -> None:
    if errors:
        raise ValidationError("；".join(errors) + "。")


@transaction.atomic
def company_create(*, actor: User, agency: Agency, name: str, uscc: str, address: str = "") -> TransportCompany:
    """登记建筑垃圾运输企业; the 统一社会信用代码 is checked (GB 32100-2015) and unique in the agency."""
    _ensure_role(actor, agency, REGISTER_ROLES, action="登记运输企业")
    name, uscc = name.strip(), normalize_uscc(uscc)
    errors = []
    if not name:
        errors.append("请填写企业名称")
    if not validate_uscc(uscc):
        errors.append(f"统一社会信用代码「{uscc}」校验不通过，请核对（GB 32100-2015）")
    elif TransportCompany.objects.filter(agency=agency, uscc=uscc).exists():
        errors.append(f"统一社会信用代码为{uscc}的企业已登记")
    company = TransportCompany(agency=agency, name=name, uscc=uscc, address=address.strip(), created_by=actor)
    errors += length_errors(company)
    _raise(errors)
    company.save()
    audit_record(
        actor=actor,
        entity=company,
        action="waste.company.create",
        summary=f"登记运输企业{name}",
        after=snapshot(company),
    )
    return company


@transaction.atomic
def vehicle_create(*, actor: User, company: TransportCompany, plate_number: str, note: str = "") -> Vehicle:
    """登记运输车辆; the plate is normalised and must have the form of GA 36-2018, and be registered once."""
    _ensure_role(actor, company.agency, REGISTER_ROLES, action="登记运输车辆")
    plate = normalize_plate_number(plate_number)
    errors = []
    if not validate_plate_number(plate):
        errors.append(f"号牌号码「{plate_number.strip()}」格式不正确，应如 湘B12345（新能源如 湘BD12345）")
    else:
        existing = Vehicle.objects.filter(plate_number=plate).select_related("company").first()
        if existing is not None:
            owner = existing.company.name if scope_for(actor).sees(existing.company.agency) else "其他企业"
            errors.append(f"号牌{plate}已登记在「{owner}」名下")
    vehicle = Vehicle(company=company, plate_number=plate, note=note.strip(), created_by=actor)
    errors += length_errors(vehicle)
    _raise(errors)
    vehicle.save()
    audit_record(
        actor=actor,
        entity=vehicle,
        action="waste.vehicle.create",
        summary=f"登记车辆{plate}（{company.name}）",
        after=snapshot(vehicle),
    )
    return vehicle


@transaction.atomic
def permit_issue(
    *,
    actor: User,
    agency: Agency,
    company: TransportCompany,
    number: str,
    vehicles: Sequence[Vehicle],
    route: str,
    site: str,
    valid_from: date,
    valid_until: date,
) -> TransportPermit:
    """核发准运证 to a company for some of its vehicles; the validity may not end before it begins."""
    _ensure_role(actor, agency, REGISTER_ROLES, action="核发准运证")
    number, route, site = number.strip(), route.strip(), site.strip()
    errors = []
    if not number:
        errors.append("请填写准运证编号")
    elif TransportPermit.objects.filter(agency=agency, number=number).exists():
        errors.append(f"准运证编号「{number}」已使用")
    if not scope_for(actor).sees(company.agency):
        errors.append("所选企业不在您的管辖范围内")
    if not vehicles:
        errors.append("请至少选择一辆准运车辆")
    foreign = [v.plate_number for v in vehicles if v.company_id != company.pk]
    if foreign:
        errors.append(f"车辆{'、'.join(foreign)}不属于「{company.name}」，不能列入其准运证")
    if not route:
        errors.append("请填写运输路线")
    if not site:
        errors.append("请填写工地及消纳场所")
    if valid_until < valid_from:
        errors.append(f"有效期止（{valid_until:%Y-%m-%d}）不能早于有效期起（{valid_from:%Y-%m-%d}）")
    permit = TransportPermit(
        agency=agency,
        number=number,
        company=company,
        route=route,
        site=site,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=actor,
    )
    errors += length_errors(permit)
    _raise(errors)
    permit.save()
    permit.vehicles.set(list(vehicles))
    audit_record(
        actor=actor,
        entity=permit,
        action="waste.permit.issue",
        summary=f"核发准运证{number}（{company.name}，{len(vehicles)}辆，{valid_from:%Y-%m-%d}至{valid_until:%Y-%m-%d}）",
        after={**snapshot(permit), "vehicle_ids": sorted(v.pk for v in vehicles)},
    )
    return permit


@transaction.atomic
def permit_revoke(*, actor: User, permit: TransportPermit, revoked_on: date, reason: str) -> TransportPermit:
    """撤销准运证 from a day on (it is not valid that day); once revoked it stays revoked."""
    permit = TransportPermit.objects.select_for_update().select_related("agency", "company").get(pk=permit.pk)
    _ensure_role(actor, permit.agency, REGISTER_ROLES, action="撤销准运证")
    if permit.revoked_on is not None:
        raise RuleViolation(f"准运证{permit.number}已于{permit.revoked_on:%Y-%m-%d}撤销。")
    errors = []
    if not reason.strip():
        errors.append("请写明撤销理由")
    if revoked_on > clock.today():
        errors.append("撤销日期不能晚于今天")
    if revoked_on < permit.valid_from:
        errors.append(f"撤销日期不能早于有效期起（{permit.valid_from:%Y-%m-%d}）")
    _raise(errors)
    before = snapshot(permit)
    permit.revoked_on, permit.revoke_reason = revoked_on, reason.strip()
    permit.save(update_fields=["revoked_on", "revoke_reason", "updated_at"])
    audit_record(
        actor=actor,
        entity=permit,
        action="waste.permit.revoke",
        summary=f"撤销准运证{permit.number}：{reason.strip()[:60]}",
        before=before,
        after=snapshot(permit),
    )
    return permit


def vehicle_permit_on(*, vehicle: Vehicle | None, day: date) -> tuple[str, TransportPermit | None]:
    """The result a check on ``day`` must record and the permit it rests on.

    Permitted if a permit valid that day covers the vehicle; otherwise 已过期/撤销 if one covered it before (the
    most recent), else 无准运证 (also for a vehicle not in the register)."""
    if vehicle is None:
        return CheckResult.NO_PERMIT, None
    permits = list(vehicle.permits.filter(valid_from__lte=day).order_by("-valid_until", "-pk"))
    for permit in permits:
        if permit.state_on(day) is PermitState.VALID:
            return CheckResult.PERMITTED, permit
    if permits:
        return CheckResult.EXPIRED, permits[0]
    return CheckResult.NO_PERMIT, None


@transaction.atomic
def check_record(
    *,
    actor: User,
    agency: Agency,
    checked_on: date,
    place: str,
    plate_number: str,
    officer: Officer,
    violation: str = "",
    result: str = "",
) -> WasteCheck:
    """登记路面检查. The result is computed from the permits on the day of the check; a result given by the caller
    (``result``) that contradicts them is refused, so "持有效准运证" is never recorded for an expired permit."""
    _ensure_role(actor, agency, CHECK_ROLES, action="登记渣土车辆检查")
    plate = normalize_plate_number(plate_number)
    place, violation = place.strip(), violation.strip()
    errors = []
    if not validate_plate_number(plate):
        errors.append(f"号牌号码「{plate_number.strip()}」格式不正确，应如 湘B12345")
    if not place:
        errors.append("请填写检查地点")
    if checked_on > clock.today():
        errors.append("检查日期不能晚于今天")
    if not officer.is_active or not scope_for(actor).sees(officer.agency):
        errors.append("检查人员不在您的管辖范围内或已不在岗")
    if result and result not in CheckResult.values:
        errors.append("检查结果无效")
    if result == CheckResult.VIOLATION and not violation:
        errors.append("登记为持证违规的，请写明违规情况")
    _raise(errors)
    vehicle = Vehicle.objects.filter(plate_number=plate).first()
    computed, permit = vehicle_permit_on(vehicle=vehicle, day=checked_on)
    if computed == CheckResult.PERMITTED and violation:
        computed = CheckResult.VIOLATION
    if result and result != computed:
        if permit is not None and computed == CheckResult.EXPIRED:
            why = f"准运证{permit.number}在{checked_on:%Y-%m-%d}{permit.state_label(checked_on)}"
        elif computed == CheckResult.NO_PERMIT:
            why = f"{checked_on:%Y-%m-%d}没有覆盖车辆{plate}的准运证"
        elif computed == CheckResult.VIOLATION:
            why = "已写明违规情况"
        else:
            why = f"车辆{plate}在{checked_on:%Y-%m-%d}持有效准运证{permit.number if permit else ''}且未写明违规情况"
        raise RuleViolation(
            f"检查结果不能登记为“{CheckResult(result).label}”：{why}，应为“{CheckResult(computed).label}”。"
        )
    check = WasteCheck(
        agency=agency,
        checked_on=checked_on,
        place=place,
        plate_number=plate,
        vehicle=vehicle,
        permit=permit,
        result=computed,
        violation=violation,
        officer=officer,
        created_by=actor,
    )
    _raise(length_errors(check))
    check.save()
    audit_record(
        actor=actor,
        entity=check,
        action="waste.check.record",
        summary=f"检查车辆{plate}：{check.get_result_display()}",
        after=snapshot(check),
    )
    return check


def _ensure_linkable(actor: User, check: WasteCheck, case: Case) -> None:
    errors = []
    if check.result == CheckResult.PERMITTED:
        errors.append(f"检查结果为“{check.get_result_display()}”，没有可立案的违法情形")
    if not scope_for(actor).sees(case.agency):
        errors.append("所选案件不在您的管辖范围内")
    if CheckCase.objects.filter(case=case).exists():
        errors.append("该案件已关联一条检查记录")
    if case.discovered_on < check.checked_on:
        errors.append(f"案件发现日期（{case.discovered_on:%Y-%m-%d}）早于检查日期，不是由本次检查发现的")
    _raise(errors)


@transaction.atomic
def check_case_link(*, actor: User, check: WasteCheck, case: Case) -> CheckCase:
    """关联 an existing case (案源 or 立案) to the check that found its facts."""
    _ensure_role(actor, check.agency, CHECK_ROLES, action="关联案件")
    _ensure_linkable(actor, check, case)
    link = CheckCase.objects.create(check_record=check, case=case, created_by=actor)
    audit_record(
        actor=actor,
        entity=link,
        action="waste.check.link_case",
        summary=f"检查{check}关联案件{case.lead_number}",
        after=snapshot(link),
    )
    return link


@transaction.atomic
def check_case_open(
    *,
    actor: User,
    check: WasteCheck,
    power_item_code: str,
    party_kind: str = "",
    party_name: str = "",
    party_id_number: str = "",
    facts: str = "",
    agency: Agency | None = None,
) -> CheckCase:
    """立案 from a check: 案源登记 (``cases.services.case_open``) with the check's date, place and facts, linked back.

    The party defaults to the vehicle's company (an organisation with its 统一社会信用代码)."""
    _ensure_role(actor, check.agency, CHECK_ROLES, action="立案")
    if check.result == CheckResult.PERMITTED:
        raise RuleViolation(f"检查结果为“{check.get_result_display()}”，没有可立案的违法情形。")
    company = check.vehicle.company if check.vehicle is not None else None
    if not party_name.strip() and company is not None:
        party_kind, party_name, party_id_number = PartyKind.ORGANIZATION, company.name, company.uscc
    default_facts = (
        f"{check.checked_on:%Y年%m月%d日}在{check.place}检查车辆{check.plate_number}：{check.get_result_display()}"
    )
    if check.violation:
        default_facts += f"，{check.violation}"
    case = case_open(
        actor=actor,
        agency=agency or check.agency,
        source=CaseSource.PATROL,
        power_item_code=power_item_code,
        party_kind=party_kind or PartyKind.ORGANIZATION,
        party_name=party_name,
        party_id_number=party_id_number,
        act_date=check.checked_on,
        discovered_on=check.checked_on,
        location=check.place,
        facts=facts.strip() or default_facts + "。",
    )
    return check_case_link(actor=actor, check=check, case=case)
