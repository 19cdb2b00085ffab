"""Applications (办件): the case, its timeline of events, and its materials."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Status(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    ACCEPTED = "accepted", "已受理"
    IN_REVIEW = "in_review", "审查中"
    NEEDS_SUPPLEMENT = "needs_supplement", "需补正"
    COMPLETED = "completed", "已办结"
    REFUSED = "refused", "不予受理"
    NOT_APPROVED = "not_approved", "不予批准"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_STATUSES = {Status.SUBMITTED, Status.ACCEPTED, Status.IN_REVIEW, Status.NEEDS_SUPPLEMENT}
FINAL_STATUSES = {Status.COMPLETED, Status.REFUSED, Status.NOT_APPROVED, Status.WITHDRAWN}


class Channel(models.TextChoices):
    ONLINE = "online", "网上办理"
    WINDOW = "window", "窗口受理"
    KIOSK = "kiosk", "自助终端"
    API = "api", "部门系统"


class Case(models.Model):
    number = models.CharField("办件编号", max_length=40, unique=True)
    item = models.ForeignKey("catalog.ServiceItem", on_delete=models.PROTECT, related_name="cases", verbose_name="服务事项")
    department = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="cases", verbose_name="办理部门")
    applicant_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases", verbose_name="申请账号")
    applicant_person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="cases",
                                         verbose_name="申请人")
    applicant_company = models.ForeignKey("accounts.Company", on_delete=models.PROTECT, null=True, blank=True, related_name="cases",
                                          verbose_name="申请单位")
    applicant_name = models.CharField("申请人名称", max_length=200)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="代办工作人员")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    form_data = models.JSONField("申请表", default=dict)
    field_sources = models.JSONField("免填来源", default=dict, help_text="字段 → 数据来源说明")
    idempotency_key = models.CharField(max_length=100)
    submitted_at = models.DateTimeField("提交时间")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    finished_at = models.DateTimeField("办结时间", null=True, blank=True)
    due_date = models.DateField("办理期限", null=True, blank=True)
    due_estimated = models.BooleanField("期限为估算", default=False, help_text="期限跨入尚未导入节假日安排的年份")
    decision = models.ForeignKey("rules.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="秒批判定")
    instant_pending = models.BooleanField("待秒批判定", default=False)
    review_reasons = models.JSONField("转人工原因", default=list, blank=True)
    result_certificate = models.ForeignKey("certs.Certificate", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                           verbose_name="办理结果")
    result_text = models.TextField("办理意见", blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = verbose_name_plural = "办件"
        constraints = [
            models.UniqueConstraint(fields=["applicant_user", "idempotency_key"], name="one_case_per_submission"),
            models.CheckConstraint(condition=models.Q(applicant_person__isnull=False) | models.Q(applicant_company__isnull=False),
                                   name="case_has_applicant"),
        ]
        indexes = [models.Index(fields=["department", "status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.number} {self.item.name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseEvent(models.Model):
    """Append-only timeline and audit trail: who did what to the case, when, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间")
    actor_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor = models.CharField("操作人", max_length=200)  # "申请人 张三", "区民政局 审批人员 李四", "系统（秒批）"
    action = models.CharField("操作", max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    reason = models.TextField("意见", blank=True)

    class Meta:
        ordering = ["at", "id"]

    @property
    def to_status_label(self) -> str:
        return Status(self.to_status).label if self.to_status else ""


def material_upload_path(instance, filename: str) -> str:
    # Random names: the original name is kept in the row, never in the storage path.
    return f"cases/{instance.case.submitted_at:%Y/%m}/{instance.token}.bin"


class CaseMaterial(models.Model):
    class Kind(models.TextChoices):
        UPLOAD = "upload", "上传"
        CERTIFICATE = "certificate", "电子证照（免证）"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey("catalog.Material", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField("材料名称", max_length=200)
    kind = models.CharField("方式", max_length=12, choices=Kind.choices)
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=material_upload_path, blank=True)
    original_name = models.CharField("文件名", max_length=200, blank=True)
    content_type = models.CharField(max_length=60, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    certificate = models.ForeignKey("certs.Certificate", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    consent = models.ForeignKey("certs.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    supplement = models.BooleanField("补正材料", default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
