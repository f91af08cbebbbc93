"""Evidence (证据), the full-process record (执法全过程记录) and the chain of custody.

An ``Evidence`` row describes one file of a case: what kind of evidence it is (行政处罚法 第四十六条), who
collected it, when and where, and the SHA-256 under which its bytes sit in the blob store. Rows are never
deleted and their file never changes: a correction is a new row (``version`` + 1) that ``supersedes`` the old
one, which stays. Illegally obtained evidence is *excluded* (第四十六条第三款), never removed.

A ``Recording`` is the extra description of an audio/video file that belongs to the full-process record (body
camera, recorder): device, start and end, and the stage of the procedure it records (第四十七条). It is one-to-one
with its ``Evidence`` row, so a recording shares the file, hash, versions, exclusion and custody of evidence
instead of repeating them, and evidence rows that are not recordings carry no empty recording columns.

``CustodyEvent`` is the append-only chain of custody: every upload, view, download, new version, exclusion and
export of a file, with who, when and from where. Each event stores the hash of the previous one of the same
evidence, so a changed or removed event is found by ``fazhi evidence_verify``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from fazhi.evidence import filetypes as ft
from fazhi.evidence.filetypes import FileType


class EvidenceKind(models.TextChoices):
    """The eight kinds of evidence of 行政处罚法 第四十六条第一款; the codes are stable (API, statistics)."""

    DOCUMENTARY = "documentary", "书证"
    PHYSICAL = "physical", "物证"
    AUDIOVISUAL = "audiovisual", "视听资料"
    ELECTRONIC = "electronic", "电子数据"
    WITNESS = "witness", "证人证言"
    PARTY_STATEMENT = "party_statement", "当事人的陈述"
    EXPERT_OPINION = "expert_opinion", "鉴定意见"
    INSPECTION_RECORD = "inspection_record", "勘验笔录、现场笔录"


class RecordingStage(models.TextChoices):
    """The stages of 行政处罚法 第四十七条 that the full-process record covers."""

    START = "start", "启动"
    INVESTIGATION = "investigation", "调查取证"
    REVIEW = "review", "审核"
    DECISION = "decision", "决定"
    SERVICE = "service", "送达"
    EXECUTION = "execution", "执行"


class Evidence(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="evidence", verbose_name="案件")
    kind = models.CharField("证据种类", max_length=24, choices=EvidenceKind.choices)
    title = models.CharField("证据名称", max_length=200)
    description = models.TextField("证明内容/说明", blank=True)
    collected_at = models.DateTimeField("收集时间")
    collected_by = models.ForeignKey(
        "agencies.Officer", on_delete=models.PROTECT, related_name="+", verbose_name="收集人"
    )
    location = models.CharField("收集地点", max_length=300, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("文件大小（字节）")
    original_filename = models.CharField("原文件名", max_length=255)
    file_type = models.CharField("文件格式", max_length=8)
    content_type = models.CharField("内容类型", max_length=100)
    version = models.PositiveIntegerField("版本", default=1)
    original = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="later_versions",
        verbose_name="首个版本",
        help_text="更正形成的新版本指向第一版；第一版为空",
    )
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name="所更正的版本",
    )
    correction_reason = models.CharField("更正理由", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间")
    is_excluded = models.BooleanField("已排除（不得作为定案根据）", default=False)
    exclusion_reason = models.CharField("排除理由", max_length=500, blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="排除人",
    )
    excluded_at = models.DateTimeField("排除时间", null=True, blank=True)

    class Meta:
        verbose_name = "证据"
        verbose_name_plural = "证据"
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["case", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="evidence_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="evidence_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(version=1, original__isnull=True, supersedes__isnull=True)
                | Q(version__gt=1, original__isnull=False, supersedes__isnull=False),
                name="evidence_version_links",
            ),
            models.UniqueConstraint(fields=["original", "version"], name="evidence_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    @property
    def lineage_id(self) -> int:
        """The id of the first version: every version of one piece of evidence shares it."""
        return self.original_id or self.pk

    @property
    def is_video_or_audio(self) -> bool:
        return self.content_type.startswith(("video/", "audio/"))


class Recording(models.Model):
    """执法全过程记录: the audio/video facts of an evidence file (body camera, recorder)."""

    evidence = models.OneToOneField(
        Evidence, primary_key=True, on_delete=models.PROTECT, related_name="recording", verbose_name="证据"
    )
    is_body_camera = models.BooleanField("执法记录仪拍摄", default=False)
    device_id = models.CharField("设备编号", max_length=64, blank=True)
    recorded_start = models.DateTimeField("录制开始", null=True, blank=True)
    recorded_end = models.DateTimeField("录制结束", null=True, blank=True)
    stage = models.CharField(
        "记录环节", max_length=16, choices=RecordingStage.choices, default=RecordingStage.INVESTIGATION
    )

    class Meta:
        verbose_name = "执法全过程记录"
        verbose_name_plural = "执法全过程记录"
        constraints = [
            models.CheckConstraint(
                condition=Q(recorded_start__isnull=True)
                | Q(recorded_end__isnull=True)
                | Q(recorded_end__gte=models.F("recorded_start")),
                name="recording_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.evidence} {self.device_id}".strip()


class CustodyAction(models.TextChoices):
    UPLOAD = "upload", "上传"
    VIEW = "view", "查看"
    DOWNLOAD = "download", "下载"
    NEW_VERSION = "new_version", "更正（新版本）"
    EXCLUDE = "exclude", "排除"
    EXPORT = "export", "导出"


class AppendOnlyError(Exception):
    pass


class CustodyEventQuerySet(models.QuerySet["CustodyEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("保管链记录只能追加，不能修改。")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("保管链记录只能追加，不能删除。")


class CustodyEvent(models.Model):
    """One link of the chain of custody of one evidence file. Append-only and hash-chained per evidence."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="custody", verbose_name="证据")
    seq = models.PositiveIntegerField("序号")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField("操作人", max_length=150)
    at = models.DateTimeField("时间")
    action = models.CharField("操作", max_length=16, choices=CustodyAction.choices)
    ip = models.GenericIPAddressField("IP地址", null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    objects: ClassVar[CustodyEventQuerySet] = CustodyEventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = "保管链记录"
        verbose_name_plural = "保管链记录"
        ordering = ["evidence", "seq"]
        constraints = [models.UniqueConstraint(fields=["evidence", "seq"], name="custody_event_chain_unique")]
        indexes = [models.Index(fields=["actor", "at"])]

    def __str__(self) -> str:
        return f"{self.evidence_id}/{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("保管链记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("保管链记录只能追加，不能删除。")


def _allowed() -> dict[str, tuple[FileType, ...]]:
    photos_and_documents = (*ft.DOCUMENTS, *ft.IMAGES)
    statements = (*ft.DOCUMENTS, *ft.IMAGES, *ft.AUDIO, *ft.VIDEO)  # signed 笔录, or its audio/video recording
    return {
        EvidenceKind.DOCUMENTARY: photos_and_documents,
        EvidenceKind.PHYSICAL: (*ft.IMAGES, *ft.VIDEO, ft.PDF),  # the thing itself is kept; its photos are filed
        EvidenceKind.AUDIOVISUAL: (*ft.VIDEO, *ft.AUDIO, *ft.IMAGES),
        EvidenceKind.ELECTRONIC: ft.ALL_TYPES,
        EvidenceKind.WITNESS: statements,
        EvidenceKind.PARTY_STATEMENT: statements,
        EvidenceKind.EXPERT_OPINION: photos_and_documents,
        EvidenceKind.INSPECTION_RECORD: (*ft.DOCUMENTS, *ft.IMAGES, *ft.VIDEO),
    }


ALLOWED_TYPES: dict[str, tuple[FileType, ...]] = _allowed()
"""The file formats each kind of evidence accepts (recognised from the content; see ``filetypes``)."""


def recording_of(evidence: Evidence) -> Recording | None:
    """The evidence's full-process record facts, or None if it is not a recording."""
    try:
        return evidence.recording
    except Recording.DoesNotExist:
        return None


def superseding(evidence: Evidence) -> Evidence | None:
    """The version that corrected ``evidence``, or None if it is the current one."""
    try:
        return evidence.superseded_by
    except Evidence.DoesNotExist:
        return None
