"""The bureau's legal work outside the case file (法治政府建设年度报告, 化解矛盾纠纷 and 学法用法).

Every record belongs to one ``agency`` and is scoped by it. The annual report counts these rows; nothing here is
a figure typed by hand. Writes go through ``fazhi.legal_affairs.services`` (audit event in the same transaction).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.models import TimeStampedModel


class ReviewOutcome(models.TextChoices):
    """Outcome of a 行政复议 (行政复议法 第六十三条至第六十九条) or a 行政诉讼 (行政诉讼法 第六十九条至第七十八条)."""

    PENDING = "pending", "审理中"
    UPHELD = "upheld", "维持"
    REVOKED = "revoked", "撤销"
    CHANGED = "changed", "变更"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    ORDERED_PERFORMANCE = "ordered_performance", "责令履行"
    DISMISSED = "dismissed", "驳回"
    TERMINATED = "terminated", "终止/撤回"
    VOID = "void", "确认无效"  # 行政复议法 第六十七条; 行政诉讼法 第七十五条
    REMAKE = "remake", "撤销并责令重新作出"  # 行政复议法 第六十四条; 行政诉讼法 第七十条


# Outcomes where the agency's act stood (维持, 驳回): the report's "被维持" figure.
OUTCOMES_IN_FAVOUR = frozenset({ReviewOutcome.UPHELD, ReviewOutcome.DISMISSED})
# Outcomes where the agency lost (纠错): 撤销, 变更, 确认违法, 确认无效, 责令履行, 撤销并责令重新作出.
OUTCOMES_AGAINST = frozenset(
    {
        ReviewOutcome.REVOKED,
        ReviewOutcome.CHANGED,
        ReviewOutcome.CONFIRMED_ILLEGAL,
        ReviewOutcome.VOID,
        ReviewOutcome.ORDERED_PERFORMANCE,
        ReviewOutcome.REMAKE,
    }
)


class Reconsideration(TimeStampedModel):
    """行政复议 in which the agency is the respondent (被申请人)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="reconsiderations", verbose_name="被申请人（机构）"
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reconsiderations",
        verbose_name="原案件",
    )
    number = models.CharField("复议案号", max_length=60, blank=True)
    reconsideration_body = models.CharField("复议机关", max_length=100, blank=True)
    applicant = models.CharField("申请人", max_length=200)
    matter = models.TextField("复议事项")
    applied_on = models.DateField(
        "申请人申请复议日期", null=True, blank=True, help_text="加处罚款自此日起不予计算（行政处罚法第七十三条第三款）"
    )
    received_on = models.DateField("收到复议申请（答复通知）日期")
    simplified = models.BooleanField("适用简易程序", default=False, help_text="行政复议法第五十三条、第五十四条")
    reply_due = models.DateField("答复期限", null=True, blank=True, editable=False)
    replied_on = models.DateField("提交书面答复日期", null=True, blank=True, editable=False)
    decided_on = models.DateField("复议决定日期", null=True, blank=True)
    decision_served_on = models.DateField("复议决定书送达日期", null=True, blank=True, editable=False)
    case_remedy = models.OneToOneField(
        "cases.CaseRemedy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    outcome = models.CharField(
        "复议结果", max_length=24, choices=ReviewOutcome.choices, default=ReviewOutcome.PENDING, editable=False
    )
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "行政复议"
        verbose_name_plural = "行政复议"
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["agency", "received_on"])]

    def __str__(self) -> str:
        return f"{self.applicant}：{self.matter[:30]}"


class LitigationStage(models.TextChoices):
    FIRST_INSTANCE = "first_instance", "一审"
    SECOND_INSTANCE = "second_instance", "二审"
    RETRIAL = "retrial", "再审"


