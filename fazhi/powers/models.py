"""Versioned rule sets: the power list, its discretion tiers and exemptions; delegations to townships.

One ``RuleSet`` holds all three lists of a bureau for one period (see docs/power-list.md, "Versioning"): tiers
and exemptions refer to items, their ranges are checked against the items' legal ranges, and a case cites one
version. A published version (active or retired) is immutable, because a decided case keeps a foreign key to
the rows it was decided under; a change is made in a new draft version.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models

from fazhi.core.models import TimeStampedModel
from fazhi.core.periods import period_covers
from fazhi.powers.conditions import Condition, conditions_from_json
from fazhi.powers.domain import (
    DiscretionTier,
    Domain,
    ExemptionKind,
    FineMode,
    PowerKind,
    RuleSetStatus,
    choices,
)
from fazhi.rules.kinds import PenaltyKind

SAMPLE_NOTICE = "示例清单，须以本局公布的权责清单替换"


class PublishedRuleSetError(Exception):
    """A row of a published rule set was about to be changed behind the services' back."""


class RuleSet(TimeStampedModel):
    owner = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="rule_sets", verbose_name="制定机关"
    )
    version_label = models.CharField("版本", max_length=40)
    effective_from = models.DateField("施行日期")
    effective_until = models.DateField("失效日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=choices(RuleSetStatus), default=RuleSetStatus.DRAFT)
    is_sample = models.BooleanField("示例清单", default=False)
    source_filename = models.CharField("来源文件", max_length=200, blank=True)
    source_sha256 = models.CharField("来源文件SHA-256", max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="导入人",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = "权责清单版本"
        verbose_name_plural = "权责清单版本"
        ordering = (
            "owner",
            "-effective_from",
            "-pk",
        )
        constraints = (
            models.UniqueConstraint(fields=["owner", "version_label"], name="rule_set_version_unique"),
            models.CheckConstraint(
                condition=models.Q(effective_until__isnull=True)
                | models.Q(effective_until__gte=models.F("effective_from")),
                name="rule_set_period_ordered",
            ),
        )

    def __str__(self) -> str:
        return f"{self.owner} 权责清单 {self.version_label}"

    @property
    def is_published(self) -> bool:
        return self.status != RuleSetStatus.DRAFT

    def covers(self, day: date) -> bool:
        return period_covers(self.effective_from, self.effective_until, day)


class _RuleRow(models.Model):
    """A row that belongs to a rule set: refuses to change once the rule set is published."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._ensure_draft()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self._ensure_draft()
        return super().delete(*args, **kwargs)

    def _rule_set_id(self) -> int:
        raise NotImplementedError

    def _ensure_draft(self) -> None:
        status = RuleSet.objects.filter(pk=self._rule_set_id()).values_list("status", flat=True).first()
        if status is not None and status != RuleSetStatus.DRAFT:
            raise PublishedRuleSetError("已发布的权责清单版本不能修改，请复制为新的草稿版本后修改。")


class PowerItem(_RuleRow):
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="items", verbose_name="版本")
    position = models.PositiveIntegerField("序号", default=0)
    code = models.CharField("事项编码", max_length=40)
    name = models.CharField("事项名称", max_length=200)
    domain = models.CharField("领域", max_length=32, choices=choices(Domain))
    kind = models.CharField("事项类别", max_length=16, choices=choices(PowerKind))
    violation_basis = models.TextField("违法依据")
    penalty_basis = models.TextField("处罚依据", blank=True)
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    fine_mode = models.CharField("罚款方式", max_length=16, choices=choices(FineMode), default=FineMode.NONE)
    fine_min = models.DecimalField("罚款下限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    fine_max = models.DecimalField("罚款上限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    coef_min = models.DecimalField("计罚系数下限", max_digits=12, decimal_places=4, null=True, blank=True)
    coef_max = models.DecimalField("计罚系数上限", max_digits=12, decimal_places=4, null=True, blank=True)
    base_fact = models.CharField("计罚基数", max_length=40, blank=True)
    base_floor = models.DecimalField("计罚基数下限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    source = models.CharField("法条来源", max_length=300, blank=True)
    remark = models.TextField("备注", blank=True)
    is_sample = models.BooleanField("示例", default=False)

    class Meta:
        verbose_name = "执法事项"
        verbose_name_plural = "执法事项"
        ordering = (
            "rule_set",
            "position",
            "code",
        )
        constraints = (models.UniqueConstraint(fields=["rule_set", "code"], name="power_item_code_unique"),)
        indexes = (models.Index(fields=["code"]),)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def _rule_set_id(self) -> int:
        return self.rule_set_id

    @property
    def penalty_kind_labels(self) -> list[str]:
        return [PenaltyKind(k).label for k in self.penalty_kinds]

    @property
    def domain_label(self) -> str:
        return Domain(self.domain).label

    @property
    def kind_label(self) -> str:
        return PowerKind(self.kind).label


class DiscretionRule(_RuleRow):
    item = models.ForeignKey(
        PowerItem, on_delete=models.PROTECT, related_name="discretion_rules", verbose_name="执法事项"
    )
    position = models.PositiveIntegerField("序号", default=0)
    tier = models.CharField("阶次", max_length=16, choices=choices(DiscretionTier))
    description = models.CharField("适用条件（说明）", max_length=500, blank=True)
    condition_text = models.CharField("条件表达式", max_length=500, blank=True)
    conditions = models.JSONField("条件", default=list, blank=True)
    fine_min = models.DecimalField("罚款下限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    fine_max = models.DecimalField("罚款上限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    coef_min = models.DecimalField("计罚系数下限", max_digits=12, decimal_places=4, null=True, blank=True)
    coef_max = models.DecimalField("计罚系数上限", max_digits=12, decimal_places=4, null=True, blank=True)
    is_sample = models.BooleanField("示例", default=False)

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        ordering = (
            "item",
            "position",
        )

    def __str__(self) -> str:
        return f"{self.item.code} {DiscretionTier(self.tier).label}"

    def _rule_set_id(self) -> int:
        return PowerItem.objects.filter(pk=self.item_id).values_list("rule_set_id", flat=True).get()

    @property
    def tier_label(self) -> str:
        return DiscretionTier(self.tier).label

    def parsed_conditions(self) -> tuple[Condition, ...]:
        return conditions_from_json(self.conditions)


class ExemptionRule(_RuleRow):
    item = models.ForeignKey(
        PowerItem, on_delete=models.PROTECT, related_name="exemption_rules", verbose_name="执法事项"
    )
    position = models.PositiveIntegerField("序号", default=0)
    kind = models.CharField("类型", max_length=20, choices=choices(ExemptionKind))
    description = models.CharField("适用条件（说明）", max_length=500, blank=True)
    condition_text = models.CharField("条件表达式", max_length=500, blank=True)
    conditions = models.JSONField("条件", default=list, blank=True)
    look_back_months = models.PositiveSmallIntegerField("初次认定回溯期（月）", null=True, blank=True)
    is_sample = models.BooleanField("示例", default=False)

    class Meta:
        verbose_name = "免罚清单"
        verbose_name_plural = "免罚清单"
        ordering = (
            "item",
            "position",
        )

    def __str__(self) -> str:
        return f"{self.item.code} {ExemptionKind(self.kind).label}"

    def _rule_set_id(self) -> int:
        return PowerItem.objects.filter(pk=self.item_id).values_list("rule_set_id", flat=True).get()

    @property
    def kind_label(self) -> str:
        return ExemptionKind(self.kind).label

    def parsed_conditions(self) -> tuple[Condition, ...]:
        return conditions_from_json(self.conditions)


class Delegation(TimeStampedModel):
    """A power item of a bureau's list delegated to a township (赋权, 行政处罚法 第二十四条) for a period.

    It names the item by code, not by row: the delegation outlives versions of the list, and on each act date
    the item is looked up in the version then in force.
    """

    owner = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="delegations_granted",
        verbose_name="赋权机关（权责清单所属）",
    )
    township = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="delegations", verbose_name="承接乡镇（街道）"
    )
    item_code = models.CharField("事项编码", max_length=40)
    item_name = models.CharField("事项名称", max_length=200, help_text="赋权时的事项名称")
    valid_from = models.DateField("赋权起始日")
    valid_until = models.DateField("赋权截止日", null=True, blank=True)
    document_number = models.CharField("赋权文件文号", max_length=100)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.CharField("终止原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "赋权事项"
        verbose_name_plural = "赋权事项"
        ordering = (
            "township",
            "item_code",
            "valid_from",
        )
        indexes = (models.Index(fields=["township", "item_code"]),)
        constraints = (
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="delegation_period_ordered",
            ),
        )

    def __str__(self) -> str:
        return f"{self.township} {self.item_code}"

    def covers(self, day: date) -> bool:
        return period_covers(self.valid_from, self.valid_until, day)
