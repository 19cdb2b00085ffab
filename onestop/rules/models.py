"""Rule sets of the instant-approval items (秒批), one row per version, and every decision made
with one, with the exact inputs, so that it can be replayed."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RuleSet(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"
        RETIRED = "retired", "已停用"

    item = models.ForeignKey("catalog.ServiceItem", on_delete=models.PROTECT, related_name="rule_sets", verbose_name="服务事项")
    version = models.PositiveIntegerField("版本号")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    definition = models.JSONField("规则定义", help_text="CEL 表达式规则，格式见 docs/data-exchange.md")
    note = models.CharField("修订说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name="发布人")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        ordering = ["item", "-version"]
        verbose_name = verbose_name_plural = "秒批规则集"
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="one_rule_set_per_item_version"),
            models.UniqueConstraint(fields=["item"], condition=models.Q(status="published"), name="one_published_rule_set_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item.name} v{self.version}（{self.get_status_display()}）"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVE = "approve", "准予批准"
        REJECT = "reject", "不予批准"
        REFER = "refer", "转人工审核"

    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="decisions", verbose_name="规则集版本")
    case_number = models.CharField("办件编号", max_length=40, db_index=True)
    outcome = models.CharField("结论", max_length=10, choices=Outcome.choices)
    reasons = models.JSONField("理由", default=list)
    trace = models.JSONField("判定过程", default=dict)
    snapshot = models.JSONField("输入快照", default=dict, help_text="判定时的全部输入，用于复现")
    decided_at = models.DateTimeField("判定时间", auto_now_add=True)
    elapsed_ms = models.FloatField("耗时（毫秒）", default=0)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = verbose_name_plural = "秒批判定记录"

    def __str__(self) -> str:
        return f"{self.case_number} {self.get_outcome_display()}"
