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


class GpsSource(models.TextChoices):
    """Where an evidence file's coordinates come from: the photo's own EXIF, the device's Geolocation API at the
    time of capture, or typed by the officer. "" when there are no coordinates."""

    EXIF = "exif", "照片EXIF"
    DEVICE = "device", "设备定位"
    MANUAL = "manual", "手工填写"
    NONE = "", "无"


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
    gps_source = models.CharField("定位来源", max_length=8, choices=GpsSource.choices, blank=True, default="")
    device_taken_at = models.DateTimeField(
        "设备拍摄时间", null=True, blank=True, help_text="照片EXIF或设备拍摄时记录的时间（全过程记录）"
    )
    client_sha256 = models.CharField(
        "设备端SHA-256", max_length=64, blank=True, help_text="上传前在设备上计算的哈希；服务器复算一致才保存"
    )
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
            models.CheckConstraint(
                condition=Q(client_sha256="") | Q(client_sha256=models.F("sha256")),
                name="evidence_client_sha256_matches",
            ),
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


# --- 笔录 made in the field and handwritten signatures --------------------------------------------------------


class FieldRecordKind(models.TextChoices):
    """The two 笔录 officers make on the spot; each is evidence of its kind (行政处罚法 第四十六条)."""

    INSPECTION = "inspection", "现场检查（勘验）笔录"
    INQUIRY = "inquiry", "询问笔录"


FIELD_RECORD_EVIDENCE_KIND = {
    FieldRecordKind.INSPECTION: EvidenceKind.INSPECTION_RECORD,
    FieldRecordKind.INQUIRY: EvidenceKind.PARTY_STATEMENT,
}
"""The kind of evidence a 笔录 is: a 现场检查笔录 is a 现场笔录, a 询问笔录 records the party's statement."""

FIELD_RECORD_DOCUMENT = {FieldRecordKind.INSPECTION: "inspection_record", FieldRecordKind.INQUIRY: "inquiry_record"}


class FieldRecord(models.Model):
    """现场检查（勘验）笔录 / 询问笔录, made on the spot by at least two officers (行政处罚法 第四十二条、第五十五条).

    The record is stored once more as evidence (``evidence``: a PDF of its text and its signatures' hashes), so
    it shares the hash, custody and exclusion of evidence; the signatures are ``Signature`` rows.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="field_records", verbose_name="案件")
    kind = models.CharField("笔录种类", max_length=12, choices=FieldRecordKind.choices)
    place = models.CharField("地点", max_length=300)
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间")
    subject_name = models.CharField("当事人/被询问人", max_length=100)
    subject_id_number = models.CharField("身份证件号码", max_length=30, blank=True)
    content = models.TextField("内容")
    officers = models.ManyToManyField("agencies.Officer", related_name="+", verbose_name="执法人员")
    recorder = models.ForeignKey("agencies.Officer", on_delete=models.PROTECT, related_name="+", verbose_name="记录人")
    evidence = models.OneToOneField(
        Evidence, null=True, blank=True, on_delete=models.PROTECT, related_name="field_record", verbose_name="笔录证据"
    )
    photos = models.ManyToManyField(Evidence, blank=True, related_name="+", verbose_name="现场照片/视频")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="制作人"
    )
    created_at = models.DateTimeField("制作时间")

    class Meta:
        verbose_name = "笔录"
        verbose_name_plural = "笔录"
        ordering = ["started_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gte=models.F("started_at")), name="field_record_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.subject_name}）"

    @property
    def document(self) -> str:
        return FIELD_RECORD_DOCUMENT[FieldRecordKind(self.kind)]


class SignerRole(models.TextChoices):
    PARTY = "party", "当事人"
    OFFICER = "officer", "执法人员"
    WITNESS = "witness", "见证人"


class SignedDocument(models.TextChoices):
    SIMPLE_DECISION = "simple_decision", "当场行政处罚决定书"
    INSPECTION_RECORD = "inspection_record", "现场检查（勘验）笔录"
    INQUIRY_RECORD = "inquiry_record", "询问笔录"


class Signature(models.Model):
    """A handwritten signature on a document of the case, or the record of a refusal to sign before a witness.

    The image is stored as evidence (``evidence``; the PNG under its SHA-256), so it cannot change afterwards.
    A refusal keeps no image of the signer but the witness's name and signature (``witness_evidence``).
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="signatures", verbose_name="案件")
    document = models.CharField("文书", max_length=20, choices=SignedDocument.choices)
    record = models.ForeignKey(
        FieldRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="signatures", verbose_name="笔录"
    )
    signer_role = models.CharField("签名人身份", max_length=8, choices=SignerRole.choices)
    signer_name = models.CharField("签名人", max_length=100)
    officer = models.ForeignKey(
        "agencies.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="执法人员"
    )
    evidence = models.ForeignKey(
        Evidence, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="签名图像"
    )
    sha256 = models.CharField("签名图像SHA-256", max_length=64, blank=True)
    refused = models.BooleanField("拒绝签名", default=False)
    refusal_reason = models.CharField("拒签情况", max_length=500, blank=True)
    witness_name = models.CharField("见证人", max_length=100, blank=True)
    witness_evidence = models.ForeignKey(
        Evidence, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="见证人签名图像"
    )
    signed_at = models.DateTimeField("签名时间")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )

    class Meta:
        verbose_name = "签名"
        verbose_name_plural = "签名"
        ordering = ["signed_at", "pk"]
        indexes = [models.Index(fields=["case", "document"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(refused=False, evidence__isnull=False)
                | Q(refused=True, witness_evidence__isnull=False) & ~Q(witness_name=""),
                name="signature_image_or_witnessed_refusal",
            ),
            models.CheckConstraint(
                condition=~Q(signer_role="officer") | Q(officer__isnull=False), name="signature_officer_set"
            ),
        ]

    def __str__(self) -> str:
        who = f"{self.get_signer_role_display()}{self.signer_name}"
        return f"{who}拒绝签名（见证人{self.witness_name}）" if self.refused else f"{who}签名"
