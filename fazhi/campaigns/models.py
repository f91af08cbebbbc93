"""The records of 专项行动 (campaigns: period, targets, actions, what they produced) and 柔性执法 (soft measures).

A campaign belongs to an agency and runs over a period; what it produced — cases, complaints, inspection tasks — is
linked through link tables on this side (cases, complaints and inspections sit below and know nothing of it). A
case linked to a campaign must have been discovered within its period and lie within its agency's subtree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.models import TimeStampedModel


class Campaign(TimeStampedModel):
    """专项行动: e.g. 违法广告整治, 渣土运输专项整治, 违建拆除攻坚."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="牵头机构")
    name = models.CharField("行动名称", max_length=200)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    description = models.TextField("行动内容", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "专项行动"
        verbose_name_plural = "专项行动"
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class CampaignTarget(TimeStampedModel):
    """A target of the campaign: a kind (拆除违建, 整治点位 …), its unit (平方米, 处, 个) and the number set."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="targets", verbose_name="专项行动")
    kind = models.CharField("目标事项", max_length=100)
    unit = models.CharField("单位", max_length=20)
    number = models.DecimalField("目标数", max_digits=14, decimal_places=2)
    achieved = models.DecimalField("完成数", max_digits=14, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "行动目标"
        verbose_name_plural = "行动目标"
        ordering = ["pk"]


class CampaignActionKind(models.TextChoices):
    NOTICE = "notice", "下达通知书（整改通知、告知书）"
    CALL = "call", "语音告知、电话告知"
    CHECK = "check", "检查、巡查"
    OTHER = "other", "其他"


class CampaignAction(TimeStampedModel):
    """What the campaign did on a day: e.g. 对336个违法广告号码进行语音告知 (kind call, count 336)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="actions", verbose_name="专项行动")
    kind = models.CharField("措施类别", max_length=16, choices=CampaignActionKind.choices)
    taken_on = models.DateField("日期")
    count = models.PositiveIntegerField("数量")
    note = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "行动措施"
        verbose_name_plural = "行动措施"
        ordering = ["taken_on", "pk"]


class CampaignCase(TimeStampedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="case_links")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="campaign_links")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "行动案件"
        verbose_name_plural = "行动案件"
        constraints = [models.UniqueConstraint(fields=["campaign", "case"], name="campaign_case_unique")]


class CampaignComplaint(TimeStampedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="complaint_links")
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="campaign_links")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "行动诉求"
        verbose_name_plural = "行动诉求"
        constraints = [models.UniqueConstraint(fields=["campaign", "complaint"], name="campaign_complaint_unique")]


class CampaignInspection(TimeStampedModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="inspection_links")
    task = models.ForeignKey("inspections.InspectionTask", on_delete=models.PROTECT, related_name="campaign_links")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "行动检查任务"
        verbose_name_plural = "行动检查任务"
        constraints = [models.UniqueConstraint(fields=["campaign", "task"], name="campaign_inspection_unique")]


class SoftMeasureKind(models.TextChoices):
    """柔性执法 measures: none is a penalty; each may precede a case."""

    WARM_NOTICE = "warm_notice", "温馨告知书"
    PERSUASION = "persuasion", "说服教育"
    DEMONSTRATION = "demonstration", "劝导示范"
    WARNING = "warning", "警示告诫"
    INTERVIEW = "interview", "指导约谈"


class SoftMeasure(TimeStampedModel):
    """One 柔性执法 measure, with its target (party or shop), place, day, officer and what was said or handed over."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="实施机构")
    kind = models.CharField("方式", max_length=16, choices=SoftMeasureKind.choices)
    target_name = models.CharField("对象（当事人或商户）", max_length=200)
    place = models.CharField("地点", max_length=300)
    taken_on = models.DateField("日期")
    officer = models.ForeignKey("agencies.Officer", on_delete=models.PROTECT, related_name="+", verbose_name="执法人员")
    content = models.TextField("内容")
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="soft_measures",
        verbose_name="所属专项行动",
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="soft_measures",
        verbose_name="后续立案",
        editable=False,
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "柔性执法"
        verbose_name_plural = "柔性执法"
        ordering = ["-taken_on", "-pk"]
        indexes = [models.Index(fields=["agency", "taken_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target_name}"