class Litigation(TimeStampedModel):
    """行政诉讼 in which the agency is the defendant (被告). One row per instance (一审、二审、再审)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="litigations", verbose_name="被告（机构）"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="litigations", verbose_name="原案件"
    )
    reconsideration = models.ForeignKey(
        Reconsideration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="litigations",
        verbose_name="经复议的行政复议",
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_instances", verbose_name="前一审级"
    )
    number = models.CharField("诉讼案号", max_length=60, blank=True)
    plaintiff = models.CharField("原告", max_length=200)
    cause = models.TextField("案由")
    filed_on = models.DateField("立案（应诉通知）日期")
    complaint_received_on = models.DateField("收到起诉状副本日期", null=True, blank=True)
    defence_due = models.DateField("答辩期限", null=True, blank=True, editable=False)
    defended_on = models.DateField("提交答辩状日期", null=True, blank=True, editable=False)
    judgment_served_on = models.DateField("裁判文书送达日期", null=True, blank=True, editable=False)
    by_ruling = models.BooleanField("以裁定结案", default=False, editable=False)
    case_remedy = models.OneToOneField(
        "cases.CaseRemedy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    court = models.CharField("受理法院", max_length=100)
    stage = models.CharField(
        "审级", max_length=20, choices=LitigationStage.choices, default=LitigationStage.FIRST_INSTANCE
    )
    outcome = models.CharField(
        "裁判结果", max_length=24, choices=ReviewOutcome.choices, default=ReviewOutcome.PENDING, editable=False
    )
    hearing_date = models.DateField("开庭日期", null=True, blank=True)
    # 负责人出庭应诉 (行政诉讼法 第三条第三款; 最高法解释 第一百二十八条至第一百三十二条): null until recorded.
    head_appeared = models.BooleanField("负责人出庭", null=True, blank=True, editable=False)
    appeared_by = models.CharField("出庭人员", max_length=100, blank=True, help_text="负责人姓名，或委托出庭的工作人员")
    appeared_role = models.CharField("出庭人员职务", max_length=100, blank=True)
    lawyer_only = models.BooleanField(
        "仅委托律师出庭", default=False, editable=False, help_text="最高法解释第一百三十条：不得仅委托律师出庭"
    )
    absence_explanation = models.TextField(
        "负责人不能出庭的说明", blank=True, help_text="最高法解释第一百三十二条：应当向法院提交加盖公章的情况说明"
    )
    court_suggested_attendance = models.BooleanField("法院书面建议负责人出庭", default=False)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "行政诉讼"
        verbose_name_plural = "行政诉讼"
        ordering = ["-filed_on", "-pk"]
        indexes = [models.Index(fields=["agency", "filed_on"])]

    def __str__(self) -> str:
        return f"{self.plaintiff}诉{self.agency}（{self.get_stage_display()}）"


class MajorPolicyDecision(TimeStampedModel):
    """重大行政决策 (重大行政决策程序暂行条例 第三条、第九条): five statutory steps before it may be adopted."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="major_policy_decisions", verbose_name="决策机关"
    )
    title = models.CharField("决策事项", max_length=200)
    public_participation = models.BooleanField("公众参与", default=False)
    expert_argument = models.BooleanField("专家论证", default=False)
    risk_assessment = models.BooleanField("风险评估", default=False)
    legality_review = models.BooleanField("合法性审查", default=False)
    collective_decision = models.BooleanField("集体讨论决定", default=False)
    adopted = models.BooleanField("已作出决策", default=False, editable=False)
    decided_on = models.DateField("决策日期", null=True, blank=True, editable=False)
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    STEPS = (
        ("public_participation", "公众参与"),
        ("expert_argument", "专家论证"),
        ("risk_assessment", "风险评估"),
        ("legality_review", "合法性审查"),
        ("collective_decision", "集体讨论决定"),
    )

    class Meta:
        verbose_name = "重大行政决策"
        verbose_name_plural = "重大行政决策"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def missing_steps(self) -> list[str]:
        return [label for name, label in self.STEPS if not getattr(self, name)]


