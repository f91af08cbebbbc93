"""The records of 城管执法 beyond the penalty: 责令改正 and its 复查; 违法建设 from 责令限期拆除 to 强制拆除 or
代履行; the demolition register and the yearly target the government sets.

Every record belongs to one ``agency`` and is scoped by it. The steps change only through
``fazhi.urban.services`` (each writes an audit event in the same transaction); the fields they set are not
editable elsewhere. The law behind each step is in ``fazhi.rules.coercion``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.models import TimeStampedModel


class RectificationResult(models.TextChoices):
    PENDING = "pending", "待复查"
    CORRECTED = "corrected", "已改正"
    NOT_CORRECTED = "not_corrected", "未改正"


class RectificationOrder(TimeStampedModel):
    """责令改正 (行政处罚法 第二十八条第一款) on a case, or on a lead (a case still at 案源登记), and its 复查."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="rectification_orders", verbose_name="作出机构"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="rectification_orders", verbose_name="案件（案源）"
    )
    number = models.CharField("责令改正通知书编号", max_length=60)
    ordered_on = models.DateField("责令改正日期")
    requirement = models.TextField("责令改正的内容")
    period_end = models.DateField("改正期限届满日")
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    result = models.CharField(
        "复查结果",
        max_length=16,
        choices=RectificationResult.choices,
        default=RectificationResult.PENDING,
        editable=False,
    )
    reviewed_on = models.DateField("复查日期", null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name="复查人",
    )
    review_note = models.TextField("复查情况", blank=True, editable=False)

    class Meta:
        verbose_name = "责令改正"
        verbose_name_plural = "责令改正"
        ordering = ["-ordered_on", "-pk"]
        indexes = [models.Index(fields=["agency", "ordered_on"]), models.Index(fields=["agency", "reviewed_on"])]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="rectification_number_unique")]

    def __str__(self) -> str:
        return self.number


class ConstructionStatus(models.TextChoices):
    ORDERED = "ordered", "已责令限期拆除"
    ANNOUNCED = "announced", "已公告"
    REMINDED = "reminded", "已催告"
    FORCED_DECIDED = "forced_decided", "已决定强制拆除"
    SUBSTITUTE_DECIDED = "substitute_decided", "已决定代履行"
    DEMOLISHED = "demolished", "已拆除"


class DemolishedBy(models.TextChoices):
    PARTY = "party", "当事人自行拆除"
    FORCED = "forced", "本机关强制拆除"
    SUBSTITUTE = "substitute", "代履行"


class IllegalConstruction(TimeStampedModel):
    """违法建设: 责令限期拆除 → 公告 → 催告 → 强制拆除 or 代履行 (行政强制法 第四十四条、第五十条至第五十二条).

    Each step is dated and names who took it. The enforcement decision is the head's (负责人).
    """

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="illegal_constructions", verbose_name="作出机构"
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="illegal_constructions",
        verbose_name="案件",
    )
    party_name = models.CharField("当事人", max_length=200)
    location = models.CharField("违法建设地点", max_length=300)
    area_m2 = models.DecimalField("违法建设面积（平方米）", max_digits=12, decimal_places=2)
    description = models.TextField("违法建设情况", blank=True)
    status = models.CharField(
        "状态", max_length=24, choices=ConstructionStatus.choices, default=ConstructionStatus.ORDERED, editable=False
    )
    # 责令限期拆除
    order_number = models.CharField("限期拆除决定书文号", max_length=60)
    ordered_on = models.DateField("决定日期")
    order_served_on = models.DateField("决定送达日期", help_text="复议、诉讼期限自当事人知道之日起计算")
    order_period_end = models.DateField("限期拆除期限届满日")
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="经办人"
    )
    # 公告 (第四十四条)
    announced_on = models.DateField("公告日期", null=True, blank=True, editable=False)
    announcement_period_end = models.DateField("公告限期自行拆除届满日", null=True, blank=True, editable=False)
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    # 催告 (第三十五条; 代履行 第五十一条第一款第二项)
    reminder_served_on = models.DateField("催告书送达日期", null=True, blank=True, editable=False)
    reminded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    # 强制拆除决定 / 代履行决定 (第三十七条、第五十一条第一款第一项)
    enforcement_kind = models.CharField(
        "执行方式", max_length=16, choices=DemolishedBy.choices, blank=True, editable=False
    )
    enforcement_number = models.CharField("强制执行（代履行）决定书文号", max_length=60, blank=True, editable=False)
    enforcement_decided_on = models.DateField("决定日期", null=True, blank=True, editable=False)
    enforcement_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name="决定人（负责人）",
    )
    scheduled_on = models.DateField("拆除（代履行）日期", null=True, blank=True, editable=False)
    performer = models.CharField("代履行人", max_length=200, blank=True, editable=False)
    cost_budget = models.DecimalField(
        "代履行费用预算（元）", max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )
    # 拆除完毕
    demolished_on = models.DateField("拆除日期", null=True, blank=True, editable=False)
    demolished_by = models.CharField("拆除方", max_length=16, choices=DemolishedBy.choices, blank=True, editable=False)
    cost_actual = models.DecimalField(
        "代履行费用（元，由当事人承担）", max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "违法建设"
        verbose_name_plural = "违法建设"
        ordering = ["-ordered_on", "-pk"]
        indexes = [models.Index(fields=["agency", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["agency", "order_number"], name="construction_order_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.location}（{self.order_number}）"


class DemolitionRecord(TimeStampedModel):
    """One line of the demolition register (拆除台账): place, area, date and who demolished."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="demolitions", verbose_name="登记机构"
    )
    place = models.CharField("拆除地点", max_length=300)
    area_m2 = models.DecimalField("拆除面积（平方米）", max_digits=12, decimal_places=2)
    demolished_on = models.DateField("拆除日期")
    demolished_by = models.CharField("拆除方", max_length=16, choices=DemolishedBy.choices)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="demolitions", verbose_name="案件"
    )
    construction = models.OneToOneField(
        IllegalConstruction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demolition",
        verbose_name="违法建设（限期拆除决定）",
    )
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "拆除台账"
        verbose_name_plural = "拆除台账"
        ordering = ["-demolished_on", "-pk"]
        indexes = [models.Index(fields=["agency", "demolished_on"])]

    def __str__(self) -> str:
        return f"{self.place} {self.area_m2}平方米"


class DemolitionTarget(TimeStampedModel):
    """The yearly demolition target (平方米) the government set for the agency (市/县下达任务数)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="demolition_targets", verbose_name="机构"
    )
    year = models.PositiveSmallIntegerField("年度")
    target_m2 = models.DecimalField("目标面积（平方米）", max_digits=12, decimal_places=2)
    source = models.CharField("下达文件（下达机关）", max_length=200, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "拆违年度目标"
        verbose_name_plural = "拆违年度目标"
        ordering = ["-year", "agency"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="demolition_target_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年 {self.target_m2}平方米"
