"""执法监督: alerts raised by the rule engine, the scan stamps that make it incremental, 案卷评查 and 督查.

An ``Alert`` is one finding of one rule on one record. While the condition holds the alert stays open (one open
alert per rule and record, enforced by a partial unique constraint on ``fingerprint``); when it clears the scan
sets ``resolved_at``. A later recurrence opens a new row, so the table is also the history of every lapse.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.models import TimeStampedModel


class Severity(models.TextChoices):
    INFO = "info", "提示"
    WARNING = "warning", "预警"
    SERIOUS = "serious", "严重"


class Alert(models.Model):
    rule_id = models.CharField("规则", max_length=48)
    severity = models.CharField("等级", max_length=8, choices=Severity.choices)
    article = models.CharField("依据", max_length=120)
    record_type = models.CharField("对象类型", max_length=64, help_text="app_label.model，如 cases.case")
    object_id = models.PositiveBigIntegerField("对象编号")
    record_label = models.CharField("对象", max_length=120, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="alerts", verbose_name="所属机构"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="alerts", verbose_name="案件"
    )
    explanation = models.TextField("说明")
    fingerprint = models.CharField(max_length=140, help_text="rule_id:record_type:object_id")
    first_raised_at = models.DateTimeField("首次发现")
    last_seen_at = models.DateTimeField("最近确认")
    resolved_at = models.DateTimeField("消除时间", null=True, blank=True)

    class Meta:
        verbose_name = "执法监督预警"
        verbose_name_plural = "执法监督预警"
        ordering = ["-first_raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"], condition=models.Q(resolved_at__isnull=True), name="alert_one_open_per_rule"
            )
        ]
        indexes = [
            models.Index(fields=["record_type", "object_id"]),
            models.Index(fields=["agency", "resolved_at"]),
            models.Index(fields=["rule_id", "resolved_at"]),
            # the board counts the open alerts by rule and by unit, and lists them newest first (issue 14)
            models.Index(
                fields=["agency", "rule_id", "severity"],
                condition=models.Q(resolved_at__isnull=True),
                name="alert_open_board",
            ),
            models.Index(
                fields=["-first_raised_at", "id"], condition=models.Q(resolved_at__isnull=True), name="alert_open_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.record_label}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ScanStamp(models.Model):
    """The due-date index: one row per evaluated record, with the first day on which the passing of time alone may
    change its findings (``recheck_on``; empty: only an edit can). ``stamp`` is the source's version (rules,
    settings, calendar, outside data) it was evaluated under.

    The incremental scan evaluates the records changed since its cursor (``ScanCursor``) and those whose
    ``recheck_on`` has come, found by the ``(record_type, recheck_on)`` index; nothing else is read.
    """

    record_type = models.CharField(max_length=64)
    object_id = models.PositiveBigIntegerField()
    stamp = models.CharField(max_length=40)
    recheck_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record_type", "object_id"], name="scan_stamp_unique"),
        ]
        indexes = [models.Index(fields=["record_type", "recheck_on"], name="scan_stamp_due")]

    def __str__(self) -> str:
        return f"{self.record_type}#{self.object_id}"


class ScanCursor(models.Model):
    """Where the scan of one source stands in the change queue: the audit ``gseq`` up to which every change to its
    records has been evaluated, and the source ``version`` of that evaluation.

    Every write goes through ``audit_record``, which takes ``gseq`` under a row lock held to commit, so ``gseq``
    order is commit order and the events after ``gseq`` name exactly the records changed since. A different
    ``version`` (a rule, a setting, the holiday calendar, a certificate…) evaluates every record of the source.
    """

    record_type = models.CharField(max_length=64, unique=True)
    version = models.CharField(max_length=40)
    gseq = models.PositiveBigIntegerField(default=0)
    records = models.PositiveBigIntegerField(default=0, help_text="rows of the due-date index (ScanStamp)")

    def __str__(self) -> str:
        return f"{self.record_type} @{self.gseq}"


class ScanRun(models.Model):
    """One run of ``fazhi supervise``: when, for which day, and what it changed (its audit event hangs here)."""

    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    today = models.DateField("检查日期")
    full = models.BooleanField("全量", default=False)
    scanned = models.PositiveIntegerField("检查对象数", default=0)
    skipped = models.PositiveIntegerField("未变化跳过数", default=0)
    raised = models.PositiveIntegerField("新增预警", default=0)
    updated = models.PositiveIntegerField("更新预警", default=0)
    resolved = models.PositiveIntegerField("消除预警", default=0)
    unchanged = models.PositiveIntegerField("未变化预警", default=0)

    def __str__(self) -> str:
        return f"执法监督扫描 {self.started_at:%Y-%m-%d %H:%M}"


# --- 案卷评查 ---------------------------------------------------------------------------------------------------


class ChecklistCategory(models.TextChoices):
    SUBJECT = "subject", "主体"
    FACTS = "facts", "事实"
    EVIDENCE = "evidence", "证据"
    PROCEDURE = "procedure", "程序"
    LAW = "law", "法律适用"
    DISCRETION = "discretion", "裁量"
    DOCUMENTS = "documents", "文书"
    ARCHIVING = "archiving", "归档"


class ReviewChecklist(TimeStampedModel):
    """案卷评查标准. ``agency`` empty: the default for every agency without its own."""

    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="适用机构"
    )
    name = models.CharField("名称", max_length=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "案卷评查标准"
        verbose_name_plural = "案卷评查标准"

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(ReviewChecklist, on_delete=models.CASCADE, related_name="items")
    category = models.CharField("类别", max_length=16, choices=ChecklistCategory.choices)
    text = models.CharField("评查内容", max_length=300)
    max_score = models.DecimalField("分值", max_digits=5, decimal_places=1)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.text}"


class FileReviewDraw(models.Model):
    """A random draw of closed cases for 案卷评查: anyone can redo it from the recorded seed and candidate list."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="被评查机构")
    period_start = models.DateField("结案日期自")
    period_end = models.DateField("结案日期至")
    share = models.DecimalField("抽取比例", max_digits=4, decimal_places=3)
    seed = models.CharField("随机种子", max_length=64)
    candidate_ids = models.JSONField("候选案件（按编号排序）", default=list)
    case_ids = models.JSONField("抽中案件", default=list)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField("抽取时间")

    class Meta:
        verbose_name = "案卷评查抽取"
        verbose_name_plural = "案卷评查抽取"

    def __str__(self) -> str:
        return f"{self.agency} {self.period_start}—{self.period_end} 抽取{len(self.case_ids)}件"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class FileReview(models.Model):
    """One reviewer's scores of one case file against a checklist (never a handler of the case)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="file_reviews")
    draw = models.ForeignKey(FileReviewDraw, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews")
    checklist = models.ForeignKey(ReviewChecklist, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField("各项得分", default=dict)
    total = models.DecimalField("总分", max_digits=6, decimal_places=1)
    max_total = models.DecimalField("满分", max_digits=6, decimal_places=1)
    grade = models.CharField("等次", max_length=12, choices=Grade.choices)
    exemplary = models.BooleanField("示范优案", default=False)
    poor = models.BooleanField("典型差案", default=False)
    comments = models.TextField("评查意见", blank=True)
    reviewed_on = models.DateField("评查日期")

    class Meta:
        verbose_name = "案卷评查"
        verbose_name_plural = "案卷评查"
        constraints = [
            models.UniqueConstraint(fields=["case", "reviewer"], name="file_review_one_per_reviewer"),
            models.CheckConstraint(condition=~models.Q(exemplary=True, poor=True), name="file_review_one_flag"),
        ]

    def __str__(self) -> str:
        return f"{self.case} 评查 {self.total}"


# --- 督查 -------------------------------------------------------------------------------------------------------


class UnitInspection(models.Model):
    """督查: a visit to a unit, what was found and what it must correct."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="被督查单位")
    inspected_on = models.DateField("督查日期")
    inspectors = models.CharField("督查人员", max_length=200)
    findings = models.TextField("发现问题")
    rectification = models.TextField("整改要求", blank=True)
    problems = models.PositiveSmallIntegerField("问题数", default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "督查"
        verbose_name_plural = "督查"
        ordering = ["-inspected_on", "pk"]

    def __str__(self) -> str:
        return f"{self.agency} 督查 {self.inspected_on}"


class AssignmentItem(models.Model):
    """One numbered line of a 督查's 交办单: what the unit must correct, by when, and how it was closed."""

    inspection = models.ForeignKey(UnitInspection, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField("序号")
    text = models.TextField("交办事项")
    deadline = models.DateField("整改期限")
    closed_on = models.DateField("销号日期", null=True, blank=True)
    closure_note = models.TextField("整改情况", blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "督查交办事项"
        verbose_name_plural = "督查交办事项"
        ordering = ["inspection_id", "number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="assignment_item_number")]

    def __str__(self) -> str:
        return f"{self.inspection} 第{self.number}项"

    def overdue_on(self, today: object) -> bool:
        """Open after its deadline day: the deadline day itself is still in time."""
        return self.closed_on is None and today > self.deadline  # type: ignore[operator]


# --- 预警处置 (alert dispositions) --------------------------------------------------------------------------------


class DispositionStatus(models.TextChoices):
    ASSIGNED = "assigned", "待整改"
    ANSWERED = "answered", "待核查"
    RETURNED = "returned", "已退回"
    CLOSED = "closed", "已办结"


#: The states in which the unit still owes an answer (an overdue one is a new alert and reaches the bulletin).
DISPOSITION_OWED = (DispositionStatus.ASSIGNED, DispositionStatus.RETURNED)


class AlertDisposition(models.Model):
    """The handling of one alert: assigned to a unit and a person with a deadline, answered, verified.

    The current state lives here; every change is also a ``DispositionStep`` row (one row per status change) and
    an audit event on this record's chain.
    """

    alert = models.OneToOneField(Alert, on_delete=models.PROTECT, related_name="disposition", verbose_name="预警")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="整改单位")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="整改责任人"
    )
    deadline = models.DateField("整改期限")
    status = models.CharField("状态", max_length=12, choices=DispositionStatus.choices)
    escalated = models.BooleanField("督办", default=False)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField("交办时间")
    answered_at = models.DateTimeField("最近答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "预警处置"
        verbose_name_plural = "预警处置"
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"预警处置 {self.alert}"

    def overdue_on(self, today: object) -> bool:
        """Owed after its deadline day: an answer on the deadline day is in time."""
        return self.status in DISPOSITION_OWED and today > self.deadline  # type: ignore[operator]


class DispositionAction(models.TextChoices):
    ASSIGN = "assign", "交办"
    ANSWER = "answer", "整改答复"
    RETURN = "return", "退回"
    CLOSE = "close", "核查办结"
    ESCALATE = "escalate", "督办"


class DispositionStep(models.Model):
    """One status change of a disposition (Healthchecks' flip): who, when, what, and the state it left."""

    disposition = models.ForeignKey(AlertDisposition, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("环节", max_length=12, choices=DispositionAction.choices)
    status_after = models.CharField("之后状态", max_length=12, choices=DispositionStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间")
    note = models.TextField("说明", blank=True)
    deadline = models.DateField("整改期限", null=True, blank=True)

    class Meta:
        verbose_name = "预警处置环节"
        verbose_name_plural = "预警处置环节"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.disposition_id} {self.get_action_display()}"


class DispositionAttachment(models.Model):
    """A file of an answer (整改材料), kept once in the blob store under its SHA-256."""

    step = models.ForeignKey(DispositionStep, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField("大小")

    class Meta:
        verbose_name = "整改材料"
        verbose_name_plural = "整改材料"

    def __str__(self) -> str:
        return self.name


# --- 通报 issued as numbered documents ---------------------------------------------------------------------------


class BulletinKind(models.TextChoices):
    MONTHLY = "monthly", "月度通报"
    QUARTERLY = "quarterly", "季度考核通报"
    INSPECTION = "inspection", "督查通报"


class IssuedBulletin(models.Model):
    """A 通报 as issued: its number (〔year〕第N期, gap-free per agency, kind and year), the figures frozen at issue
    and the .docx (in the blob store, by SHA-256). Later data never change an issued bulletin."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="发布机关")
    kind = models.CharField("类别", max_length=12, choices=BulletinKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveIntegerField("期号")
    title = models.CharField("标题", max_length=200)
    period_start = models.DateField("统计期间自")
    period_end = models.DateField("统计期间至")
    inspection = models.ForeignKey(
        UnitInspection, null=True, blank=True, on_delete=models.PROTECT, related_name="bulletins"
    )
    issued_at = models.DateTimeField("发布时间")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content = models.JSONField("通报内容（发布时冻结）")
    docx_sha256 = models.CharField(max_length=64)
    docx_size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "已发布通报"
        verbose_name_plural = "已发布通报"
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "year", "number"], name="issued_bulletin_number"),
            models.UniqueConstraint(
                fields=["agency", "kind", "period_start", "period_end"],
                condition=models.Q(inspection__isnull=True),
                name="issued_bulletin_one_per_period",
            ),
            models.UniqueConstraint(
                fields=["inspection"], condition=models.Q(inspection__isnull=False), name="issued_bulletin_inspection"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.number_label}"

    @property
    def number_label(self) -> str:
        return f"〔{self.year}〕第{self.number}期"
