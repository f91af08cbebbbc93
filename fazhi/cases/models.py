"""Cases: parties, the case with its one state field, its handlers, and per-agency number sequences."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from fazhi.core.models import TimeStampedModel
from fazhi.rules import mask_name, mask_phone, mask_resident_id


class Procedure(models.TextChoices):
    SIMPLE = "simple", "简易程序"
    GENERAL = "general", "一般程序"


class CaseSource(models.TextChoices):
    """案件来源; the codes are the keys of ``cases.by_source.<code>`` in statistics."""

    PATROL = "patrol", "巡查发现"
    COMPLAINT = "complaint", "投诉举报"
    ASSIGNED = "assigned", "上级交办"
    TRANSFERRED_IN = "transferred_in", "移送"
    OFF_SITE = "off_site", "非现场执法"
    RANDOM_INSPECTION = "random_inspection", "双随机检查"
    DIGITAL_CITY = "digital_city", "数字城管"


class CaseState(models.TextChoices):
    """The one state field. It changes only through the transitions of ``fazhi.cases.workflow``."""

    LEAD = "lead", "案源登记"
    NOT_REGISTERED = "not_registered", "不予立案"
    INVESTIGATING = "investigating", "调查取证"
    REVIEWING = "reviewing", "审核（案件审核、法制审核、集体讨论）"
    NOTIFIED = "notified", "已告知（陈述申辩、听证期间）"
    DECIDED = "decided", "已决定（待送达）"
    EXECUTING = "executing", "执行（待履行）"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"


OPEN_STATES = frozenset(
    {CaseState.INVESTIGATING, CaseState.REVIEWING, CaseState.NOTIFIED, CaseState.DECIDED, CaseState.EXECUTING}
)


class PartyKind(models.TextChoices):
    PERSON = "person", "个人"
    ORGANIZATION = "organization", "单位"


class Party(TimeStampedModel):
    """当事人. A person is identified by 身份证号, an organisation by 统一社会信用代码."""

    kind = models.CharField("当事人类型", max_length=16, choices=PartyKind.choices)
    name = models.CharField("名称/姓名", max_length=200)
    id_number = models.CharField("证件号码", max_length=18, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    address = models.CharField("住所/地址", max_length=300, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name as shown publicly: a person's given name masked, an organisation's name in full."""
        return mask_name(self.name) if self.kind == PartyKind.PERSON else self.name

    @property
    def masked_id_number(self) -> str:
        if not self.id_number:
            return ""
        return mask_resident_id(self.id_number) if self.kind == PartyKind.PERSON else self.id_number

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""


class Case(TimeStampedModel):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="cases", verbose_name="承办机构"
    )
    legal_subject = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="执法主体"
    )
    procedure = models.CharField("程序", max_length=16, choices=Procedure.choices, default=Procedure.GENERAL)
    source = models.CharField("案件来源", max_length=24, choices=CaseSource.choices)
    state = models.CharField("状态", max_length=24, choices=CaseState.choices, default=CaseState.LEAD, editable=False)
    power_item = models.ForeignKey(
        "powers.PowerItem", on_delete=models.PROTECT, related_name="cases", verbose_name="执法事项（所依据的清单版本）"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="cases", verbose_name="当事人")
    act_date = models.DateField("违法行为发生日期")
    act_ended = models.DateField(
        "违法行为终了日期",
        null=True,
        blank=True,
        help_text="连续或者继续状态的违法行为，填写行为终了之日（行政处罚法第三十六条）",
    )
    discovered_on = models.DateField("发现日期")
    grave_harm = models.BooleanField("涉及公民生命健康安全、金融安全且有危害后果", default=False)
    location = models.CharField("违法地点", max_length=300, blank=True)
    facts = models.TextField("案情摘要", blank=True)
    lead_number = models.CharField("案源编号", max_length=60, unique=True)
    register_number = models.CharField("立案编号", max_length=60, blank=True)
    registered_on = models.DateField("立案日期", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="立案批准人",
    )
    not_registered_reason = models.CharField("不予立案理由", max_length=500, blank=True)
    is_major = models.BooleanField("重大案件", default=False)
    # 行政处罚法 第五十八条 grounds of mandatory legal review, and 第五十七条 complexity for collective discussion
    major_public_interest = models.BooleanField("涉及重大公共利益", default=False)
    major_rights = models.BooleanField("直接关系当事人或者第三人重大权益", default=False)
    is_complex = models.BooleanField("案件情况疑难复杂、涉及多个法律关系", default=False)
    review_required_by_law = models.BooleanField("法律、法规规定应当进行法制审核", default=False)
    simple_form_number = models.CharField("当场处罚决定书编号", max_length=40, blank=True)
    filed_on = models.DateField("备案日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    close_summary = models.TextField("结案报告", blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    archive_number = models.CharField("档案号", max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["agency", "state"]), models.Index(fields=["registered_on"])]

    def __str__(self) -> str:
        return self.register_number or self.lead_number


class CaseHandler(models.Model):
    """承办人: at least two certified officers on every investigation (行政处罚法 第四十二条)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handlers")
    officer = models.ForeignKey("agencies.Officer", on_delete=models.PROTECT, related_name="case_roles")
    is_lead = models.BooleanField("主办", default=False)
    assigned_on = models.DateField("指派日期")
    certificate = models.ForeignKey(
        "agencies.Certificate", on_delete=models.PROTECT, related_name="+", verbose_name="指派时所持执法证"
    )
    removed_on = models.DateField("退出日期（回避等）", null=True, blank=True)

    class Meta:
        verbose_name = "承办人"
        verbose_name_plural = "承办人"
        constraints = [models.UniqueConstraint(fields=["case", "officer"], name="case_handler_unique")]

    def __str__(self) -> str:
        return f"{self.case} {self.officer}"


class NumberSequence(models.Model):
    """One counter per (agency, document kind, year). Taken under a row lock, so two users never share a number."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year"], name="number_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.kind}/{self.year}: {self.last}"


