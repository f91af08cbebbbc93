"""Execution and after: payments and arrangements, reminders, court enforcement, transfers, form stocks and remedies."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.cases.models.case import Case
from fazhi.cases.models.investigation import CaseSuspension


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

    class Meta:
        # fines collected in a period (reports, issue 14): the year's payments, not every payment
        indexes = [models.Index(fields=["paid_on", "kind"], name="payment_paid_on")]

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


class FormBlock(models.Model):
    """A block of a ``FormStock``'s pre-numbered 当场处罚决定书 reserved to one officer's device (第五十二条).

    The officer's field client numbers the tickets it makes offline from its blocks; the server accepts a number
    only from a block of that officer and that device, and only once (a used number is a case's
    ``simple_form_number``)."""

    stock = models.ForeignKey(FormStock, on_delete=models.PROTECT, related_name="blocks", verbose_name="号段")
    officer = models.ForeignKey(
        "agencies.Officer", on_delete=models.PROTECT, related_name="form_blocks", verbose_name="执法人员"
    )
    device_id = models.CharField("设备标识", max_length=64)
    first_no = models.PositiveIntegerField("起始号")
    last_no = models.PositiveIntegerField("终止号")
    reserved_at = models.DateTimeField("预留时间")
    reserved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "预留当场处罚决定书号段"
        verbose_name_plural = "预留当场处罚决定书号段"
        ordering = ["reserved_at", "pk"]
        indexes = (models.Index(fields=["officer", "device_id"]),)

    def __str__(self) -> str:
        return f"{self.number(self.first_no)}–{self.number(self.last_no)}"

    def number(self, n: int) -> str:
        return f"{self.stock.prefix}{n:0{self.stock.width}d}"

    def numbers(self) -> list[str]:
        return [self.number(n) for n in range(self.first_no, self.last_no + 1)]

    def holds(self, number: str) -> bool:
        """``number`` is one of this block's form numbers (prefix, width and range)."""
        prefix, width = self.stock.prefix, self.stock.width
        rest = number[len(prefix) :] if number.startswith(prefix) else ""
        return len(rest) == width and rest.isascii() and rest.isdigit() and self.first_no <= int(rest) <= self.last_no


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
