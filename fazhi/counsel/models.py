"""The records of 法律顾问、法制跟案、案件会商与法治建设职责 (see docs/counsel.md).

Every record belongs to one ``agency`` (directly, or through its adviser or case) and is scoped by it. Writes go
through ``fazhi.counsel.services`` (audit event in the same transaction); the annual report counts these rows.

The app sits above ``cases`` and ``legal_affairs``: an adviser's participation links to their records (a 法制审核
of a case, a 重大行政决策, a 行政诉讼, a 合同审查) instead of copying them.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from fazhi.cases.models import Opinion
from fazhi.core.models import TimeStampedModel


class AdviserKind(models.TextChoices):
    COUNSEL = "counsel", "外聘法律顾问"
    PUBLIC_LAWYER = "public_lawyer", "公职律师"


class LegalAdviser(TimeStampedModel):
    """法律顾问 / 公职律师: who he is and the term of his engagement (聘期) or appointment."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="legal_advisers", verbose_name="聘请（所在）机构"
    )
    kind = models.CharField("类别", max_length=20, choices=AdviserKind.choices)
    name = models.CharField("姓名", max_length=50)
    firm = models.CharField("律师事务所或所在单位", max_length=200)
    licence_number = models.CharField("执业证号（公职律师证号）", max_length=40, blank=True)
    term_from = models.DateField("聘期（任职）起")
    term_until = models.DateField("聘期（任职）止", null=True, blank=True, help_text="留空为长期")
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "法律顾问（公职律师）"
        verbose_name_plural = "法律顾问（公职律师）"
        ordering = ["-term_from", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_until__isnull=True) | models.Q(term_until__gte=models.F("term_from")),
                name="legal_adviser_term_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    def in_term(self, day: date) -> bool:
        return self.term_from <= day and (self.term_until is None or day <= self.term_until)


class ParticipationKind(models.TextChoices):
    LEGAL_REVIEW = "legal_review", "案件法制审核"
    MAJOR_DECISION = "major_decision", "重大行政决策"
    LITIGATION = "litigation", "行政诉讼"
    CONTRACT_REVIEW = "contract_review", "合同审查"


#: The link field of each kind of participation: exactly that one is set.
PARTICIPATION_LINKS: dict[str, str] = {
    ParticipationKind.LEGAL_REVIEW: "legal_review",
    ParticipationKind.MAJOR_DECISION: "major_decision",
    ParticipationKind.LITIGATION: "litigation",
    ParticipationKind.CONTRACT_REVIEW: "contract_review",
}


class AdviserParticipation(TimeStampedModel):
    """One adviser's part in one record of the bureau: a case's 法制审核, a 重大行政决策, a 行政诉讼, a 合同审查.

    One table with a kind and one nullable link per kind (a check constraint keeps exactly the kind's link set), so
    the report counts every kind with one query and a record's page finds its advisers by one foreign key.
    """

    adviser = models.ForeignKey(
        LegalAdviser, on_delete=models.PROTECT, related_name="participations", verbose_name="法律顾问（公职律师）"
    )
    kind = models.CharField("参与事项", max_length=20, choices=ParticipationKind.choices)
    on = models.DateField("参与日期")
    legal_review = models.ForeignKey(
        "cases.LegalReview", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="法制审核"
    )
    major_decision = models.ForeignKey(
        "legal_affairs.MajorPolicyDecision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="重大行政决策",
    )
    litigation = models.ForeignKey(
        "legal_affairs.Litigation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="行政诉讼",
    )
    contract_review = models.ForeignKey(
        "legal_affairs.ContractReview",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="合同审查",
    )
    note = models.TextField("参与情况", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "法律顾问参与记录"
        verbose_name_plural = "法律顾问参与记录"
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="legal_review",
                        legal_review__isnull=False,
                        major_decision__isnull=True,
                        litigation__isnull=True,
                        contract_review__isnull=True,
                    )
                    | models.Q(
                        kind="major_decision",
                        legal_review__isnull=True,
                        major_decision__isnull=False,
                        litigation__isnull=True,
                        contract_review__isnull=True,
                    )
                    | models.Q(
                        kind="litigation",
                        legal_review__isnull=True,
                        major_decision__isnull=True,
                        litigation__isnull=False,
                        contract_review__isnull=True,
                    )
                    | models.Q(
                        kind="contract_review",
                        legal_review__isnull=True,
                        major_decision__isnull=True,
                        litigation__isnull=True,
                        contract_review__isnull=False,
                    )
                ),
                name="adviser_participation_one_link",
            )
        ]

    def __str__(self) -> str:
        return f"{self.adviser.name}参与{self.get_kind_display()}"

    @property
    def target(self) -> models.Model | None:
        return getattr(self, PARTICIPATION_LINKS[self.kind], None)


