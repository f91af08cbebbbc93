"""Investigation and review: extensions and suspensions, recusals, preservations and seizures, the
investigation report, the case review, the legal review and the collective discussion."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from fazhi.cases.models.case import Case
from fazhi.core.models import TimeStampedModel
from fazhi.core.periods import period_covers


class Opinion(models.TextChoices):
    AGREE = "agree", "同意"
    DISAGREE = "disagree", "不同意"
    SUPPLEMENT = "supplement", "补充调查"


class DecisionOutcome(models.TextChoices):
    """处罚决定的结果 (行政处罚法 第五十七条) and the two other ways a registered case ends."""

    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    EXEMPTED = "exempted", "首违不罚/轻微不罚"
    TRANSFERRED = "transferred", "移送"
    WITHDRAWN = "withdrawn", "撤销立案"


class ExtensionProvision(TimeStampedModel):
    """A provision that allows extending the 90-day limit, with the most days it allows (行政处罚法 第六十条).

    "应当自行政处罚案件立案之日起九十日内作出行政处罚决定。法律、法规、规章另有规定的，从其规定": the 90 days
    can be extended only on such a provision (e.g. 市场监管 +30 with the head's approval, RULES.md G-11). None is
    built in: the bureau's system administrator records the provisions that apply to it (管理后台 › 案件 ›
    延长办案期限的依据), and with none in force no extension can be approved.
    """

    citation = models.CharField(
        "依据", max_length=300, help_text="法律、法规或者规章的名称及条款，如《××行政处罚程序规定》第×条"
    )
    max_days = models.PositiveSmallIntegerField("最长延长天数", help_text="依该规定，一个案件累计最多可延长的天数")
    condition = models.CharField("延长条件", max_length=300, blank=True, help_text="如：案情复杂，经负责人批准")
    effective_from = models.DateField("施行日期")
    effective_until = models.DateField("失效日期", null=True, blank=True)

    class Meta:
        verbose_name = "延长办案期限的依据"
        verbose_name_plural = "延长办案期限的依据"
        ordering = ["effective_from", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(max_days__gte=1), name="extension_provision_max_days_positive"),
            models.CheckConstraint(
                condition=models.Q(effective_until__isnull=True)
                | models.Q(effective_until__gte=models.F("effective_from")),
                name="extension_provision_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citation}（最长{self.max_days}日）"

    def covers(self, day: date) -> bool:
        return period_covers(self.effective_from, self.effective_until, day)


class CaseExtension(models.Model):
    """延长办案期限, approved by the head on a provision that allows it (行政处罚法 第六十条).

    ``provision_citation`` keeps the provision's text as it stood when approved; rows from before provisions were
    recorded have neither.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField("延长天数")
    reason = models.CharField("理由", max_length=500)
    provision = models.ForeignKey(
        ExtensionProvision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extensions",
        verbose_name="依据",
    )
    provision_citation = models.CharField("依据（批准时）", max_length=300, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField("批准日期")

    def __str__(self) -> str:
        return f"{self.case} +{self.days}"


class SuspensionKind(models.TextChoices):
    SUSPENDED = "suspended", "案件中止"
    HEARING = "hearing", "听证"
    ANNOUNCEMENT = "announcement", "公告"
    TESTING = "testing", "检测、检验、检疫、鉴定"
    REMEDY = "remedy", "行政复议或者行政诉讼期间（停止加处罚款）"


class CaseSuspension(models.Model):
    """A period not counted: in the 90-day limit (听证、公告、检测等) or in the late fee (复议、诉讼, 第七十三条)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions")
    kind = models.CharField("类别", max_length=16, choices=SuspensionKind.choices)
    start = models.DateField("起始日")
    end = models.DateField("终止日", null=True, blank=True)
    reason = models.CharField("事由", max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {self.start}"


class Recusal(models.Model):
    """回避 (行政处罚法 第四十三条): applied for by the party or the officer himself; the head decides.

    With ``hearing`` set, the officer is that hearing's host (听证主持人, 第六十四条第四项), not a handler.
    """

    class Applicant(models.TextChoices):
        PARTY = "party", "当事人申请"
        SELF = "self", "执法人员自行回避"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recusals")
    officer = models.ForeignKey("agencies.Officer", on_delete=models.PROTECT, related_name="+")
    applicant = models.CharField("申请人", max_length=8, choices=Applicant.choices)
    reason = models.CharField("理由", max_length=500)
    applied_on = models.DateField("申请日期")
    granted = models.BooleanField("决定回避", null=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField("决定日期", null=True, blank=True)
    hearing = models.ForeignKey(
        "Hearing",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="host_recusals",
        verbose_name="听证（申请听证主持人回避）",
    )

    def __str__(self) -> str:
        return f"{self.case} 回避 {self.officer}"


class Preservation(models.Model):
    """先行登记保存 (行政处罚法 第五十六条): the head approves; a decision follows within 7 working days."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="preservations")
    items = models.TextField("物品清单")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_on = models.DateField("登记保存日期")
    decided_on = models.DateField("处理决定日期", null=True, blank=True)
    disposition = models.CharField("处理决定", max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.case} 先行登记保存 {self.saved_on}"


class Seizure(models.Model):
    """查封、扣押 (行政强制法 第二十五条): 30 days, extendable once by 30 with the head's approval."""

    class Measure(models.TextChoices):
        SEAL = "seal", "查封"
        DETAIN = "detain", "扣押"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="seizures")
    measure = models.CharField("措施", max_length=8, choices=Measure.choices)
    items = models.TextField("财物清单")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    start = models.DateField("实施日期")
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extended_on = models.DateField("延长批准日期", null=True, blank=True)
    # 行政强制法 第二十五条第二款: "延长查封、扣押的决定应当及时书面告知当事人，并说明理由".
    extension_reason = models.CharField("延长理由", max_length=500, blank=True)
    extension_notice_served_on = models.DateField("延长决定书面告知送达日期", null=True, blank=True)
    released_on = models.DateField("解除日期", null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.case} {self.get_measure_display()} {self.start}"


