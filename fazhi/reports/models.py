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