class LegalOpinion(TimeStampedModel):
    """法律意见书: a written legal opinion by an adviser, on a subject, optionally linked (a URL or a file number)."""

    adviser = models.ForeignKey(
        LegalAdviser, on_delete=models.PROTECT, related_name="opinions", verbose_name="法律顾问（公职律师）"
    )
    issued_on = models.DateField("出具日期")
    subject = models.CharField("事项", max_length=200)
    link = models.CharField("关联（文号或链接）", max_length=300, blank=True)
    summary = models.TextField("意见摘要", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "法律意见书"
        verbose_name_plural = "法律意见书"
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.subject


class CaseAccompaniment(TimeStampedModel):
    """法制人员跟案: a legal officer (法制审核人员) follows a case's investigation from a day on; never its handler."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name="案件")
    legal_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="跟案法制人员"
    )
    started_on = models.DateField("跟案起始日期")
    note = models.TextField("跟案情况", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "法制人员跟案"
        verbose_name_plural = "法制人员跟案"
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "legal_officer"], name="case_accompaniment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case} 跟案 {self.legal_officer}"


class CaseConsultation(TimeStampedModel):
    """案件会商: a meeting on difficult cases — who took part, the cases discussed, what was concluded."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="case_consultations", verbose_name="组织机构"
    )
    held_on = models.DateField("会商日期")
    subject = models.CharField("会商议题", max_length=200)
    participants = models.CharField("参加人员", max_length=500)
    cases = models.ManyToManyField("cases.Case", related_name="+", blank=True, verbose_name="会商案件")
    conclusions = models.TextField("会商意见")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "案件会商"
        verbose_name_plural = "案件会商"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.subject}"


class TownshipCaseReview(TimeStampedModel):
    """案件审核中心帮助乡镇审核赋权案件: the bureau's review centre reviews a township's case on a delegated power.

    A record of its own: a 法制审核 (``cases.LegalReview``) of a township's case is the township's own act (its legal
    subject's reviewer), so the bureau's help is not in the case data. The case is linked when it is in fazhi;
    otherwise its number is written (``case_number``); either way its item must be delegated to the township.
    """

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="township_reviews", verbose_name="审核机构（局）"
    )
    township = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="reviews_received", verbose_name="乡镇（街道）"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="乡镇案件"
    )
    case_number = models.CharField("案号", max_length=60, blank=True)
    item_code = models.CharField("赋权事项编码", max_length=40)
    reviewed_on = models.DateField("审核日期")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="审核人员"
    )
    opinion = models.CharField("审核意见", max_length=16, choices=Opinion.choices)
    note = models.TextField("意见摘要", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "乡镇赋权案件审核"
        verbose_name_plural = "乡镇赋权案件审核"
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.township} {self.case_number or self.case}"


class DutyKind(models.TextChoices):
    """法治建设第一责任人职责: the head's meetings, statement, study and routine meetings on 法治."""

    PARTY_GROUP_MEETING = "party_group_meeting", "党组会议研究法治建设"
    DIRECTOR_MEETING = "director_meeting", "局长办公会部署法治建设"
    STATEMENT = "statement", "述法"
    GROUP_STUDY = "group_study", "集体学法"
    LEGAL_MEETING = "legal_meeting", "法制例会"


#: 党组会议 and 局长办公会: the report's "党组会议研究法治建设N次，局长办公会部署M次".
MEETING_KINDS = (DutyKind.PARTY_GROUP_MEETING, DutyKind.DIRECTOR_MEETING)


class DutyRecord(TimeStampedModel):
    """One act of the head's 法治 duties: date, subject, who (chaired it, or made the 述法), attendees, where."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="duty_records", verbose_name="机构"
    )
    kind = models.CharField("类别", max_length=24, choices=DutyKind.choices)
    held_on = models.DateField("日期")
    subject = models.CharField("主题", max_length=200)
    chaired_by = models.CharField("主持人（述法人）", max_length=100)
    attendees = models.CharField("参加人员", max_length=500, blank=True)
    place = models.CharField("地点（述法场合）", max_length=200, blank=True)
    note = models.TextField("内容摘要", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "法治建设职责履行"
        verbose_name_plural = "法治建设职责履行"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["agency", "kind", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()}：{self.subject}"
