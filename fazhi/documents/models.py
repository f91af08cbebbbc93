"""文书 and their templates.

A ``Document`` is one rendering of one kind of 文书 for a case: its .docx bytes live in the blob store under their
SHA-256 (``fazhi.core.storage``), and the row keeps the hash, the number, the template version that made it and
who made it. Rows are never updated in substance: regenerating makes version N+1 that ``supersedes`` version N,
which stays downloadable. Only ``pdf_sha256``/``pdf_size`` are filled in later, once, when a PDF is first made.

A ``DocumentTemplate`` is one version of the .docx template of a kind. The templates shipped with fazhi are
recorded as rows too (``agency`` empty, ``source=shipped``) the first time they are used, so every document names
the exact template bytes it came from even after an upgrade changes the shipped file. A legal subject's uploaded
template is used while it is ``active``; with none active, the shipped default is used.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from fazhi.documents.kinds import DocumentKind


class TemplateSource(models.TextChoices):
    SHIPPED = "shipped", "系统默认模板"
    UPLOADED = "uploaded", "本机关上传"


class DocumentTemplate(models.Model):
    kind = models.CharField("文书种类", max_length=32, choices=DocumentKind.choices)
    version = models.PositiveIntegerField("模板版本")
    source = models.CharField("来源", max_length=16, choices=TemplateSource.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="适用执法主体",
        help_text="空：系统默认模板",
    )
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    original_filename = models.CharField("文件名", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间")
    active = models.BooleanField("启用", default=False)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="document_template_version_unique"),
            models.UniqueConstraint(
                fields=["agency", "kind"], condition=Q(active=True), name="document_template_one_active"
            ),
            models.UniqueConstraint(
                fields=["kind", "sha256"], condition=Q(source="shipped"), name="document_template_shipped_once"
            ),
            models.CheckConstraint(
                condition=Q(source="shipped", agency__isnull=True, active=False)
                | Q(source="uploaded", agency__isnull=False),
                name="document_template_source_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} 模板第{self.version}版（{self.get_source_display()}）"


class Document(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents", verbose_name="案件")
    kind = models.CharField("文书种类", max_length=32, choices=DocumentKind.choices)
    number = models.CharField("文书编号", max_length=60)
    version = models.PositiveIntegerField("版本", default=1)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name="取代的版本",
    )
    sha256 = models.CharField("SHA-256（.docx）", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    # NULL = no PDF made yet; it is set once, by a conditional UPDATE … WHERE pdf_sha256 IS NULL.
    pdf_sha256 = models.CharField("SHA-256（PDF）", max_length=64, null=True, blank=True)  # noqa: DJ001
    pdf_size = models.PositiveBigIntegerField("PDF大小（字节）", null=True, blank=True)
    template = models.ForeignKey(
        DocumentTemplate, on_delete=models.PROTECT, related_name="documents", verbose_name="模板版本"
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="生成人"
    )
    generated_at = models.DateTimeField("生成时间")

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["case", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "version"], name="document_version_unique"),
            models.CheckConstraint(
                condition=Q(version=1, supersedes__isnull=True) | Q(version__gt=1, supersedes__isnull=False),
                name="document_version_links",
            ),
        ]
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}（第{self.version}版）"
