"""The document kinds (文书种类): stable codes, titles, numbering abbreviations and which procedure uses them.

Pure data, no database: the models, the context builders, the template builder and the docs all read this one
table. The order is the order of a case file (卷内目录), after RULES.md §11.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import models

# The shipped default templates (built by ``fazhi build_doc_templates``, committed).
TEMPLATE_DIR = Path(__file__).resolve().parent / "doc_templates"


class DocumentKind(models.TextChoices):
    REGISTER_APPROVAL = "register_approval", "立案审批表"
    CORRECTION_ORDER = "correction_order", "责令（限期）改正通知书"
    INSPECTION_RECORD = "inspection_record", "现场检查（勘验）笔录"
    INQUIRY_RECORD = "inquiry_record", "询问笔录"
    PRESERVATION_NOTICE = "preservation_notice", "先行登记保存通知书"
    INVESTIGATION_REPORT = "investigation_report", "调查终结报告"
    LEGAL_REVIEW_OPINION = "legal_review_opinion", "法制审核意见书"
    DISCUSSION_RECORD = "discussion_record", "集体讨论记录"
    PRE_DECISION_NOTICE = "pre_decision_notice", "行政处罚事先告知书"
    HEARING_NOTICE = "hearing_notice", "听证告知书"
    HEARING_RECORD = "hearing_record", "听证笔录"
    PENALTY_DECISION = "penalty_decision", "行政处罚决定书"
    SIMPLE_DECISION = "simple_decision", "当场行政处罚决定书"
    SERVICE_RECEIPT = "service_receipt", "送达回证"
    REMINDER = "reminder", "催告书"
    ENFORCEMENT_APPLICATION = "enforcement_application", "强制执行申请书"
    CRIMINAL_TRANSFER = "criminal_transfer", "涉嫌犯罪案件移送书"
    CLOSING_REPORT = "closing_report", "结案报告"
    FILE_COVER = "file_cover", "卷宗封面与卷内目录"


GENERAL = frozenset({"general"})
SIMPLE = frozenset({"simple"})
BOTH = frozenset({"general", "simple"})


@dataclass(frozen=True)
class KindSpec:
    kind: DocumentKind
    abbrev: str  # 文书代字 in the number: {agency}{abbrev}〔{year}〕{seq}号
    procedures: frozenset[str]
    uses_decision_number: bool = False  # the 决定书 carries the decision's own number, never a new one

    @property
    def title(self) -> str:
        return self.kind.label

    @property
    def number_template(self) -> str:
        """GB/T 9704-2012 §7.2.5 (RULES.md N-1): 代字〔年份〕序号号, no 第, no zero padding."""
        return "{agency}" + self.abbrev + "〔{year}〕{seq}号"

    @property
    def filename(self) -> str:
        return f"{self.kind.value}.docx"


K = DocumentKind
SPECS: dict[str, KindSpec] = {
    s.kind.value: s
    for s in (
        KindSpec(K.REGISTER_APPROVAL, "立审", GENERAL),
        KindSpec(K.CORRECTION_ORDER, "责改", GENERAL),
        KindSpec(K.INSPECTION_RECORD, "检查", GENERAL),
        KindSpec(K.INQUIRY_RECORD, "询问", GENERAL),
        KindSpec(K.PRESERVATION_NOTICE, "先保", GENERAL),
        KindSpec(K.INVESTIGATION_REPORT, "调终", GENERAL),
        KindSpec(K.LEGAL_REVIEW_OPINION, "法审", GENERAL),
        KindSpec(K.DISCUSSION_RECORD, "集讨", GENERAL),
        KindSpec(K.PRE_DECISION_NOTICE, "罚告", GENERAL),
        KindSpec(K.HEARING_NOTICE, "听告", GENERAL),
        KindSpec(K.HEARING_RECORD, "听笔", GENERAL),
        KindSpec(K.PENALTY_DECISION, "罚决", GENERAL, uses_decision_number=True),
        KindSpec(K.SIMPLE_DECISION, "当罚", SIMPLE, uses_decision_number=True),
        KindSpec(K.SERVICE_RECEIPT, "送达", BOTH),
        KindSpec(K.REMINDER, "催告", BOTH),
        KindSpec(K.ENFORCEMENT_APPLICATION, "强执", BOTH),
        KindSpec(K.CRIMINAL_TRANSFER, "刑移", GENERAL),
        KindSpec(K.CLOSING_REPORT, "结案", BOTH),
        KindSpec(K.FILE_COVER, "卷", BOTH),
    )
}


def spec(kind: str) -> KindSpec:
    return SPECS[kind]
