"""The bureau's own text for the narrative parts of its annual report, one row per (agency, year)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.models import TimeStampedModel

# The parts of a 法治政府建设年度报告 (shared/seeds/README.md) the bureau writes itself, in document order.
NARRATIVE_PARTS: tuple[tuple[str, str], ...] = (
    ("preface", "前言（总体情况）"),
    ("study", "学习贯彻习近平法治思想与第一责任人履职"),
    ("functions", "依法全面履行职能（权责清单、依法决策）"),
    ("enforcement", "严格规范公正文明执法（补充说明）"),
    ("education", "落实普法责任制（补充说明）"),
    ("disputes", "化解矛盾纠纷（补充说明）"),
    ("problems", "存在的问题"),
    ("plans", "下一年度工作安排"),
)


class AnnualReportText(TimeStampedModel):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="annual_report_texts", verbose_name="机构"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200, blank=True)
    parts = models.JSONField("各部分文字", default=dict, blank=True, help_text="{部分代码: 文字}")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "年度报告文字"
        verbose_name_plural = "年度报告文字"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="annual_report_text_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年度报告文字"

    def part(self, code: str) -> str:
        value = self.parts.get(code, "") if isinstance(self.parts, dict) else ""
        return str(value)


# --- rollups of closed periods (fazhi.reports.derived) ---------------------------------------------------------


class RollupPeriod(models.Model):
    """One closed month or year (``grain``; ``start``: its first day) of one case source (``live`` or
    ``imported``): its ``CaseRollup`` rows are read in place of the cases only while ``is_clean``. A change that can
    alter the period's figures sets ``is_clean`` to False in its own transaction (``fazhi.reports.derived.on_audit``);
    ``derived.refresh`` recomputes the period and sets it back."""

    source = models.CharField("来源", max_length=8)
    grain = models.CharField("粒度", max_length=5)  # "month" or "year"
    start = models.DateField("首日")
    is_clean = models.BooleanField("已汇总且未变更", default=False)
    built_at = models.DateTimeField("汇总时间", null=True, blank=True)

    class Meta:
        verbose_name = "汇总期间"
        verbose_name_plural = "汇总期间"
        constraints = [models.UniqueConstraint(fields=["source", "grain", "start"], name="rollup_period_unique")]

    def __str__(self) -> str:
        return f"{self.source} {self.grain} {self.start}"


class CaseRollup(models.Model):
    """The cases of one source whose ``by`` date (registered, decided, paid, closed) falls in one period (``grain``
    and ``start`` of a ``RollupPeriod``), per agency and the dimensions a report groups or filters on, with their
    counts and sums.

    The dimension fields carry the names of the annotated facts of ``fazhi.reports.facts`` (``f_procedure`` …),
    so the scope, the dashboard's filter and a tally's condition apply to a rollup as they apply to the cases.
    ``f_reviewed``: a live case with a LegalReview, an imported one with a 法制审核意见书 in its file.
    """

    source = models.CharField("来源", max_length=8)
    grain = models.CharField("粒度", max_length=5)
    start = models.DateField("首日")
    by = models.CharField("日期", max_length=12)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    f_procedure = models.CharField(max_length=16)
    f_source = models.CharField(max_length=24)
    f_domain = models.CharField(max_length=32, null=True)  # noqa: DJ001 — NULL as the facts group it (no item, no decision)
    f_item = models.CharField(max_length=40, null=True)  # noqa: DJ001 — NULL as the facts group it (no item, no decision)
    f_major = models.BooleanField()
    f_delegated = models.BooleanField()
    f_outcome = models.CharField(max_length=16, null=True)  # noqa: DJ001 — NULL as the facts group it (no item, no decision)
    f_reviewed = models.BooleanField()
    n = models.PositiveIntegerField()
    fine = models.DecimalField(max_digits=18, decimal_places=2)
    confiscation = models.DecimalField(max_digits=18, decimal_places=2)
    opinions = models.PositiveIntegerField()
    days = models.BigIntegerField()

    class Meta:
        verbose_name = "案件汇总"
        verbose_name_plural = "案件汇总"
        indexes = [models.Index(fields=["source", "grain", "by", "start"], name="case_rollup_period")]

    def __str__(self) -> str:
        return f"{self.source} {self.grain} {self.start} {self.by} {self.n}"


class PaymentRollup(models.Model):
    """The live cases' payments of one kind (罚款, 加处罚款 …) paid (``paid_on``) in one period (``grain`` and
    ``start`` of a live ``RollupPeriod``), per agency of the case: their count and sum. Read in place of the
    payments (``fazhi.reports.collect.fines_collected_total``) while the period is clean; a payment recorded in a
    closed period marks it dirty through its case's audit event (``fazhi.reports.derived.case_changed``)."""

    grain = models.CharField("粒度", max_length=5)
    start = models.DateField("首日")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("款项", max_length=16)
    n = models.PositiveIntegerField()
    amount = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = "缴款汇总"
        verbose_name_plural = "缴款汇总"
        indexes = [models.Index(fields=["grain", "start"], name="payment_rollup_period")]

    def __str__(self) -> str:
        return f"{self.grain} {self.start} {self.kind} {self.amount}"


class RolledCase(models.Model):
    """A live case's dates as the rollups last saw them: a change to the case makes dirty the periods of its dates
    before the change (read here) and after it."""

    case_id = models.BigIntegerField(primary_key=True)
    registered_on = models.DateField(null=True)
    decided_on = models.DateField(null=True)
    closed_on = models.DateField(null=True)

    class Meta:
        verbose_name = "已汇总案件"
        verbose_name_plural = "已汇总案件"

    def __str__(self) -> str:
        return str(self.case_id)
