"""Agencies (a tree), officers and their enforcement certificates."""

from __future__ import annotations

from datetime import date

from django.db import models

from fazhi.core.models import TimeStampedModel
from fazhi.rules import mask_name, mask_phone, mask_resident_id


class AgencyKind(models.TextChoices):
    BUREAU = "bureau", "局"
    BRIGADE = "brigade", "大队"
    SQUAD = "squad", "中队"
    TOWNSHIP = "township", "乡镇（街道）"
    JUSTICE_BUREAU = "justice_bureau", "司法局（执法监督机构）"


# Kinds that are legal subjects (执法主体): they decide cases in their own name and need a USCC.
LEGAL_SUBJECT_KINDS = frozenset({AgencyKind.BUREAU, AgencyKind.TOWNSHIP, AgencyKind.JUSTICE_BUREAU})


class Agency(TimeStampedModel):
    """A node of the agency tree.

    ``path`` is the materialised path of ids (``/1/4/9/``): a subtree is one prefix query, on SQLite and
    PostgreSQL alike, which is what every scoped list needs.
    """

    kind = models.CharField("类别", max_length=20, choices=AgencyKind.choices)
    name = models.CharField("机构全称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    code = models.CharField("案号代字", max_length=20, help_text="如：醴城管")
    region_code = models.CharField("行政区划代码", max_length=6, help_text="GB/T 2260，六位数字")
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="上级机构"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="agency_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def is_legal_subject(self) -> bool:
        return self.kind in LEGAL_SUBJECT_KINDS

    @property
    def is_justice_bureau(self) -> bool:
        """司法局, the supervising body: only supervisors there (accounts asks without importing agencies)."""
        return self.kind == AgencyKind.JUSTICE_BUREAU

    def legal_subject(self) -> Agency:
        """The body in whose name this unit acts: itself, or the nearest bureau or township above it."""
        node: Agency | None = self
        while node is not None:
            if node.is_legal_subject:
                return node
            node = node.parent
        return self


class Officer(TimeStampedModel):
    """An enforcement officer (执法人员). May act in a case only while holding a valid certificate."""

    class Gender(models.TextChoices):
        MALE = "M", "男"
        FEMALE = "F", "女"

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True)
    resident_id = models.CharField("身份证号", max_length=18, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="officers", verbose_name="所属机构")
    has_legal_qualification = models.BooleanField(
        "具有法律职业资格", default=False, help_text="初次从事法制审核须具备（行政处罚法第五十八条第二款）"
    )
    is_active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["agency__path", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_resident_id(self) -> str:
        return mask_resident_id(self.resident_id) if self.resident_id else ""

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone) if self.phone else ""


class CertificateStatus(models.TextChoices):
    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "吊销/注销"


class Certificate(TimeStampedModel):
    """An administrative enforcement certificate (执法证)."""

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField("证件编号", max_length=40, unique=True)
    issuer = models.CharField("发证机关", max_length=100)
    valid_from = models.DateField("有效期自")
    valid_until = models.DateField("有效期至")
    status = models.CharField("状态", max_length=16, choices=CertificateStatus.choices, default=CertificateStatus.VALID)
    status_changed_on = models.DateField("状态变更日期", null=True, blank=True)
    status_reason = models.CharField("状态变更原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "执法证"
        verbose_name_plural = "执法证"
        ordering = ["-valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="certificate_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.number

    def problem_on(self, day: date) -> str | None:
        """Why this certificate does not let its holder act on ``day``; None when it does."""
        if self.status != CertificateStatus.VALID and (self.status_changed_on is None or self.status_changed_on <= day):
            return f"执法证（{self.number}）已{self.get_status_display()}"
        if day < self.valid_from:
            return f"执法证（{self.number}）自{self.valid_from:%Y年%m月%d日}起有效，{day:%Y年%m月%d日}尚未生效"
        if day > self.valid_until:
            return f"执法证（{self.number}）已于{self.valid_until:%Y年%m月%d日}到期"
        return None
