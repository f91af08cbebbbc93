"""群众诉求 (12345 热线、数字城管、来信来访): 受理 → 交办 → 处置(反馈) → 核查 → 办结(考核).

``status`` changes only through ``fazhi.complaints.services``; each step writes an audit event. The receiving
body (``agency``) dispatches and verifies; the unit it was dispatched to (``assigned_to``) handles.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from fazhi.core.models import TimeStampedModel
from fazhi.rules import mask_name, mask_phone, unknown_years_between


class ComplaintSource(models.TextChoices):
    HOTLINE_12345 = "hotline_12345", "12345热线"
    DIGITAL_CITY = "digital_city", "数字城管"
    HOTLINE = "hotline", "热线"
    LETTER = "letter", "来信"
    ONLINE = "online", "网上"
    WALK_IN = "walk_in", "来访"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "已受理"
    DISPATCHED = "dispatched", "已交办"
    HANDLED = "handled", "已处置"
    VERIFIED = "verified", "已核查"
    CLOSED = "closed", "已办结"
    RETURNED = "returned", "退回"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"
    NONE = "none", "未评价"


class Complaint(TimeStampedModel):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="complaints", verbose_name="受理机构"
    )
    source = models.CharField("来源", max_length=20, choices=ComplaintSource.choices)
    number = models.CharField("工单编号", max_length=60)
    received_at = models.DateTimeField("受理时间")
    category = models.CharField("问题类别", max_length=60, blank=True)
    content = models.TextField("诉求内容")
    location = models.CharField("地点", max_length=300, blank=True)
    party_name = models.CharField("诉求人", max_length=100, blank=True)
    party_phone = models.CharField("联系电话", max_length=20, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED, editable=False
    )
    deadline = models.DateField("办理期限", editable=False)
    assigned_to = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_complaints",
        verbose_name="承办单位",
        editable=False,
    )
    dispatched_at = models.DateTimeField("交办时间", null=True, blank=True, editable=False)
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    dispatch_note = models.TextField("交办意见", blank=True, editable=False)
    handled_at = models.DateTimeField("处置时间", null=True, blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    handling_result = models.TextField("处置结果", blank=True, editable=False)
    feedback_at = models.DateTimeField("回复诉求人时间", null=True, blank=True, editable=False)
    feedback = models.TextField("回复内容", blank=True, editable=False)
    verified_at = models.DateTimeField("核查时间", null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    verification_note = models.TextField("核查意见", blank=True, editable=False)
    satisfaction = models.CharField(
        "满意度", max_length=16, choices=Satisfaction.choices, default=Satisfaction.NONE, editable=False
    )
    score = models.DecimalField("考核分", max_digits=5, decimal_places=1, null=True, blank=True, editable=False)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True, editable=False)
    returned_reason = models.TextField("退回理由", blank=True, editable=False)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name="转立案件（案源）",
        editable=False,
    )
    escalated = models.BooleanField("督办", default=False, editable=False)
    escalated_at = models.DateTimeField("督办时间", null=True, blank=True, editable=False)
    escalation_note = models.TextField("督办意见", blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "群众诉求"
        verbose_name_plural = "群众诉求"
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status", "deadline"]),
            models.Index(fields=["assigned_to", "status"]),
        ]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="complaint_number_unique")]

    @property
    def deadline_provisional(self) -> bool:
        """The deadline counted working days of a year whose holiday arrangement is not entered (shown 暂定)."""

        return bool(unknown_years_between(timezone.localdate(self.received_at), self.deadline))

    def __str__(self) -> str:
        return self.number

    @property
    def masked_party_name(self) -> str:
        return mask_name(self.party_name) if self.party_name else ""

    @property
    def masked_party_phone(self) -> str:
        return mask_phone(self.party_phone) if self.party_phone else ""
