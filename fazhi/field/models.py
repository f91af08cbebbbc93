"""What an officer's device sent: one row per (officer, client id), so a resent item is accepted once."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SubmissionKind(models.TextChoices):
    SIMPLE_TICKET = "simple_ticket", "当场处罚决定"
    FIELD_RECORD = "field_record", "现场笔录/询问笔录"
    EVIDENCE = "evidence", "现场取证"


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "处理中"
    ACCEPTED = "accepted", "已接收"
    REFUSED = "refused", "被退回"


class FieldSubmission(models.Model):
    """An item the field client queued on the device and sent. ``client_id`` is the device's
    ``crypto.randomUUID()``; an accepted one answers every resend with the same ``response``. A refused one keeps
    the last Chinese reason; the officer corrects the item and resends it under the same client id."""

    officer = models.ForeignKey(
        "agencies.Officer", on_delete=models.PROTECT, related_name="field_submissions", verbose_name="执法人员"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    client_id = models.CharField("客户端标识", max_length=36)
    kind = models.CharField("类别", max_length=16, choices=SubmissionKind.choices)
    device_id = models.CharField("设备标识", max_length=64, blank=True)
    status = models.CharField("状态", max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING)
    response = models.JSONField("答复", default=dict, blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="案件"
    )
    attempts = models.PositiveIntegerField("提交次数", default=0)
    created_at = models.DateTimeField("首次提交", auto_now_add=True)
    updated_at = models.DateTimeField("最近提交", auto_now=True)

    class Meta:
        verbose_name = "现场提交"
        verbose_name_plural = "现场提交"
        ordering = ["-created_at", "-pk"]
        constraints = (models.UniqueConstraint(fields=["officer", "client_id"], name="field_submission_client_unique"),)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.client_id} {self.get_status_display()}"
