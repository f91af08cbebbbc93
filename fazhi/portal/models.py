"""The portal's own records: the search index over what is public, typical cases (以案释法) and the published
yearly figures. Everything else the portal shows is read from the apps that own it, through their public rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.core.models import TimeStampedModel


class SearchEntry(models.Model):
    """One public record in the full-text index: what the result list shows and the words it is found by.

    ``public_from``/``public_until`` bound the days the record is public (a decision's publication period), so a
    record that expires without being saved again drops out of the results on its own day. The words live in
    ``words``; SQLite indexes them in the FTS5 table ``portal_search_fts`` and PostgreSQL in the generated
    ``search_vector`` column with its GIN index (migration 0001).
    """

    source = models.CharField("来源", max_length=32)
    object_id = models.PositiveBigIntegerField("对象编号")
    title = models.CharField("标题", max_length=300)
    summary = models.CharField("摘要", max_length=500, blank=True)
    url = models.CharField("链接", max_length=300)
    words = models.TextField("分词")
    public_from = models.DateField("公开起始日", null=True, blank=True)
    public_until = models.DateField("公开截止日", null=True, blank=True)
    indexed_at = models.DateTimeField("索引时间")

    class Meta:
        verbose_name = "全文检索条目"
        verbose_name_plural = "全文检索条目"
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="portal_search_entry_unique")]

    def __str__(self) -> str:
        return self.title


class TypicalCaseStatus(models.TextChoices):
    DRAFT = "draft", "待审核"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤下"


class TypicalCase(TimeStampedModel):
    """以案释法: a closed case told to the public, its text masked, approved by someone other than its author."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name="案件")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="发布机关")
    title = models.CharField("标题", max_length=200)
    facts = models.TextField("基本案情")
    lesson = models.TextField("释法说理")
    status = models.CharField(
        "状态", max_length=12, choices=TypicalCaseStatus.choices, default=TypicalCaseStatus.DRAFT, editable=False
    )
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    published_on = models.DateField("发布日期", null=True, blank=True, editable=False)
    withdrawn_on = models.DateField("撤下日期", null=True, blank=True, editable=False)
    withdrawal_reason = models.CharField("撤下原因", max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = "典型案例（以案释法）"
        verbose_name_plural = "典型案例（以案释法）"
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class PublishedFigures(models.Model):
    """A year's figures as the bureau published them: the public keys of the annual report, frozen at publication
    (a later correction is a new publication of the same year, which replaces the page but keeps this row)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    figures = models.JSONField("数据", default=dict)
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    superseded = models.BooleanField("已被更正", default=False)

    class Meta:
        verbose_name = "年度数据公开"
        verbose_name_plural = "年度数据公开"
        ordering = ["-year", "-published_at"]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年"
