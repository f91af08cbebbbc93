"""群众诉求 (12345 热线、数字城管、来信来访): 受理 → 交办 → 处置(反馈) → 核查 → 办结(考核).

``status`` changes only through ``fazhi.complaints.services``; each step writes an audit event. The receiving
body (``agency``) dispatches and verifies; the unit it was dispatched to (``assigned_to``) handles.
"""

from __future__ import annotations

from datetime import datetime

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


class CategoryKind(models.TextChoices):
    """GB/T 30428.2 divides the problems of 数字化城市管理 into 部件 (objects: 井盖, 路灯 …) and 事件 (events)."""

    PART = "part", "部件"
    EVENT = "event", "事件"


class LimitUnit(models.TextChoices):
    WORKING_HOURS = "hours", "工作时"
    WORKING_DAYS = "days", "工作日"


class ComplaintCategory(TimeStampedModel):
    """The bureau's editable table of categories, by GB/T 30428 部件/事件 大类/小类 codes, each with its 处置时限.

    The shipped rows (migration 0002) are a starting set of common 城管 categories, to be checked against the
    standard text and the bureau's own 立案/处置/结案标准 and edited (services ``complaint_category_*``).
    """

    kind = models.CharField("部件/事件", max_length=8, choices=CategoryKind.choices)
    major_code = models.CharField("大类代码", max_length=2)
    major_name = models.CharField("大类名称", max_length=40)
    code = models.CharField("小类代码", max_length=4)
    name = models.CharField("小类名称", max_length=60)
    limit_value = models.PositiveSmallIntegerField("处置时限")
    limit_unit = models.CharField("时限单位", max_length=8, choices=LimitUnit.choices)
    default_unit = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="默认处置单位",
    )
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "问题类别（GB/T 30428）"
        verbose_name_plural = "问题类别（GB/T 30428）"
        ordering = ["kind", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="complaint_category_code_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.code} {self.name}"

    @property
    def limit_label(self) -> str:
        return f"{self.limit_value}个{self.get_limit_unit_display()}"


class Complaint(TimeStampedModel):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="complaints", verbose_name="受理机构"
    )
    source = models.CharField("来源", max_length=20, choices=ComplaintSource.choices)
    number = models.CharField("工单编号", max_length=60)
    received_at = models.DateTimeField("受理时间")
    category = models.CharField("问题类别", max_length=60, blank=True)
    category_item = models.ForeignKey(
        ComplaintCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name="问题类别（GB/T 30428）",
        editable=False,
    )
    content = models.TextField("诉求内容")
    location = models.CharField("地点", max_length=300, blank=True)
    party_name = models.CharField("诉求人", max_length=100, blank=True)
    party_phone = models.CharField("联系电话", max_length=20, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED, editable=False
    )
    deadline = models.DateField("办理期限", editable=False)
    due_at = models.DateTimeField("处置时限", null=True, blank=True, editable=False)
    rework_due_at = models.DateTimeField("返工处置时限", null=True, blank=True, editable=False)
    first_handled_at = models.DateTimeField("首次处置时间", null=True, blank=True, editable=False)
    rework_count = models.PositiveSmallIntegerField("返工次数", default=0, editable=False)
    extension_count = models.PositiveSmallIntegerField("延期次数", default=0, editable=False)
    extension_requested_until = models.DateTimeField("申请延期至", null=True, blank=True, editable=False)
    extension_reason = models.TextField("延期理由", blank=True, editable=False)
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
    callback_at = models.DateTimeField("回访时间", null=True, blank=True, editable=False)
    callback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    callback_result = models.TextField("回访结果", blank=True, editable=False)
    escalated = models.BooleanField("督办", default=False, editable=False)
    escalated_at = models.DateTimeField("督办时间", null=True, blank=True, editable=False)
    escalation_note = models.TextField("督办意见", blank=True, editable=False)
    # None for a complaint the public submitted itself (portal or Open311: ``PublicReceipt``).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

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
    def current_due_at(self) -> datetime | None:
        """The limit the unit works against now: the rework's while a 返工 is open, else the first handling's."""
        return self.rework_due_at or self.due_at

    @property
    def masked_party_name(self) -> str:
        return mask_name(self.party_name) if self.party_name else ""

    @property
    def masked_party_phone(self) -> str:
        return mask_phone(self.party_phone) if self.party_phone else ""


