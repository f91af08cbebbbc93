"""Publications (行政执法公示/双公示) and credit repairs (信用修复).

A ``Publication`` is created with its decision and carries a frozen public snapshot: exactly what the public page
and the credit-platform export show, with personal data masked once, at creation. Its ``status`` changes only
through ``fazhi.publicity.services``; each change writes an audit event on the publication's chain.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from fazhi.core.models import TimeStampedModel


class PublicationKind(models.TextChoices):
    """What is published (GLOSSARY: 行政执法公示). Only decisions are implemented; the others are reserved."""

    DECISION = "decision", "行政处罚决定"
    POWER_ITEM = "power_item", "执法事项（权责清单）"
    OFFICER = "officer", "执法人员"
    INSPECTION_RESULT = "inspection_result", "抽查检查结果"


class PublicationStatus(models.TextChoices):
    PENDING = "pending", "待公示"
    PUBLISHED = "published", "公示中"
    WITHDRAWN = "withdrawn", "已撤回"
    EXPIRED = "expired", "公示期满"
    REPAIRED = "repaired", "信用修复，提前停止公示"


class Publication(TimeStampedModel):
    kind = models.CharField("公示类别", max_length=24, choices=PublicationKind.choices)
    status = models.CharField(
        "状态", max_length=16, choices=PublicationStatus.choices, default=PublicationStatus.PENDING, editable=False
    )
    decision = models.ForeignKey(
        "cases.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name="处罚决定",
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="publications", verbose_name="执法主体（处罚机关）"
    )
    # Denormalised from the snapshot for search, ordering and statistics.
    number = models.CharField("决定书文号", max_length=60, blank=True)
    public_name = models.CharField("行政相对人名称（公示）", max_length=200, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    due_on = models.DateField("应公示日期", help_text="决定之日起按设置的工作日数（默认7个工作日）")
    published_on = models.DateField("公示日期", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period_months = models.PositiveSmallIntegerField("公示期（月）", default=0)
    period_reason = models.CharField("公示期依据", max_length=200, blank=True)
    publish_until = models.DateField("公示截止日期", null=True, blank=True)
    changed_on = models.DateField("决定被变更、撤销之日", null=True, blank=True)
    withdrawal_due = models.DateField("应撤回日期", null=True, blank=True, help_text="变更、撤销之日起3个工作日")
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawal_reason = models.CharField("撤回理由", max_length=500, blank=True)
    ended_on = models.DateField("停止公示日期", null=True, blank=True)
    snapshot = models.JSONField("公示内容", default=dict, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "行政执法公示"
        verbose_name_plural = "行政执法公示"
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"]),
            models.Index(fields=["status", "publish_until"]),
        ]
        constraints = [
            # One live publication per decision; a withdrawn one may be followed by the changed decision's.
            models.UniqueConstraint(
                fields=["decision"],
                condition=~models.Q(status="withdrawn"),
                name="publication_one_live_per_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or self.pk}"

    @property
    def is_published_late(self) -> bool:
        return self.published_on is not None and self.published_on > self.due_on

    def is_overdue(self, today: date) -> bool:
        return self.status == PublicationStatus.PENDING and today > self.due_on

    @property
    def is_withdrawn_late(self) -> bool:
        if self.withdrawn_on is None or self.withdrawal_due is None:
            return False
        return self.withdrawn_on > self.withdrawal_due


class CreditRepairStatus(models.TextChoices):
    APPLIED = "applied", "已申请"
    APPROVED = "approved", "已同意，停止公示"
    REFUSED = "refused", "不予同意"


class CreditRepair(TimeStampedModel):
    """信用修复: the party asks to end a publication early; the head or clerk of the legal subject decides.

    A request the rules forbid (停产停业、吊销等, or before the minimum period) is refused before it is saved.
    """

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="credit_repairs")
    status = models.CharField(
        "状态", max_length=16, choices=CreditRepairStatus.choices, default=CreditRepairStatus.APPLIED, editable=False
    )
    applicant = models.CharField("申请人", max_length=200)
    applied_on = models.DateField("申请日期")
    grounds = models.TextField("申请理由（已履行义务、已消除不良影响等）")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    refusal_reason = models.CharField("不予同意理由", max_length=500, blank=True)
    ended_on = models.DateField("停止公示日期", null=True, blank=True)

    class Meta:
        verbose_name = "信用修复"
        verbose_name_plural = "信用修复"
        ordering = ["-applied_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.publication} 信用修复 {self.applied_on}"
