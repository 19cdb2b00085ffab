"""电子证照库. This first part is the registry of certificate types that materials can refer to."""

from django.db import models


class CertificateType(models.Model):
    code = models.CharField("证照类型代码", max_length=21, unique=True)
    name = models.CharField("证照名称", max_length=60, unique=True)
    issuer_name = models.CharField("发证部门", max_length=60)
    holder_kind = models.CharField(
        "持证主体", max_length=10, choices=[("person", "自然人"), ("company", "法人和其他组织")], default="person"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = verbose_name_plural = "电子证照类型"

    def __str__(self) -> str:
        return self.name