class StepKind(models.TextChoices):
    REGISTER = "register", "受理"
    DISPATCH = "dispatch", "派遣（交办）"
    RETURN = "return", "退回"
    HANDLE = "handle", "处置"
    REWORK = "rework", "返工"
    EXTENSION_REQUEST = "extension_request", "申请延期"
    EXTENSION_APPROVE = "extension_approve", "批准延期"
    EXTENSION_REFUSE = "extension_refuse", "不批准延期"
    ESCALATE = "escalate", "督办"
    VERIFY = "verify", "核查"
    CLOSE = "close", "结案"
    CALLBACK = "callback", "回访"
    CASE_OPEN = "case_open", "转案源"
    RATE = "rate", "诉求人评价"
    REOPEN = "reopen", "重办（诉求人不满意）"


class ComplaintStep(models.Model):
    """One step of the loop, as it happened (live, or imported from the earlier system: ``imported``).

    ``due_at`` is the limit in force after the step; ``late`` (on 处置 and 督办 rows) says whether the step came
    after the limit it was timed against, judged to the minute (``fazhi.rules.late_after``).
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField("环节", max_length=20, choices=StepKind.choices)
    at = models.DateTimeField("时间")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="办理人",
    )
    unit = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="单位"
    )
    note = models.TextField("说明", blank=True)
    due_at = models.DateTimeField("时限", null=True, blank=True)
    late = models.BooleanField("超时", null=True, blank=True)
    imported = models.BooleanField("导入", default=False)

    class Meta:
        verbose_name = "诉求办理环节"
        verbose_name_plural = "诉求办理环节"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["complaint", "at"])]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.get_kind_display()}"


class PublicChannel(models.TextChoices):
    PORTAL = "portal", "门户网站"
    OPEN311 = "open311", "Open311 对接系统"


class PublicReceipt(models.Model):
    """What the public side keeps of a complaint the public submitted (``fazhi.complaints.public``).

    The receipt code is given once to the complainant and only its SHA-256 is stored (``code_hash``), so the table
    does not hold a way in. ``token`` is the Open311 ``token`` of the request (random, not the code). The photo is a
    blob of the blob store (``fazhi.core.storage``), like evidence. ``rating`` is the complainant's own evaluation of
    the latest closing; ``reopen_count`` the 重办 the complainant asked (limited by ``fazhi.rules``).
    """

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="public_receipt")
    channel = models.CharField("渠道", max_length=12, choices=PublicChannel.choices)
    code_hash = models.CharField(max_length=64, unique=True)
    token = models.CharField("Open311 token", max_length=32, unique=True)
    submitted_at = models.DateTimeField("提交时间")
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    address_id = models.CharField("地址编号", max_length=100, blank=True)
    photo_sha256 = models.CharField("照片SHA-256", max_length=64, blank=True)
    photo_type = models.CharField("照片格式", max_length=8, blank=True)
    photo_size = models.PositiveBigIntegerField("照片大小", null=True, blank=True)
    media_url = models.CharField("照片链接", max_length=500, blank=True)
    contact_email = models.CharField("电子邮箱", max_length=254, blank=True)
    device_id = models.CharField("设备编号", max_length=100, blank=True)
    account_id = models.CharField("账号编号", max_length=100, blank=True)
    partner = models.ForeignKey(
        "accounts.PartnerKey",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="对接系统",
    )
    rating = models.CharField("诉求人评价", max_length=16, choices=Satisfaction.choices, default=Satisfaction.NONE)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)

    class Meta:
        verbose_name = "公众诉求回执"
        verbose_name_plural = "公众诉求回执"
        indexes = [models.Index(fields=["channel", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.get_channel_display()}"
