"""The outbox that feeds other platforms, and the records of what partner systems handed in.

A ``Subscriber`` is another platform's receiver (the provincial 执法监督平台, the credit platform, a 12345 system);
an ``OutboxMessage`` is one audit event it wants, written in the changing transaction and delivered in global
sequence order (docs/exchange.md). An ``InboundRecord`` makes a partner's hand-over idempotent on its own id.
"""

from __future__ import annotations

from django.db import models


class Subscriber(models.Model):
    """A receiving platform: where to POST, the HMAC secret, and which events of which agencies it wants."""

    name = models.CharField("订阅系统", max_length=100)
    agency = models.CharField("接收单位", max_length=100)
    endpoint = models.URLField("接收地址", max_length=500)
    secret = models.CharField("签名密钥", max_length=100)
    #: patterns of audit actions or entity types: ``publicity.*``, ``case.*``, ``complaint.register``
    events = models.JSONField("事件类型", default=list)
    #: agency codes; empty: every agency (an agency takes in its subordinates)
    agencies = models.JSONField("机构范围", default=list, blank=True)
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    #: set while one delivery pass posts this subscriber's oldest message: no two passes post for one subscriber
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "订阅系统"
        verbose_name_plural = "订阅系统"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class MessageStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    DELIVERED = "delivered", "已送达"
    DEAD = "dead", "死信"


class OutboxMessage(models.Model):
    """One event for one subscriber. Its idempotency key ``<subscriber>-<gseq>`` never changes, so a message sent
    again (a worker killed between the POST and the mark, a replay) is recognised by the receiver."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.PROTECT, related_name="messages")
    gseq = models.PositiveBigIntegerField("全局序号")
    action = models.CharField("事件", max_length=64)
    payload = models.JSONField("内容")
    status = models.CharField("状态", max_length=16, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=500, blank=True)
    last_status = models.PositiveIntegerField("最近响应码", null=True, blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)
    created_at = models.DateTimeField("写入时间")
    replays = models.PositiveIntegerField("重放次数", default=0)

    class Meta:
        verbose_name = "外发消息"
        verbose_name_plural = "外发消息"
        ordering = ["subscriber_id", "gseq"]
        constraints = [models.UniqueConstraint(fields=["subscriber", "gseq"], name="exchange_message_once")]
        indexes = [models.Index(fields=["subscriber", "status", "gseq"])]

    def __str__(self) -> str:
        return self.idempotency_key

    @property
    def idempotency_key(self) -> str:
        return f"{self.subscriber_id}-{self.gseq}"


class InboundKind(models.TextChoices):
    WORKORDER = "workorder", "12345/数字城管工单"
    CAMERA = "camera", "非现场执法线索"


class InboundRecord(models.Model):
    """What a partner system handed in, by its own id: the same id again answers the same record. Unique per
    receiving agency, not per key, so that a key replaced after a leak still finds the orders of the old one."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey("accounts.PartnerKey", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=16, choices=InboundKind.choices)
    external_id = models.CharField("对方编号", max_length=100)
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    detail = models.JSONField("内容", default=dict)
    received_at = models.DateTimeField("接收时间")

    class Meta:
        verbose_name = "对接接收记录"
        verbose_name_plural = "对接接收记录"
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "external_id"], name="exchange_inbound_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.external_id}"


class CameraFile(models.Model):
    """A photo or video a 非现场执法 system pushed with a lead: hashed (SHA-256) on arrival and stored once under
    its hash in the evidence blob store. It becomes an ``Evidence`` of the case once an officer has reviewed the
    record (行政处罚法 第四十一条: a record not reviewed may not serve as evidence of a penalty)."""

    record = models.ForeignKey(InboundRecord, on_delete=models.PROTECT, related_name="files")
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小")
    file_type = models.CharField("格式", max_length=16)
    content_type = models.CharField("MIME", max_length=100)
    original_filename = models.CharField("原文件名", max_length=255)
    received_at = models.DateTimeField("接收时间")

    class Meta:
        verbose_name = "非现场执法文件"
        verbose_name_plural = "非现场执法文件"
        ordering = ["record_id", "pk"]

    def __str__(self) -> str:
        return f"{self.original_filename} ({self.sha256[:12]}…)"