# --- 调查取证 -------------------------------------------------------------------------------------------------


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
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)


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


class ServiceMethod(models.TextChoices):
    """送达方式 (民事诉讼法 第八十七条至第九十五条; 行政处罚法 第六十一条)."""

    DIRECT = "direct", "直接送达"
    LEFT = "left", "留置送达"
    MAIL = "mail", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"
    ENTRUSTED = "entrusted", "委托送达"
    ANNOUNCEMENT = "announcement", "公告送达"


class ServiceChannel(models.TextChoices):
    """电子送达 channels (行政处罚法 第六十一条第二款 "传真、电子邮件等方式"; 民事诉讼法 第九十条)."""

    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    SMS = "sms", "手机短信"
    APP = "app", "移动应用（APP、小程序、即时通讯）"


class ServiceConsent(models.Model):
    """The party's consent to 电子送达 and the 确认书 it signed (行政处罚法 第六十一条第二款).

    "当事人同意并签订确认书的，行政机关可以采用传真、电子邮件等方式…送达": the channel and address the party
    gave, the day it signed, and the signed 确认书 itself as evidence of the case. Electronic service of any
    document of the case names one of these; without one it is refused.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="service_consents")
    channel = models.CharField("电子送达方式", max_length=8, choices=ServiceChannel.choices)
    address = models.CharField("电子送达地址", max_length=200, help_text="传真号码、电子邮箱、手机号码或应用账号")
    signed_on = models.DateField("确认书签订日期")
    confirmation = models.ForeignKey(
        "evidence.Evidence", on_delete=models.PROTECT, related_name="+", verbose_name="当事人签署的确认书（证据）"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField("登记日期")
    withdrawn_on = models.DateField("当事人撤回同意日期", null=True, blank=True)
    withdrawal_note = models.CharField("撤回情况", max_length=300, blank=True)

    class Meta:
        verbose_name = "电子送达确认书"
        verbose_name_plural = "电子送达确认书"
        ordering = ["signed_on", "pk"]

    def __str__(self) -> str:
        withdrawn = f"，{self.withdrawn_on:%Y-%m-%d}撤回" if self.withdrawn_on else ""
        return f"{self.get_channel_display()} {self.address}（{self.signed_on:%Y-%m-%d}签订{withdrawn}）"


class PreDecisionNotice(models.Model):
    """行政处罚事先告知 (行政处罚法 第四十四条), with 听证告知 where 第六十三条 applies."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    penalty_kinds = models.JSONField("拟处罚种类", default=list)
    fine = models.DecimalField("拟罚款金额（元）", max_digits=14, decimal_places=2, default=0)
    confiscation = models.DecimalField("拟没收金额（元）", max_digits=14, decimal_places=2, default=0)
    hearing_right = models.BooleanField("告知听证权利", default=False)
    method = models.CharField("送达方式", max_length=16, choices=ServiceMethod.choices)
    consent = models.ForeignKey(
        ServiceConsent, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="电子送达确认书"
    )
    served_on = models.DateField("送达日期")
    representation_until = models.DateField("陈述申辩期限")
    hearing_request_until = models.DateField("听证申请期限", null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    waived_on = models.DateField("当事人放弃陈述申辩日期", null=True, blank=True)
    # 放弃陈述申辩 does not waive the hearing (第六十三条、第六十四条): the written waiver of the hearing is its own
    # record.
    hearing_waived_on = models.DateField("当事人书面放弃听证日期", null=True, blank=True)

    class Meta:
        ordering = ["served_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} 事先告知 {self.served_on}"


class Representation(models.Model):
    """陈述申辩 (第四十五条): heard and answered; never a reason for a heavier penalty."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="representations")
    received_on = models.DateField("提出日期")
    content = models.TextField("陈述申辩内容")
    adopted = models.BooleanField("是否采纳")
    response = models.TextField("复核意见")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.case} 陈述申辩 {self.received_on}"


class Hearing(models.Model):
    """听证 (行政处罚法 第六十四条/第六十五条)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    requested_on = models.DateField("申请日期")
    notice_served_on = models.DateField("听证通知送达日期", null=True, blank=True)
    hearing_date = models.DateField("听证日期", null=True, blank=True)
    location = models.CharField("地点", max_length=200, blank=True)
    host = models.ForeignKey(
        "agencies.Officer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="主持人",
    )
    is_public = models.BooleanField("公开举行", default=True)
    held = models.BooleanField("已举行", default=False)
    waived = models.BooleanField("当事人放弃或无正当理由不到场", default=False)
    record = models.TextField("听证笔录", blank=True)

    def __str__(self) -> str:
        return f"{self.case} 听证 {self.hearing_date}"


# --- 决定、送达、履行、强制执行 ----------------------------------------------------------------------------------


class PartyResponse(models.TextChoices):
    """How the party answered the on-the-spot 告知 of a 简易程序 decision (行政处罚法 第四十五条)."""

    STATED = "stated", "当事人进行了陈述、申辩"
    DECLINED = "declined", "当事人放弃陈述、申辩"


class Decision(models.Model):
    """The decision of a case, with the discretion explanation it rested on and the rules version it used."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField("决定结果", max_length=16, choices=DecisionOutcome.choices)
    number = models.CharField("决定书文号", max_length=60, blank=True)
    decided_on = models.DateField("决定日期")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    fine = models.DecimalField("罚款金额（元）", max_digits=14, decimal_places=2, default=0)
    confiscation = models.DecimalField("没收金额（元）", max_digits=14, decimal_places=2, default=0)
    reasons = models.TextField("理由和依据")
    discretion = models.JSONField("裁量说明", default=dict, blank=True)
    out_of_range_reason = models.TextField("超出裁量阶次的书面理由", blank=True)
    out_of_range_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_late = models.BooleanField("超过法定办案期限", default=False)
    late_reason = models.CharField("逾期说明", max_length=500, blank=True)
    # 简易程序 (第四十四条、第四十五条、第五十二条): the party was told on the spot and heard, or declined.
    told_on_spot = models.BooleanField("已当场告知违法事实、理由、依据和依法享有的权利", default=False)
    party_response = models.CharField("当事人陈述申辩情况", max_length=16, choices=PartyResponse.choices, blank=True)
    party_statement = models.TextField("当事人陈述申辩内容", blank=True)
    statement_review = models.TextField("执法人员复核意见", blank=True)
    refused_to_sign = models.BooleanField("当事人拒绝签收", default=False)

    def __str__(self) -> str:
        return self.number or f"{self.case} {self.get_outcome_display()}"


class Service(models.Model):
    """送达 of a document (行政处罚法 第六十一条; 民事诉讼法 送达)."""

    class Document(models.TextChoices):
        DECISION = "decision", "行政处罚决定书"
        REMINDER = "reminder", "催告书"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    document = models.CharField("送达文书", max_length=16, choices=Document.choices)
    method = models.CharField("送达方式", max_length=16, choices=ServiceMethod.choices)
    consent = models.ForeignKey(
        ServiceConsent, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="电子送达确认书"
    )
    served_on = models.DateField("送达日期", help_text="公告送达为公告发出之日")
    deemed_served_on = models.DateField("视为送达日期")
    recipient = models.CharField("受送达人", max_length=200)
    proof = models.CharField("送达凭证（回证、邮件回执号等）", max_length=300)
    late_reason = models.CharField("逾期送达说明", max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.case} {self.get_document_display()} {self.deemed_served_on}"


class PaymentArrangement(models.Model):
    """暂缓或者分期缴纳 (行政处罚法 第六十六条), approved by the head."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="arrangements")
    deferred_until = models.DateField("缴纳期限延至")
    instalments = models.JSONField("分期计划", default=list, blank=True)
    reason = models.CharField("理由", max_length=500)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField("批准日期")

    def __str__(self) -> str:
        return f"{self.case} 延至 {self.deferred_until}"


class Payment(models.Model):
    """A payment recorded from the bank's receipt (罚缴分离, 第六十七条), or an on-the-spot collection (第六十八条)."""

    class Kind(models.TextChoices):
        FINE = "fine", "罚款"
        LATE_FEE = "late_fee", "加处罚款"
        CONFISCATION = "confiscation", "没收违法所得"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField("款项", max_length=16, choices=Kind.choices)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    paid_on = models.DateField("缴款日期")
    receipt_number = models.CharField("缴款凭证号", max_length=60, unique=True)
    bank = models.CharField("代收机构", max_length=100)
    on_the_spot = models.BooleanField("当场收缴", default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {self.amount}"


class Reminder(models.Model):
    """催告 (行政强制法 第三十五条/第五十四条): the amount due and 10 working days to comply."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders")
    issued_on = models.DateField("催告日期")
    fine_due = models.DecimalField("应缴罚款（元）", max_digits=14, decimal_places=2)
    late_fee_due = models.DecimalField("加处罚款（元）", max_digits=14, decimal_places=2)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.case} 催告 {self.issued_on}"


class CourtEnforcement(models.Model):
    """申请人民法院强制执行 (非诉执行, 行政强制法 第五十三条/第五十四条)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="court_enforcements")
    court = models.CharField("受理法院", max_length=100)
    applied_on = models.DateField("申请日期")
    window_start = models.DateField("可申请起始日")
    window_end = models.DateField("申请期限届满日")
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    ruling = models.CharField("裁定", max_length=300, blank=True)
    completed_on = models.DateField("执行完毕日期", null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.case} 申请强制执行 {self.applied_on}"


class TransferKind(models.TextChoices):
    AGENCY = "agency", "移送有管辖权的行政机关"
    CRIMINAL = "criminal", "涉嫌犯罪移送司法机关（两法衔接）"


# 国务院令第310号 第六条: what a criminal transfer must enclose.
CRIMINAL_TRANSFER_ATTACHMENTS: dict[str, str] = {
    "transfer_letter": "涉嫌犯罪案件移送书",
    "investigation_report": "涉嫌犯罪案件情况的调查报告",
    "items_list": "涉案物品清单",
    "test_report": "有关检验报告或者鉴定结论",
    "other_materials": "其他有关涉嫌犯罪的材料",
}


class PoliceDecision(models.TextChoices):
    """公安机关对移送案件的审查决定 (国务院令第310号 第八条、第九条)."""

    REGISTERED = "registered", "立案"
    DECLINED = "declined", "不予立案"


class Transfer(models.Model):
    """移送. A criminal transfer (两法衔接): report → head approves within 3 days → transferred within 24 h."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField("类别", max_length=16, choices=TransferKind.choices)
    receiving_body = models.CharField("接收机关", max_length=200)
    reason = models.TextField("移送理由")
    reported_at = models.DateTimeField("报告时间")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refused_reason = models.CharField("不批准理由", max_length=500, blank=True)
    transferred_at = models.DateTimeField("移送时间", null=True, blank=True)
    attachments = models.JSONField("随附材料", default=list, blank=True)
    late_reason = models.CharField("逾期说明", max_length=500, blank=True)
    # 第八条: the police's written answer (立案 / 不予立案 with reasons, returning the files).
    police_decision = models.CharField("公安机关审查决定", max_length=16, choices=PoliceDecision.choices, blank=True)
    police_notified_on = models.DateField("接到公安机关书面通知之日", null=True, blank=True)
    police_document = models.CharField("公安机关通知书文号", max_length=100, blank=True)
    police_reason = models.CharField("不予立案理由", max_length=500, blank=True)
    # 第九条: the agency may ask the police to reconsider a 不予立案 within 3 days; the answer is again written.
    review_requested_on = models.DateField("提请复议日期", null=True, blank=True)
    review_decision = models.CharField("复议决定", max_length=16, choices=PoliceDecision.choices, blank=True)
    review_notified_on = models.DateField("接到复议决定通知书之日", null=True, blank=True)
    review_document = models.CharField("复议决定通知书文号", max_length=100, blank=True)
    # 第十三条: after 立案 the police may send the case back for administrative handling.
    returned_on = models.DateField("公安机关移回日期", null=True, blank=True)
    return_document = models.CharField("移回文书文号", max_length=100, blank=True)
    return_reason = models.CharField("移回理由", max_length=500, blank=True)
    # 第十一条第二款、第三款: a decision made before the transfer stays in force; a fine is set off against a 罚金.
    prior_decision_note = models.TextField("移送前已作出的行政处罚决定", blank=True)
    prior_fine = models.DecimalField(
        "移送前已给予的罚款（元，判处罚金时依法折抵）", max_digits=14, decimal_places=2, null=True, blank=True
    )

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"

    @property
    def police_final_decision(self) -> str:
        """The police's answer that stands: the 复议 decision where the agency asked for one (第九条)."""
        return self.review_decision if self.review_requested_on else self.police_decision


class FormStock(models.Model):
    """A batch of pre-numbered 当场处罚决定书 forms held by an agency (行政处罚法 第五十二条)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="form_stocks")
    prefix = models.CharField("编号前缀", max_length=20)
    first_no = models.PositiveIntegerField("起始号")
    last_no = models.PositiveIntegerField("终止号")
    next_no = models.PositiveIntegerField("下一个可用号")
    width = models.PositiveSmallIntegerField("号码位数", default=6)
    received_on = models.DateField("领用日期")

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.prefix}{self.first_no:0{self.width}d}–{self.last_no:0{self.width}d}"

    @property
    def remaining(self) -> int:
        return max(0, self.last_no - self.next_no + 1)


# --- 行政复议、行政诉讼 as they act on the case -----------------------------------------------------------------


class RemedyKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    FIRST_INSTANCE = "first_instance", "行政诉讼（一审）"
    APPEAL = "appeal", "行政诉讼（二审）"


class RemedyOutcome(models.TextChoices):
    """The outcome of a 复议 or 诉讼 as it acts on the case. Codes are those of ``legal_affairs.ReviewOutcome``."""

    PENDING = "pending", "审理中"
    UPHELD = "upheld", "维持"
    DISMISSED = "dismissed", "驳回"
    TERMINATED = "terminated", "终止/撤回"
    CHANGED = "changed", "变更"
    REVOKED = "revoked", "撤销"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    VOID = "void", "确认无效"
    REMAKE = "remake", "撤销并责令重新作出"


# 维持、驳回、终止: the decision stands and execution continues once the remedy's own period lapses.
REMEDY_CONTINUES = frozenset({RemedyOutcome.UPHELD, RemedyOutcome.DISMISSED, RemedyOutcome.TERMINATED})
# 撤销、确认违法、确认无效: execution ends (no 催告, no 加处罚款, no court application; money paid is refunded).
REMEDY_ENDS = frozenset({RemedyOutcome.REVOKED, RemedyOutcome.CONFIRMED_ILLEGAL, RemedyOutcome.VOID})


class CaseRemedy(models.Model):
    """A 行政复议 or 行政诉讼 against the case's decision, as the case sees it.

    Written only by ``fazhi.cases.services.remedy`` (called by the legal-affairs services, which keep the full
    record). While ``outcome`` is pending, its ``suspension`` stops the late fee (行政处罚法 第七十三条第三款) and
    催告 and the court application wait (行政强制法 第五十三条). ``outcome_served_on`` starts the remedy's own
    period (行政诉讼法 第四十五条、第八十五条) after which the court window opens.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField("类别", max_length=16, choices=RemedyKind.choices)
    label = models.CharField("复议/诉讼", max_length=200)
    decision_number = models.CharField("被申请（被诉）的决定书文号", max_length=60, blank=True)
    applied_on = models.DateField("申请（起诉）日期")
    outcome = models.CharField("结果", max_length=24, choices=RemedyOutcome.choices, default=RemedyOutcome.PENDING)
    outcome_on = models.DateField("复议决定（裁判）日期", null=True, blank=True)
    outcome_served_on = models.DateField("复议决定书（裁判文书）送达日期", null=True, blank=True)
    by_ruling = models.BooleanField("以裁定结案", default=False)
    reply_label = models.CharField("本机关应办事项", max_length=40, blank=True)
    reply_article = models.CharField("依据", max_length=100, blank=True)
    reply_due = models.DateField("答复（答辩）期限", null=True, blank=True)
    reply_done_on = models.DateField("已提交答复（答辩）日期", null=True, blank=True)
    superseded = models.BooleanField("针对已被撤销的原决定", default=False)
    previous_decision = models.JSONField("原决定（被变更或责令重新作出前）", default=dict, blank=True)
    suspension = models.OneToOneField(
        CaseSuspension, null=True, blank=True, on_delete=models.SET_NULL, related_name="remedy"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "复议诉讼（案件）"
        verbose_name_plural = "复议诉讼（案件）"
        ordering = ["applied_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.label}"

    @property
    def pending(self) -> bool:
        return self.outcome == RemedyOutcome.PENDING
