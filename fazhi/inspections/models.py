"""双随机、一公开 (RandomInspection) and 综合查一次 (joint inspection).

A ``Draw`` is committed before it happens: it publishes the SHA-256 of a secret seed and the canonical snapshot of
both registers (targets with their risk and credit, inspectors with their certificates' validity, the 回避 pairs)
with its SHA-256. Drawing reveals the seed; anyone re-runs ``fazhi.rules.draw_assign(seed, snapshot)`` and gets
the same assignment (``fazhi inspections verify-draw``, docs/inspections.md). One draw per plan: a second one
supersedes the first with a recorded reason, and both stay published. An ``InspectionTask`` is one visit to one
``InspectionTarget`` by at least two certified officers (行政处罚法 第四十二条), drawn or not.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.models import TimeStampedModel


class RiskLevel(models.TextChoices):
    """风险等级; the codes are the keys of ``fazhi.rules.RISK_WEIGHTS``."""

    HIGH = "high", "高风险"
    MEDIUM = "medium", "一般风险"
    LOW = "low", "低风险"


class CreditGrade(models.TextChoices):
    """信用等级 (A best); the codes are the keys of ``fazhi.rules.CREDIT_WEIGHTS``."""

    A = "A", "A（守信）"
    B = "B", "B（一般）"
    C = "C", "C（失信风险）"
    D = "D", "D（严重失信）"


class InspectionTarget(TimeStampedModel):
    """检查对象: the registered entities a random inspection draws from (检查对象名录库)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="inspection_targets", verbose_name="监管机构"
    )
    name = models.CharField("名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    address = models.CharField("地址", max_length=300, blank=True)
    category = models.CharField("类别", max_length=60, blank=True, help_text="如：餐饮、建筑工地、户外广告")
    risk_level = models.CharField("风险等级", max_length=8, choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    credit_grade = models.CharField("信用等级", max_length=1, choices=CreditGrade.choices, default=CreditGrade.B)
    is_active = models.BooleanField("在库", default=True)

    class Meta:
        verbose_name = "检查对象"
        verbose_name_plural = "检查对象"
        ordering = ["agency__path", "name", "pk"]
        indexes = [models.Index(fields=["agency", "category", "is_active"])]

    def __str__(self) -> str:
        return self.name


class InspectionPlan(TimeStampedModel):
    """抽查计划 (抽查事项清单 + 比例)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="inspection_plans", verbose_name="机构"
    )
    title = models.CharField("计划名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    category = models.CharField("抽查对象类别", max_length=60, blank=True, help_text="留空：名录库内全部对象")
    sample_share = models.DecimalField("抽查比例（%）", max_digits=5, decimal_places=2)
    officers_per_task = models.PositiveSmallIntegerField("每户检查人员数", default=2)
    items = models.TextField("抽查事项", blank=True)
    inspection_date = models.DateField("计划检查日期", null=True, blank=True, help_text="执法证须在该日有效")
    scene = models.CharField("检查场景", max_length=100, blank=True, help_text="综合查一次：如“餐饮店开业一件事”")
    joint_agencies = models.CharField(
        "联合检查部门", max_length=300, blank=True, help_text="综合查一次：一次上门，多部门"
    )
    allow_repeat = models.BooleanField(
        "允许重复抽取", default=False, help_text="勾选后，近期已被其他计划抽中的对象仍可被本计划抽取"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return f"{self.year}年{self.title}"


class PlanItem(TimeStampedModel):
    """检查事项清单: one item of a plan's checklist (one checklist for all departments of a 综合查一次)."""

    plan = models.ForeignKey(
        InspectionPlan, on_delete=models.PROTECT, related_name="checklist", verbose_name="抽查计划"
    )
    number = models.PositiveSmallIntegerField("序号")
    title = models.CharField("检查事项", max_length=200)
    basis = models.CharField("检查依据", max_length=300, blank=True)
    department = models.CharField("负责部门", max_length=100, blank=True)

    class Meta:
        verbose_name = "检查事项"
        verbose_name_plural = "检查事项清单"
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_item_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class TargetRelation(TimeStampedModel):
    """回避关系: an officer related to a target (亲属、利害关系) is never drawn to it (行政处罚法 第四十三条)."""

    officer = models.ForeignKey(
        "agencies.Officer", on_delete=models.PROTECT, related_name="target_relations", verbose_name="执法人员"
    )
    target = models.ForeignKey(
        InspectionTarget, on_delete=models.PROTECT, related_name="relations", verbose_name="检查对象"
    )
    reason = models.CharField("回避事由", max_length=200)
    is_active = models.BooleanField("有效", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "回避关系"
        verbose_name_plural = "回避关系"
        ordering = ["target", "officer", "pk"]

    def __str__(self) -> str:
        return f"{self.officer} 回避 {self.target}"


class TargetExemption(TimeStampedModel):
    """白名单: a target exempt from routine random checks for a limited period (limits in ``fazhi.rules``)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机构")
    target = models.ForeignKey(
        InspectionTarget, on_delete=models.PROTECT, related_name="exemptions", verbose_name="检查对象"
    )
    valid_from = models.DateField("有效期自")
    valid_until = models.DateField("有效期至")
    reason = models.CharField("列入理由", max_length=300)
    revoked_on = models.DateField("移出日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "白名单"
        verbose_name_plural = "白名单"
        ordering = ["-valid_until", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="exemption_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target} 白名单至{self.valid_until}"


class DrawStatus(models.TextChoices):
    COMMITTED = "committed", "已承诺（待抽取）"
    DRAWN = "drawn", "已抽取"
    SUPERSEDED = "superseded", "已作废（重新抽取）"


class Draw(TimeStampedModel):
    """One draw (摇号) of a plan: committed first (seed hash + register snapshot), then drawn (seed revealed)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机构")
    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="draws", verbose_name="抽查计划")
    status = models.CharField(
        "状态", max_length=12, choices=DrawStatus.choices, default=DrawStatus.COMMITTED, editable=False
    )
    # Blank on the draws made before commitments existed (``random.Random``): verify-draw reports them as such.
    algorithm_version = models.CharField("算法版本", max_length=32, blank=True)
    seed_hash = models.CharField("随机种子SHA-256", max_length=64, blank=True)
    # Secret until the draw: never shown nor exported before ``seed`` (its revealed copy) is set.
    seed_secret = models.CharField("随机种子（未公开）", max_length=64, blank=True, editable=False)
    seed = models.CharField("随机种子（已公开）", max_length=64, blank=True)
    snapshot = models.JSONField("名录快照", default=dict)
    snapshot_hash = models.CharField("名录快照SHA-256", max_length=64, blank=True)
    committed_at = models.DateTimeField("承诺时间", null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField("作废时间", null=True, blank=True)
    superseded_reason = models.CharField("重新抽取理由", max_length=300, blank=True)
    # The ids the draw ran over, as they were at the commitment (also inside the snapshot): the pools change later.
    candidate_target_ids = models.JSONField("候选检查对象", default=list)
    candidate_officer_ids = models.JSONField("候选执法人员", default=list)
    target_count = models.PositiveIntegerField("抽取对象数")
    officers_per_task = models.PositiveSmallIntegerField("每户检查人员数")
    targets = models.ManyToManyField(InspectionTarget, related_name="draws", verbose_name="抽中对象")
    officers = models.ManyToManyField("agencies.Officer", related_name="draws", verbose_name="抽中人员")
    order = models.JSONField("抽中顺序", default=list)
    assignment = models.JSONField("对象与人员匹配", default=dict, help_text="{对象id: [人员id, …]}")

    class Meta:
        verbose_name = "随机抽取"
        verbose_name_plural = "随机抽取"
        ordering = ["-committed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} 抽取（{self.get_status_display()}）"


class InspectionResult(models.TextChoices):
    PENDING = "pending", "待检查"
    COMPLIANT = "compliant", "未发现问题"
    NONCOMPLIANT = "noncompliant", "发现问题"
    NOT_FOUND = "not_found", "未找到检查对象"
    CORRECTED = "corrected", "发现问题已责令整改"


class InspectionTask(TimeStampedModel):
    """One inspection of one target. Drawn (``is_random``) or not; joint (综合查一次) when several agencies go."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="inspection_tasks", verbose_name="检查机构"
    )
    plan = models.ForeignKey(
        InspectionPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks", verbose_name="抽查计划"
    )
    draw = models.ForeignKey(
        Draw, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks", verbose_name="随机抽取"
    )
    target = models.ForeignKey(
        InspectionTarget, on_delete=models.PROTECT, related_name="tasks", verbose_name="检查对象"
    )
    officers = models.ManyToManyField("agencies.Officer", related_name="inspection_tasks", verbose_name="检查人员")
    inspected_on = models.DateField("检查日期", null=True, blank=True)
    is_random = models.BooleanField("双随机抽查", default=False)
    is_joint = models.BooleanField("联合检查（综合查一次）", default=False)
    joint_agencies = models.CharField("联合检查部门", max_length=300, blank=True)
    result = models.CharField(
        "检查结果", max_length=16, choices=InspectionResult.choices, default=InspectionResult.PENDING, editable=False
    )
    findings = models.TextField("检查情况", blank=True)
    published_at = models.DateTimeField("结果公示时间", null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_tasks",
        verbose_name="转立案件",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "检查任务"
        verbose_name_plural = "检查任务"
        ordering = ["-inspected_on", "-pk"]
        indexes = [models.Index(fields=["target", "inspected_on"]), models.Index(fields=["agency", "inspected_on"])]

    def __str__(self) -> str:
        return f"{self.target} {self.inspected_on or '待检查'}"


class ItemOutcome(models.TextChoices):
    COMPLIANT = "compliant", "符合"
    NONCOMPLIANT = "noncompliant", "不符合"
    NOT_APPLICABLE = "not_applicable", "不适用"


class TaskItemResult(TimeStampedModel):
    """The result of one checklist item in one inspection, with its photos (blobs in the evidence store)."""

    task = models.ForeignKey(InspectionTask, on_delete=models.PROTECT, related_name="item_results")
    item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="results", verbose_name="检查事项")
    outcome = models.CharField("结果", max_length=16, choices=ItemOutcome.choices)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "检查事项结果"
        verbose_name_plural = "检查事项结果"
        ordering = ["task", "item__number"]
        constraints = [models.UniqueConstraint(fields=["task", "item"], name="task_item_result_unique")]

    def __str__(self) -> str:
        return f"{self.item}：{self.get_outcome_display()}"


class TaskPhoto(TimeStampedModel):
    """A photo of an inspection (of one checklist item or of the visit), kept by its SHA-256 in the blob store."""

    task = models.ForeignKey(InspectionTask, on_delete=models.PROTECT, related_name="photos")
    item = models.ForeignKey(PlanItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField("SHA-256", max_length=64)
    filename = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveBigIntegerField("大小")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "检查照片"
        verbose_name_plural = "检查照片"
        ordering = ["task", "pk"]

    def __str__(self) -> str:
        return self.filename