class InvestigationReport(models.Model):
    """调查终结报告: the facts, the evidence, and the proposed outcome with its discretion explanation."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    facts = models.TextField("违法事实")
    evidence_summary = models.TextField("证据")
    proposed_outcome = models.CharField("处理意见", max_length=16, choices=DecisionOutcome.choices)
    penalty_kinds = models.JSONField("拟处罚种类", default=list, blank=True)
    fine = models.DecimalField("拟罚款金额（元）", max_digits=14, decimal_places=2, default=0)
    confiscation = models.DecimalField("拟没收金额（元）", max_digits=14, decimal_places=2, default=0)
    discretion_facts = models.JSONField("裁量情节", default=dict, blank=True)
    discretion = models.JSONField("裁量说明", default=dict, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField("提交日期")

    class Meta:
        ordering = ["submitted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} 调查终结报告 {self.submitted_on}"


class CaseReview(models.Model):
    """案件审核: the squad's or brigade's own review before legal review (not a handler)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_reviews")
    report = models.ForeignKey(InvestigationReport, on_delete=models.PROTECT, related_name="case_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opinion = models.CharField("审核意见", max_length=16, choices=Opinion.choices)
    text = models.TextField("意见")
    on = models.DateField("审核日期")

    def __str__(self) -> str:
        return f"{self.case} 案件审核 {self.get_opinion_display()}"


class LegalReview(models.Model):
    """法制审核 (行政处罚法 第五十八条): "未经法制审核或者审核未通过的，不得作出决定"."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_reviews")
    report = models.ForeignKey(InvestigationReport, on_delete=models.PROTECT, related_name="legal_reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opinion = models.CharField("审核意见", max_length=16, choices=Opinion.choices)
    text = models.TextField("法制审核意见")
    on = models.DateField("审核日期")
    after_hearing = models.BooleanField("听证后审核", default=False)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} 法制审核 {self.get_opinion_display()}"


class CollectiveDiscussion(models.Model):
    """集体讨论 (行政处罚法 第五十七条第二款): complex or major cases, chaired by the head."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="discussions")
    chaired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    participants = models.CharField("参加人员", max_length=500)
    record = models.TextField("讨论记录")
    conclusion = models.CharField("结论", max_length=16, choices=Opinion.choices)
    conclusion_text = models.TextField("决定意见")
    on = models.DateField("讨论日期")

    def __str__(self) -> str:
        return f"{self.case} 集体讨论 {self.on}"


# --- 告知、陈述申辩、听证 --------------------------------------------------------------------------------------
