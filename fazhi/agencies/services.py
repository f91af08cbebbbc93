"""Writes of agencies, officers and certificates. Each takes the actor and records its audit event."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from fazhi.accounts.models import Role
from fazhi.agencies.models import (
    LEGAL_SUBJECT_KINDS,
    Agency,
    AgencyKind,
    Certificate,
    CertificateStatus,
    Officer,
)
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import officer_certificate_problem
from fazhi.core.audit import audit_record, snapshot
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.validation import ensure_fits, length_errors, name_errors
from fazhi.rules import validate_phone, validate_resident_id, validate_uscc

if TYPE_CHECKING:
    from fazhi.accounts.models import User

_REGION_CODE = re.compile(r"^\d{6}$")

# Which kinds may sit under which: the tree a bureau actually has.
_ALLOWED_PARENTS: dict[str, set[str | None]] = {
    AgencyKind.BUREAU: {None, AgencyKind.BUREAU},
    AgencyKind.BRIGADE: {AgencyKind.BUREAU},
    AgencyKind.SQUAD: {AgencyKind.BUREAU, AgencyKind.BRIGADE},
    AgencyKind.TOWNSHIP: {AgencyKind.BUREAU},  # it acts on powers a bureau delegated to it
    AgencyKind.JUSTICE_BUREAU: {None},
}


def _ensure_admin(actor: User) -> None:
    if not (actor.is_superuser or actor.has_role(Role.SYSTEM_ADMIN)):
        raise PermissionDenied("只有系统管理员可以维护机构设置。")


def _validate_agency_fields(*, kind: str, name: str, code: str, region_code: str, uscc: str) -> None:
    errors = []
    if kind not in AgencyKind.values:
        errors.append(f"机构类别「{kind}」无效")
    if not name.strip():
        errors.append("机构全称不能为空")
    if not code.strip():
        errors.append("案号代字不能为空")
    if not _REGION_CODE.match(region_code):
        errors.append(f"行政区划代码「{region_code}」应为六位数字（GB/T 2260）")
    if uscc:
        if not validate_uscc(uscc):
            errors.append(f"统一社会信用代码「{uscc}」无效：格式或校验位不符合 GB 32100-2015，请核对后重新输入")
    elif kind in LEGAL_SUBJECT_KINDS:
        errors.append("执法主体（局、乡镇街道、司法局）必须填写统一社会信用代码")
    if errors:
        raise ValidationError("；".join(errors) + "。")


@transaction.atomic
def agency_create(
    *,
    actor: User,
    kind: str,
    name: str,
    code: str,
    region_code: str,
    uscc: str = "",
    short_name: str = "",
    parent: Agency | None = None,
) -> Agency:
    _ensure_admin(actor)
    uscc = uscc.strip().upper()
    _validate_agency_fields(kind=kind, name=name, code=code, region_code=region_code, uscc=uscc)
    parent_kind = parent.kind if parent else None
    if parent_kind not in _ALLOWED_PARENTS[kind]:
        where = f"「{parent.name}」（{parent.get_kind_display()}）" if parent else "顶层"
        raise ValidationError(f"{AgencyKind(kind).label}不能设在{where}之下。")
    if Agency.objects.filter(code=code).exists():
        raise ValidationError(f"案号代字「{code}」已被其他机构使用，请换一个。")
    agency = Agency(
        kind=kind,
        name=name.strip(),
        short_name=short_name.strip(),
        code=code.strip(),
        region_code=region_code,
        uscc=uscc,
        parent=parent,
    )
    ensure_fits(agency)
    try:
        agency.save()
    except IntegrityError as exc:  # a concurrent insert of the same code
        raise ValidationError(f"案号代字「{code}」已被其他机构使用，请换一个。") from exc
    agency.path = f"{parent.path if parent else '/'}{agency.pk}/"
    agency.save(update_fields=["path"])
    audit_record(
        actor=actor, entity=agency, action="agency.create", summary=f"新建机构 {agency.name}", after=snapshot(agency)
    )
    return agency


@transaction.atomic
def agency_update(
    *,
    actor: User,
    agency: Agency,
    name: str | None = None,
    short_name: str | None = None,
    region_code: str | None = None,
    uscc: str | None = None,
    is_active: bool | None = None,
) -> Agency:
    _ensure_admin(actor)
    agency = Agency.objects.select_for_update(of=("self",)).get(pk=agency.pk)
    before = snapshot(agency)
    if name is not None:
        agency.name = name.strip()
    if short_name is not None:
        agency.short_name = short_name.strip()
    if region_code is not None:
        agency.region_code = region_code
    if uscc is not None:
        agency.uscc = uscc.strip().upper()
    if is_active is not None:
        agency.is_active = is_active
    _validate_agency_fields(
        kind=agency.kind, name=agency.name, code=agency.code, region_code=agency.region_code, uscc=agency.uscc
    )
    ensure_fits(agency)
    agency.save()
    audit_record(actor=actor, entity=agency, action="agency.update", before=before, after=snapshot(agency))
    return agency


def _ensure_manages(actor: User, agency: Agency) -> None:
    scope_for(actor).ensure_can_write(agency)
    if not (actor.is_superuser or actor.has_role(Role.SYSTEM_ADMIN, Role.CLERK, Role.HEAD)):
        raise PermissionDenied("只有系统管理员、内勤或负责人可以维护执法人员信息。")


def _validate_person(*, name: str, resident_id: str, phone: str) -> list[str]:
    errors = []
    if not name.strip():
        errors.append("姓名不能为空")
    if (bad_name := name_errors(name, "姓名")) is not None:
        errors.append(bad_name)
    if resident_id and not validate_resident_id(resident_id):
        errors.append("身份证号无效：出生日期或校验位不符合 GB 11643-1999，请核对")
    if phone and not validate_phone(phone):
        errors.append("联系电话格式不正确")
    return errors


@transaction.atomic
def officer_create(
    *,
    actor: User,
    agency: Agency,
    name: str,
    resident_id: str = "",
    phone: str = "",
    gender: str = "",
    has_legal_qualification: bool = False,
) -> Officer:
    _ensure_manages(actor, agency)
    resident_id = resident_id.strip().upper()
    errors = _validate_person(name=name, resident_id=resident_id, phone=phone)
    if agency.kind == AgencyKind.JUSTICE_BUREAU:
        errors.append("司法局（执法监督机构）不办理案件，不能在其下登记执法人员")
    officer = Officer(
        agency=agency,
        name=name.strip(),
        resident_id=resident_id,
        phone=phone,
        gender=gender,
        has_legal_qualification=has_legal_qualification,
    )
    errors += length_errors(officer)
    if errors:
        raise ValidationError("；".join(errors) + "。")
    officer.save()
    audit_record(
        actor=actor,
        entity=officer,
        action="officer.create",
        summary=f"登记执法人员 {officer.masked_name}",
        after=snapshot(officer, ["agency_id", "name", "has_legal_qualification"]),
    )
    return officer


@transaction.atomic
def certificate_issue(
    *, actor: User, officer: Officer, number: str, issuer: str, valid_from: date, valid_until: date
) -> Certificate:
    _ensure_manages(actor, officer.agency)
    number = number.strip()
    errors = []
    if not officer.is_active:
        errors.append(f"执法人员{officer.name}已不在岗，不能登记执法证")
    if not number:
        errors.append("证件编号不能为空")
    if not issuer.strip():
        errors.append("发证机关不能为空")
    if valid_until < valid_from:
        errors.append("有效期至不能早于有效期自")
    if number and Certificate.objects.filter(number=number).exists():
        errors.append(f"证件编号「{number}」已登记")
    certificate = Certificate(
        officer=officer, number=number, issuer=issuer.strip(), valid_from=valid_from, valid_until=valid_until
    )
    errors += length_errors(certificate)
    if errors:
        raise ValidationError("；".join(errors) + "。")
    certificate.save()
    audit_record(
        actor=actor,
        entity=officer,
        action="certificate.issue",
        summary=f"登记执法证 {number}",
        after=snapshot(certificate),
    )
    return certificate


@transaction.atomic
def certificate_change_status(
    *, actor: User, certificate: Certificate, status: str, on: date, reason: str
) -> Certificate:
    _ensure_manages(actor, certificate.officer.agency)
    if status not in CertificateStatus.values:
        raise ValidationError(f"执法证状态「{status}」无效。")
    if not reason.strip() or len(reason.strip()) > 200:
        raise ValidationError("变更执法证状态必须写明原因（不超过200个字）。")
    certificate = Certificate.objects.select_for_update(of=("self",)).get(pk=certificate.pk)
    allowed = _CERTIFICATE_TRANSITIONS[certificate.status]
    if status not in allowed:
        raise RuleViolation(
            f"执法证（{certificate.number}）当前为「{certificate.get_status_display()}」，"
            f"不能变更为「{CertificateStatus(status).label}」"
            + ("：吊销/注销的执法证不能恢复，请登记新证。" if certificate.status == CertificateStatus.REVOKED else "。")
        )
    if on < certificate.valid_from:
        raise ValidationError(f"变更日期不能早于执法证生效日期{certificate.valid_from:%Y年%m月%d日}。")
    before = snapshot(certificate)
    certificate.status = status
    certificate.status_changed_on = on
    certificate.status_reason = reason.strip()
    certificate.save()
    audit_record(
        actor=actor,
        entity=certificate.officer,
        action="certificate.status",
        summary=f"执法证 {certificate.number} 状态变更为{certificate.get_status_display()}",
        before=before,
        after=snapshot(certificate),
    )
    return certificate


# 暂扣 can be lifted or turned into 吊销; 吊销/注销 is final (a new certificate is issued instead).
_CERTIFICATE_TRANSITIONS: dict[str, frozenset[str]] = {
    CertificateStatus.VALID: frozenset({CertificateStatus.SUSPENDED, CertificateStatus.REVOKED}),
    CertificateStatus.SUSPENDED: frozenset({CertificateStatus.VALID, CertificateStatus.REVOKED}),
    CertificateStatus.REVOKED: frozenset(),
}


def officers_ensure_can_act(*, officers: Iterable[Officer], on: date, what: str = "承办或参与案件") -> None:
    """Refuse if any officer lacks a certificate valid on ``on``.

    行政处罚法 第四十二条：行政处罚应当由具有行政执法资格的执法人员实施。
    """
    problems = [p for o in officers if (p := officer_certificate_problem(officer=o, on=on))]
    if problems:
        raise RuleViolation(
            "；".join(problems)
            + f"，不能{what}（行政处罚法第四十二条：行政处罚应当由具有行政执法资格的执法人员实施）。"
            "请先更新执法证信息或改派持有效执法证的人员。"
        )
