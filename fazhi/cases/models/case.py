"""The case with its one state field, its parties, its handlers and the per-agency number sequences."""

from __future__ import annotations

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
    # 待办's order (fazhi.cases.todo): a lower bound of the due day of the case's 待办 item for anyone, kept in the
    # transaction of every change of the case; empty for a closed case and for one with no pending deadline
    todo_due = models.DateField("待办最早期限", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["agency", "state"]),
            models.Index(fields=["registered_on"]),
            models.Index(fields=["closed_on"], name="case_closed_on"),  # reports of a period (issue 14)
            # the case list's order (newest first), and with a state filter (issue 14)
            models.Index(fields=["-created_at", "-id"], name="case_list_order"),
            models.Index(fields=["state", "-created_at", "-id"], name="case_list_state_order"),
            # 待办: the open cases soonest first (fazhi.cases.todo)
            models.Index(fields=["todo_due", "-created_at", "-id"], name="case_todo_order"),
        ]

    def __str__(self) -> str:
        return self.register_number or self.lead_number

    @property
    def is_open(self) -> bool:
        """Registered and not yet closed: evidence may still be added (``OPEN_STATES``)."""
        return self.state in OPEN_STATES

    @property
    def is_registered(self) -> bool:
        """立案 has happened (the case is past the lead and was not declined)."""
        return self.state not in (CaseState.LEAD, CaseState.NOT_REGISTERED)


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
