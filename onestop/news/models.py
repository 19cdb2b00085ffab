"""News and information disclosure (新闻 / 政务公开): articles by department and category, their
attachments and the history of every status change. Status moves only through services.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class Kind(models.TextChoices):
    NEWS = "news", "新闻动态"
    NOTICE = "notice", "通知公告"
    POLICY = "policy", "政策文件"
    INTERPRETATION = "interpretation", "政策解读"
    ANNUAL_REPORT = "annual_report", "政府信息公开年报"


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEW = "review", "待审核"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    AMENDED = "amended", "已修订"
    EXPIRED = "expired", "已失效"
    REPEALED = "repealed", "已废止"


class Article(models.Model):
    kind = models.CharField("栏目", max_length=20, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    department = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="articles",
                                   verbose_name="发布部门")
    # 索引号: the department's identifier, the year and a serial, unique across the site.
    index_number = models.CharField("索引号", max_length=40, unique=True, editable=False)
    summary = models.CharField("摘要", max_length=300, blank=True)
    # Plain text, one paragraph per line; always shown escaped.
    body = models.TextField("正文")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="news_authored",
                               verbose_name="撰稿人", editable=False)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="news_reviewed",
                                 null=True, blank=True, verbose_name="审核人", editable=False)
    published_at = models.DateTimeField("发布日期", null=True, blank=True, editable=False)
    # Policy documents (政策文件) only.
    document_number = models.CharField("文号", max_length=60, blank=True)  # 斗府〔2026〕12号
    issuing_authority = models.CharField("发文机关", max_length=100, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    validity = models.CharField("有效性", max_length=12, choices=Validity.choices, blank=True)
    # Interpretations (政策解读): the policy document they explain.
    interprets = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="interpretations",
                                   limit_choices_to={"kind": Kind.POLICY}, verbose_name="解读的政策文件")
    items = models.ManyToManyField("catalog.ServiceItem", blank=True, related_name="policy_articles",
                                   verbose_name="涉及的办事事项")
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = verbose_name_plural = "公开信息"
        permissions = [("publish_article", "审核发布、撤回公开信息")]
        indexes = [models.Index(fields=["status", "kind", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:article", args=[self.pk])

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.splitlines() if p.strip()]


def attachment_path(instance, filename: str) -> str:
    # Random names: the original name is kept in the row, never in the storage path.
    return f"news/{instance.token}.bin"


class Attachment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.original_name


class ArticleEvent(models.Model):
    """Append-only history: who moved the article from which status to which, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人")
    note = models.CharField("说明", max_length=300, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "发布记录"
