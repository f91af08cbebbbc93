"""Notice and decision: electronic-service consents, the pre-decision notice, representations, hearings,
the decision and its service."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.cases.models.case import Case
from fazhi.cases.models.investigation import DecisionOutcome


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

    class Meta:
        indexes = [models.Index(fields=["decided_on"], name="decision_decided_on")]  # reports of a period

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
