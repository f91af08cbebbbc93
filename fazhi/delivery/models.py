"""电子送达 through a provider: each ``Delivery`` is one message to the party's consented address and its receipt.

The provider's delivery receipt is the proof of service (民事诉讼法 第九十条: 到达受送达人特定系统的日期为送达日期):
when it arrives, the case's service is recorded through the cases services with method 电子送达, the consent and the
receipt; a failed delivery records no service.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.rules import mask_address


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "发送中"
    SENT = "sent", "已发送，待回执"
    DELIVERED = "delivered", "已送达"
    FAILED = "failed", "送达失败"


class DeliveryDocument(models.TextChoices):
    """What can be served electronically: the document whose service the cases services record."""

    DECISION = "decision", "行政处罚决定书"


class Delivery(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deliveries")
    document = models.CharField("送达文书", max_length=16, choices=DeliveryDocument.choices)
    document_file = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="所送文书"
    )
    document_sha256 = models.CharField("所送文件 SHA-256", max_length=64, blank=True)
    consent = models.ForeignKey(
        "cases.ServiceConsent", on_delete=models.PROTECT, related_name="deliveries", verbose_name="电子送达确认书"
    )
    channel = models.CharField("电子送达方式", max_length=8)
    provider = models.CharField("送达通道", max_length=32)
    address = models.CharField("电子送达地址", max_length=200)
    subject = models.CharField("标题", max_length=200)
    message_id = models.CharField("消息编号", max_length=200, blank=True, db_index=True)
    status = models.CharField("状态", max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    error = models.CharField("失败原因", max_length=500, blank=True)
    receipt = models.JSONField("送达回执", default=dict, blank=True)
    late_reason = models.CharField("逾期送达说明", max_length=500, blank=True)
    service = models.ForeignKey(
        "cases.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="送达记录"
    )
    service_error = models.CharField("未能登记送达的原因", max_length=500, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间")
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)

    class Meta:
        verbose_name = "电子送达"
        verbose_name_plural = "电子送达"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "message_id"], condition=~models.Q(message_id=""), name="delivery_message_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_document_display()} → {self.address_masked}（{self.get_status_display()}）"

    @property
    def address_masked(self) -> str:
        return mask_address(self.address)
