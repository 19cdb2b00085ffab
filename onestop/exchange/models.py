"""The registry of data sources (信息共享) that forms and rules may read, who may read what, and
each source's health (the circuit breaker's state, shared by every process through the database)."""

from __future__ import annotations

from django.db import models


class DataSource(models.Model):
    class Kind(models.TextChoices):
        HTTP = "http", "外部接口"
        INTERNAL = "internal", "平台内部"

    class Subject(models.TextChoices):
        PERSON = "person", "自然人（身份证号码）"
        COMPANY = "company", "法人（统一社会信用代码）"
        PERSON_OR_COMPANY = "either", "自然人或法人"
        HOUSEHOLD = "household", "户号"

    code = models.SlugField("数据源编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=60)
    provider = models.CharField("提供部门", max_length=60)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.HTTP)
    subject = models.CharField("查询对象", max_length=10, choices=Subject.choices)
    path = models.CharField("请求路径", max_length=200, blank=True, help_text="如 /v1/marriage/{subject}；地址前缀由环境变量配置")
    timeout_ms = models.PositiveIntegerField("超时（毫秒）", default=2000)
    schema = models.JSONField("记录结构（JSON Schema）", default=dict)
    enabled = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "数据源"

    def __str__(self) -> str:
        return self.name

    @property
    def field_names(self) -> list[str]:
        return list(self.schema.get("properties", {}))


class Grant(models.Model):
    """Purpose limitation: a service item may read these fields of this source, for this purpose."""

    source = models.ForeignKey(DataSource, on_delete=models.CASCADE, related_name="grants", verbose_name="数据源")
    item = models.ForeignKey("catalog.ServiceItem", on_delete=models.CASCADE, related_name="data_grants", verbose_name="服务事项")
    fields = models.JSONField("可读字段", default=list, blank=True, help_text="留空表示该数据源的全部字段")
    purpose = models.CharField("用途", max_length=200)
    granted_at = models.DateTimeField("授权时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "数据使用授权"
        constraints = [models.UniqueConstraint(fields=["source", "item"], name="one_grant_per_source_item")]

    def __str__(self) -> str:
        return f"{self.item} ← {self.source}"


class SourceHealth(models.Model):
    """Counters and the circuit breaker of one source. Updated with F() expressions, never read-modify-write."""

    source = models.OneToOneField(DataSource, on_delete=models.CASCADE, related_name="health", primary_key=True)
    consecutive_failures = models.PositiveIntegerField("连续失败次数", default=0)
    open_until = models.DateTimeField("熔断至", null=True, blank=True)
    failures = models.PositiveBigIntegerField("失败次数", default=0)
    last_error = models.CharField("最近错误", max_length=200, blank=True)
    last_failure_at = models.DateTimeField("最近失败时间", null=True, blank=True)
    last_success_at = models.DateTimeField("最近成功时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "数据源运行状态"
