"""双随机、一公开 (RandomInspection) and 综合查一次 (joint inspection).

A ``Draw`` records its seed and the sorted candidate ids it drew from, so anyone can re-run
``random.Random(seed)`` and get the same targets and officers (``draw_verify``). An ``InspectionTask`` is one
visit to one ``InspectionTarget`` by at least two certified officers (行政处罚法 第四十二条), drawn or not.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.models import TimeStampedModel


class InspectionTarget(TimeStampedModel):
    """检查对象: the registered entities a random inspection draws from (检查对象名录库)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="inspection_targets", verbose_name="监管机构"
    )
    name = models.CharField("名称", max_length=200)
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    address = models.CharField("地址", max_length=300, blank=True)
    category = models.CharField("类别", max_length=60, blank=True, help_text="如：餐饮、建筑工地、户外广告")
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
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return f"{self.year}年{self.title}"


class Draw(TimeStampedModel):
    """One random draw (摇号) of a plan: targets and officers chosen with a recorded seed."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机构")
    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="draws", verbose_name="抽查计划")
    seed = models.BigIntegerField("随机种子")
    drawn_at = models.DateTimeField("抽取时间")
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The sorted candidate ids the draw ran over, as they were at the time: the pools change later.
    candidate_target_ids = models.JSONField("候选检查对象", default=list)
    candidate_officer_ids = models.JSONField("候选执法人员", default=list)
    target_count = models.PositiveIntegerField("抽取对象数")
    officers_per_task = models.PositiveSmallIntegerField("每户检查人员数")
    targets = models.ManyToManyField(InspectionTarget, related_name="draws", verbose_name="抽中对象")
    officers = models.ManyToManyField("agencies.Officer", related_name="draws", verbose_name="抽中人员")
    assignment = models.JSONField("对象与人员匹配", default=dict, help_text="{对象id: [人员id, …]}")

    class Meta:
        verbose_name = "随机抽取"
        verbose_name_plural = "随机抽取"
        ordering = ["-drawn_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} 抽取（种子{self.seed}）"


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
