"""综合窗口 (comprehensive window, 无差别受理): what the clerk decided at the counter for a case,
and the attempts of the public progress lookup (counted for its rate limit)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Reception(models.Model):
    """One visit's outcome at the window: the case was accepted (受理) or refused (不予受理) there."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "受理"
        REFUSED = "refused", "不予受理"

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="reception", verbose_name="办件")
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="receptions",
                              verbose_name="受理人")
    clerk_name = models.CharField("受理人姓名", max_length=50)  # as printed on the receipt, kept if the account goes
    clerk_department = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="+",
                                         verbose_name="受理人所属部门")
    # The appointments part owns the hall's service windows; until then the window is its printed label.
    hall = models.ForeignKey("catalog.Hall", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="服务大厅")
    window_label = models.CharField("窗口", max_length=40)
    at = models.DateTimeField("受理时间", db_index=True)
    # [{"name", "required", "status": paper|ecert|form|missing, "certificate": number}], in the guide's order.
    materials = models.JSONField("材料核验", default=list)
    # The receipt's lookup code: encrypted so that the receipt can be printed again, hashed for the lookup.
    lookup_code_encrypted = models.TextField(editable=False, blank=True)
    lookup_code_hash = models.CharField(max_length=64, editable=False, blank=True)
    # Keyed hash of the mobile the visitor gave at the window (the progress lookup compares it).
    mobile_hash = models.CharField(max_length=64, editable=False, blank=True)
    reason_code = models.CharField("不予受理原因", max_length=30, blank=True)
    reason_text = models.TextField("不予受理说明", blank=True)
    legal_basis = models.TextField("依据", blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = verbose_name_plural = "窗口受理记录"
        indexes = [models.Index(fields=["clerk", "at"])]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_outcome_display()}"


class LookupAttempt(models.Model):
    """A failed progress lookup: counted per address and per case number for the rate limit."""

    client_ip = models.GenericIPAddressField(null=True, blank=True)
    number = models.CharField(max_length=40)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["client_ip", "at"]), models.Index(fields=["number", "at"])]
