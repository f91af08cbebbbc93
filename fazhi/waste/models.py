"""The records of 建筑垃圾（渣土）准运: transport companies, their vehicles, 准运证 and the checks on the road.

A vehicle is permitted on a day if a 准运证 valid that day (``fazhi.rules.transport.permit_state``) covers it. A
check's result is computed from the permits, never taken on trust; a case opened on an unpermitted vehicle links
back to the check through ``CheckCase`` (cases sits below this app and knows nothing of it).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from fazhi.core.models import TimeStampedModel
from fazhi.rules.transport import PermitState, permit_state


class TransportCompany(TimeStampedModel):
    """建筑垃圾运输企业, registered with the bureau that issues its permits."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="登记机构")
    name = models.CharField("企业名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18)
    address = models.CharField("住所", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "建筑垃圾运输企业"
        verbose_name_plural = "建筑垃圾运输企业"
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "uscc"], name="waste_company_uscc_unique")]

    def __str__(self) -> str:
        return self.name


class Vehicle(TimeStampedModel):
    """A transport vehicle (运输车辆) of a company; the plate is stored normalised and is unique."""

    company = models.ForeignKey(
        TransportCompany, on_delete=models.PROTECT, related_name="vehicles", verbose_name="所属企业"
    )
    plate_number = models.CharField("号牌号码", max_length=12, unique=True)
    note = models.CharField("车辆说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "运输车辆"
        verbose_name_plural = "运输车辆"
        ordering = ["plate_number"]

    def __str__(self) -> str:
        return self.plate_number


class TransportPermit(TimeStampedModel):
    """准运证 (建筑垃圾运输核准): which vehicles of a company may carry, on which route, to which site, until when."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="核发机构")
    number = models.CharField("准运证编号", max_length=60)
    company = models.ForeignKey(
        TransportCompany, on_delete=models.PROTECT, related_name="permits", verbose_name="运输企业"
    )
    vehicles = models.ManyToManyField(Vehicle, related_name="permits", verbose_name="准运车辆")
    route = models.CharField("运输路线", max_length=300)
    site = models.CharField("工地及消纳场所", max_length=300)
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期止")
    revoked_on = models.DateField("撤销日期", null=True, blank=True, editable=False)
    revoke_reason = models.TextField("撤销理由", blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "准运证"
        verbose_name_plural = "准运证"
        ordering = ["-valid_from", "-pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="waste_permit_number_unique")]

    def __str__(self) -> str:
        return self.number

    def state_on(self, day: date) -> PermitState:
        return permit_state(
            valid_from=self.valid_from, valid_until=self.valid_until, revoked_on=self.revoked_on, on=day
        )

    def state_label(self, day: date) -> str:
        return PERMIT_STATE_LABELS[self.state_on(day)]


PERMIT_STATE_LABELS = {
    PermitState.NOT_YET: "未生效",
    PermitState.VALID: "有效",
    PermitState.EXPIRED: "已过期",
    PermitState.REVOKED: "已撤销",
}


class CheckResult(models.TextChoices):
    PERMITTED = "permitted", "持有效准运证"
    NO_PERMIT = "no_permit", "无准运证"
    EXPIRED = "expired", "准运证已过期或撤销"
    VIOLATION = "violation", "持证但有违规（抛洒滴漏、未密闭、偏离路线等）"


class WasteCheck(TimeStampedModel):
    """A check of a vehicle on the road (路面检查). ``result`` is computed by the service from the permits."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="检查机构")
    checked_on = models.DateField("检查日期")
    place = models.CharField("检查地点", max_length=300)
    plate_number = models.CharField("号牌号码", max_length=12)
    vehicle = models.ForeignKey(
        Vehicle, null=True, blank=True, on_delete=models.PROTECT, related_name="checks", verbose_name="登记车辆"
    )
    permit = models.ForeignKey(
        TransportPermit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checks",
        verbose_name="所持（或最近失效的）准运证",
    )
    result = models.CharField("检查结果", max_length=16, choices=CheckResult.choices, editable=False)
    violation = models.TextField("违规情况", blank=True)
    officer = models.ForeignKey("agencies.Officer", on_delete=models.PROTECT, related_name="+", verbose_name="检查人员")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "渣土车辆检查"
        verbose_name_plural = "渣土车辆检查"
        ordering = ["-checked_on", "-pk"]
        indexes = [models.Index(fields=["agency", "checked_on"])]

    def __str__(self) -> str:
        return f"{self.checked_on:%Y-%m-%d} {self.plate_number}"

    @property
    def permitted(self) -> bool:
        return self.result == CheckResult.PERMITTED


class CheckCase(TimeStampedModel):
    """The case (or 案源) opened on what a check found; one case follows one check at most."""

    check_record = models.ForeignKey(
        WasteCheck, on_delete=models.PROTECT, related_name="case_links", verbose_name="检查记录"
    )
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="waste_check_link", verbose_name="案件"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "检查转立案件"
        verbose_name_plural = "检查转立案件"