class NormativeDocument(TimeStampedModel):
    """行政规范性文件: 合法性审核 before issue, 备案 after (国办发〔2018〕37号、〔2018〕115号)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="normative_documents", verbose_name="制定机关"
    )
    title = models.CharField("文件名称", max_length=200)
    number = models.CharField("文号", max_length=60, blank=True)
    legality_reviewed = models.BooleanField("已合法性审核", default=False)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    repealed_on = models.DateField("废止（清理）日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "规范性文件"
        verbose_name_plural = "规范性文件"
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title}{f'（{self.number}）' if self.number else ''}"


class ContractReview(TimeStampedModel):
    """合同合法性审查 by the legal section or the legal adviser (法律顾问/公职律师)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="contract_reviews", verbose_name="机构"
    )
    title = models.CharField("合同名称", max_length=200)
    counterparty = models.CharField("合同相对方", max_length=200, blank=True)
    received_on = models.DateField("送审日期")
    reviewed_on = models.DateField("审查完成日期", null=True, blank=True)
    opinion_issued = models.BooleanField("已出具书面法律意见", default=False)
    adviser = models.CharField("审查人（法律顾问/公职律师）", max_length=100, blank=True)
    note = models.TextField("审查意见摘要", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "合同审查"
        verbose_name_plural = "合同审查"
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Mediation(TimeStampedModel):
    """矛盾纠纷排查调处. ``resolved`` is null while open, True when 调处成功, False when it failed."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="mediations", verbose_name="调处机构"
    )
    received_on = models.DateField("受理日期")
    parties = models.CharField("当事各方", max_length=300)
    subject = models.TextField("纠纷事项")
    resolved = models.BooleanField("调处成功", null=True, blank=True, editable=False)
    resolved_on = models.DateField("办结日期", null=True, blank=True, editable=False)
    result = models.TextField("调处结果", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "矛盾纠纷调处"
        verbose_name_plural = "矛盾纠纷调处"
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.parties}：{self.subject[:30]}"


class Training(TimeStampedModel):
    """培训 (学法). Hours of each officer who attended are in ``TrainingAttendance``."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="trainings", verbose_name="组织机构"
    )
    title = models.CharField("培训名称", max_length=200)
    held_on = models.DateField("培训日期")
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class TrainingAttendance(TimeStampedModel):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendances", verbose_name="培训")
    officer = models.ForeignKey(
        "agencies.Officer", on_delete=models.PROTECT, related_name="training_attendances", verbose_name="执法人员"
    )
    hours = models.DecimalField("计入学时", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = "培训参加记录"
        verbose_name_plural = "培训参加记录"
        constraints = [models.UniqueConstraint(fields=["training", "officer"], name="training_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.officer} {self.training}"


class Exam(TimeStampedModel):
    """考试 (e.g. 一月一考). Participation = results with ``attended``; pass = ``passed``."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="exams", verbose_name="组织机构"
    )
    title = models.CharField("考试名称", max_length=200)
    held_on = models.DateField("考试日期")
    pass_score = models.DecimalField("合格分数", max_digits=5, decimal_places=1, default=60)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "考试"
        verbose_name_plural = "考试"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ExamResult(TimeStampedModel):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="results", verbose_name="考试")
    officer = models.ForeignKey(
        "agencies.Officer", on_delete=models.PROTECT, related_name="exam_results", verbose_name="执法人员"
    )
    attended = models.BooleanField("参加考试", default=True)
    score = models.DecimalField("成绩", max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField("合格", default=False)

    class Meta:
        verbose_name = "考试成绩"
        verbose_name_plural = "考试成绩"
        constraints = [models.UniqueConstraint(fields=["exam", "officer"], name="exam_result_unique")]

    def __str__(self) -> str:
        return f"{self.officer} {self.exam}"


class LegalEducationKind(models.TextChoices):
    VIDEO = "video", "普法短视频"
    ARTICLE = "article", "普法文章"
    EVENT = "event", "普法活动"
    TYPICAL_CASE = "typical_case", "以案释法（典型案例）"


class LegalEducation(TimeStampedModel):
    """普法 item; kind ``typical_case`` is a 以案释法 TypicalCase, optionally linked to its case."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="legal_education_items", verbose_name="发布机构"
    )
    title = models.CharField("标题", max_length=200)
    kind = models.CharField("类别", max_length=20, choices=LegalEducationKind.choices)
    published_on = models.DateField("发布日期")
    views = models.PositiveIntegerField("浏览量", default=0)
    url = models.URLField("链接", max_length=300, blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="所释案件"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "普法"
        verbose_name_plural = "普法"
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title
