"""Base models and the append-only, hash-chained audit trail."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("审计事件只能追加，不能修改。")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计事件只能追加，不能删除。")


class AuditEvent(models.Model):
    """One state change of one entity: who, when, what, before and after.

    Events of an entity form a chain: each stores the hash of the previous one, so that a row changed or removed
    behind the application's back breaks the chain and ``fazhi verify`` finds it. A case's events are its
    ``CaseEvent`` timeline (entity ``cases.case``).
    """

    entity_type = models.CharField("对象类型", max_length=64)
    entity_id = models.CharField("对象编号", max_length=64)
    seq = models.PositiveIntegerField("序号")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField("操作人", max_length=150)
    at = models.DateTimeField("时间")
    action = models.CharField("操作", max_length=64)
    summary = models.CharField("说明", max_length=500, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)
    # Version 2 (issue 10): the hash also covers the global sequence, the key id and the record's state.
    version = models.PositiveSmallIntegerField("格式版本", default=1)
    gseq = models.PositiveBigIntegerField("全局序号", null=True, blank=True, unique=True)
    key_id = models.CharField("密钥编号", max_length=32, blank=True)
    state = models.JSONField("记录状态", null=True, blank=True)

    objects: ClassVar[AuditEventQuerySet] = AuditEventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["entity_type", "entity_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["entity_type", "entity_id", "seq"], name="audit_event_chain_unique")
        ]
        indexes = [models.Index(fields=["at"]), models.Index(fields=["actor", "at"])]

    def __str__(self) -> str:
        return f"{self.entity_type}#{self.entity_id}/{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("审计事件只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计事件只能追加，不能删除。")


class AuditChainHead(models.Model):
    """The last event of each chain, locked while an event is appended.

    Appending locks this row (``SELECT … FOR UPDATE``), so two writers to one chain queue instead of taking the
    same sequence number; and ``audit_verify`` compares each chain's end with its head, so removing the newest
    events, or a whole chain, is detected as well.
    """

    entity_type = models.CharField(max_length=64)
    entity_id = models.CharField(max_length=64)
    seq = models.PositiveIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"
        constraints = [models.UniqueConstraint(fields=["entity_type", "entity_id"], name="audit_chain_head_unique")]

    def __str__(self) -> str:
        return f"{self.entity_type}#{self.entity_id} @{self.seq}"


class AuditSequence(models.Model):
    """The single-row counter of the global sequence, locked by every append until its transaction ends.

    Taking the number from one locked row, in the same transaction as the event, makes the sequence gap-free by
    construction: a rolled-back transaction gives its number back, two writers queue. ``value`` is the last
    number given; ``verify`` compares it with the newest event, so removed newest events are found.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "审计全局序号"
        verbose_name_plural = "审计全局序号"

    def __str__(self) -> str:
        return f"@{self.value}"


class HolidayOverride(models.Model):
    """The editable holiday table: one row per day whose official status is set by hand.

    A year entered here is *known*: every day of it not listed is a weekday/weekend as usual, every listed day is
    a holiday or a make-up working day (调休). Years entered here take precedence over the bundled calendar, and
    a year entered nowhere is refused rather than guessed.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日"
        WORKDAY = "workday", "调休工作日"

    year = models.PositiveSmallIntegerField("年份", db_index=True)
    day = models.DateField("日期", unique=True)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    name = models.CharField("名称", max_length=32, blank=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.name}"

    def clean(self) -> None:
        if self.day and self.year and self.day.year != self.year:
            raise ValidationError({"day": f"日期{self.day}不在{self.year}年内。"})
        if self.day and self.kind == self.Kind.WORKDAY and self.day.weekday() < 5:
            raise ValidationError({"kind": "调休工作日应为周六或周日：周一至周五本来就是工作日。"})


class HolidayYear(models.Model):
    """Marks a year as entered in full (the arrangement published by the State Council)."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("依据", max_length=200, help_text="如：国务院办公厅关于2027年部分节假日安排的通知")

    class Meta:
        verbose_name = "已录入年度"
        verbose_name_plural = "已录入年度"

    def __str__(self) -> str:
        return str(self.year)


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "等待执行"
    RUNNING = "running", "生成中"
    SUCCEEDED = "succeeded", "已生成"
    FAILED = "failed", "生成失败"


class Export(models.Model):
    """A file built by the worker (``fazhi.core.exports``): what to build, for whom, and where it got to.

    ``builder`` is the dotted path of a function ``(*, actor, **params) -> bytes`` chosen by code, never by a
    request; the finished file is in the blob store under ``sha256``.
    """

    builder = models.CharField("生成函数", max_length=200)
    params = models.JSONField("参数", default=dict)
    filename = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=120)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("提交时间")
    status = models.CharField("状态", max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    sha256 = models.CharField("文件SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("文件大小", default=0)
    message = models.TextField("说明", blank=True)
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # Progress reported by the builder (rows written, steps done) and when it last moved: a run that stops moving
    # for FAZHI_STALE_RUN_MINUTES was lost with its worker (fazhi.jobs.stale).
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", null=True, blank=True)
    progressed_at = models.DateTimeField("最近进展时间", null=True, blank=True)

    class Meta:
        verbose_name = "导出文件"
        verbose_name_plural = "导出文件"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in {ExportStatus.SUCCEEDED, ExportStatus.FAILED}
