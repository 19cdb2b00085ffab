"""A citizen's 一件事 application: the one shared form, the materials given once, and the process
on the engine (subject ``bundle:<id>``) whose steps open and await each member's department case."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BundleApplication(models.Model):
    number = models.CharField("申请编号", max_length=40, unique=True)
    bundle = models.ForeignKey("catalog.LifeEventBundle", on_delete=models.PROTECT, related_name="applications",
                               verbose_name="一件事")
    applicant_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bundles",
                                       verbose_name="申请账号")
    applicant_person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="bundles",
                                         verbose_name="申请人")
    form_data = models.JSONField("共享申请表", default=dict)
    idempotency_key = models.CharField(max_length=100)
    process = models.ForeignKey("processes.Process", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name="联办流程")
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "一件事申请"
        constraints = [models.UniqueConstraint(fields=["applicant_user", "idempotency_key"],
                                               name="one_bundle_application_per_key")]

    def __str__(self) -> str:
        return f"{self.bundle.title} {self.number}"


class BundleFile(models.Model):
    """A material given once for the whole bundle, attached to each member case that lists it by name.
    Stored encrypted like a case's own uploads (cases.material_files)."""

    application = models.ForeignKey(BundleApplication, on_delete=models.CASCADE, related_name="files")
    material_name = models.CharField("材料名称", max_length=200)
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to="bundles/")
    original_name = models.CharField("文件名", max_length=120)
    content_type = models.CharField(max_length=60)

    class Meta:
        verbose_name = verbose_name_plural = "一件事材料"
        constraints = [models.UniqueConstraint(fields=["application", "material_name"], name="one_file_per_material")]
