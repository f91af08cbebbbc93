"""Historical cases imported from earlier systems, and the batches they came in.

A ``HistoricalCase`` holds exactly the columns of the import template, resolved to codes and foreign keys. It is
a table of its own rather than rows of ``cases.Case``: an imported case has no handlers, documents, evidence or
audit chain, and must never enter the live workflow; yet the statistics read it through the same selector layer
as live cases (``fazhi.reports.facts``), so every indicator is defined once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fazhi.cases.models import CaseSource, DecisionOutcome, PartyKind, Procedure
from fazhi.powers.domain import Domain, choices


class ImportKind(models.TextChoices):
    """What a file imports: one sheet layout per kind (fazhi.imports.kinds), chosen on the page and in the API."""

    CASES = "cases", "历史案件"
    OFFICERS = "officers", "执法人员和执法证"
    TARGETS = "targets", "检查对象名录库"
    COMPLAINTS = "complaints", "群众诉求"
    RECONSIDERATIONS = "reconsiderations", "行政复议"
    LITIGATIONS = "litigations", "行政诉讼"
    TRAININGS = "trainings", "培训和参训人员"
    PUBLICATIONS = "publications", "历史案件的处罚决定公示"


class ImportBatch(models.Model):
    """One import run: the file, who imported it, and how many rows it brought."""

    kind = models.CharField("导入类别", max_length=20, choices=ImportKind.choices, default=ImportKind.CASES)
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="导入机构",
        help_text="历史案件为空（各行自带承办机构）；其他类别为导入到的机构",
    )
    filename = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("文件SHA-256", max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField("导入时间")
    row_count = models.PositiveIntegerField("导入行数", default=0)
    unchanged = models.PositiveIntegerField("已存在未变更行数", default=0)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename}（{self.row_count}行）"


class HistoricalCase(models.Model):
    """A case decided in an earlier system (``imported`` in statistics and supervision)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="cases")
    line = models.PositiveIntegerField("文件行号")
    case_number = models.CharField("案号", max_length=80)
    procedure = models.CharField("程序", max_length=16, choices=Procedure.choices)
    source = models.CharField("案件来源", max_length=24, choices=CaseSource.choices)
    item_code = models.CharField("执法事项编码", max_length=40)
    power_item = models.ForeignKey(
        "powers.PowerItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="执法事项"
    )
    domain = models.CharField("领域", max_length=32, choices=choices(Domain))
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="historical_cases", verbose_name="承办机构"
    )
    party_kind = models.CharField("当事人类型", max_length=16, choices=PartyKind.choices)
    party_name = models.CharField("当事人名称", max_length=200)
    party_id_number = models.CharField("证件号码", max_length=18, blank=True)
    act_date = models.DateField("违法行为发生日期")
    registered_on = models.DateField("立案日期")
    decided_on = models.DateField("决定日期")
    outcome = models.CharField("决定类型", max_length=16, choices=DecisionOutcome.choices)
    fine = models.DecimalField("罚款金额（元）", max_digits=14, decimal_places=2, default=0)
    confiscation = models.DecimalField("没收金额（元）", max_digits=14, decimal_places=2, default=0)
    is_major = models.BooleanField("重大案件", default=False)
    review_opinions = models.PositiveIntegerField("法制审核意见书份数", default=0)
    is_delegated = models.BooleanField("赋权事项", default=False)
    served_on = models.DateField("送达日期", null=True, blank=True)
    paid_on = models.DateField("缴款日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)

    class Meta:
        verbose_name = "历史案件（导入）"
        verbose_name_plural = "历史案件（导入）"
        ordering = ["registered_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["case_number"], name="historical_case_number_unique")]
        indexes = [
            models.Index(fields=["agency", "registered_on"]),
            models.Index(fields=["agency", "decided_on"]),
        ]

    def __str__(self) -> str:
        return self.case_number

    imported = True  # statistics and supervision tell imported cases from live ones by this


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "等待执行"
    VALIDATING = "validate", "校验中"
    WRITING = "write", "写入中"
    SUCCEEDED = "succeeded", "已导入"
    FAILED = "failed", "未导入"


class ImportRun(models.Model):
    """One uploaded file on its way through the task queue, and where it has got to.

    The page polls this row, so any web process can show the progress of an import that the worker runs. The
    file itself is in the blob store under ``sha256``; the bad-row report is ``errors``
    (``[[line, reason, column], …]``; the column is left out where a reason is about the whole row or file, as for
    every reason of the case import).
    """

    kind = models.CharField("导入类别", max_length=20, choices=ImportKind.choices, default=ImportKind.CASES)
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="导入机构"
    )
    filename = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("文件SHA-256", max_length=64)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("提交时间")
    status = models.CharField("状态", max_length=16, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    done = models.PositiveIntegerField("已处理行数", default=0)
    total = models.PositiveIntegerField("总行数", null=True, blank=True)
    imported = models.PositiveIntegerField("导入行数", default=0)
    unchanged = models.PositiveIntegerField("已存在未变更行数", default=0)
    errors = models.JSONField("错误行", default=list, blank=True)
    message = models.TextField("说明", blank=True)
    batch = models.ForeignKey(ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # When the worker last reported progress: a run that stops moving for FAZHI_STALE_RUN_MINUTES was lost with
    # its worker (fazhi.jobs.stale).
    progressed_at = models.DateTimeField("最近进展时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in {ImportStatus.SUCCEEDED, ImportStatus.FAILED}


class HistoricalPublication(models.Model):
    """The 行政处罚决定公示 of an imported case, as the earlier system recorded it: when it was published, until
    when, and whether it was withdrawn. It feeds ``publicity.due``/``publicity.on_time_rate`` of its year beside the
    publications of live decisions (the due date is counted by the same rule, from the case's decision date); the
    earlier system, not fazhi, is where it was shown to the public."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="publications")
    line = models.PositiveIntegerField("文件行号")
    case = models.OneToOneField(
        HistoricalCase, on_delete=models.PROTECT, related_name="publication", verbose_name="历史案件"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="执法主体（处罚机关）"
    )
    number = models.CharField("决定书文号", max_length=60, blank=True)
    due_on = models.DateField("应公示日期", help_text="决定之日起按设置的工作日数，与系统内的决定同一规则")
    published_on = models.DateField("公示日期", null=True, blank=True)
    publish_until = models.DateField("公示截止日期", null=True, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawal_reason = models.CharField("撤回理由", max_length=500, blank=True)

    class Meta:
        verbose_name = "历史案件的处罚决定公示（导入）"
        verbose_name_plural = "历史案件的处罚决定公示（导入）"
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["agency", "due_on"])]

    def __str__(self) -> str:
        return f"{self.case.case_number} 公示"
