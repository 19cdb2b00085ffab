"""Consultations, complaints and suggestions (咨询 / 投诉 / 建议): the taxonomy they are filed under,
the reports themselves, their photos, the audit trail of every change, and Open311 API keys."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Category(models.Model):
    """One node of the three-level taxonomy; the first level is the 15 categories of 12345 hotlines.
    Seeded from data/taxonomy.json (taxonomy.py); code is the path: 03, 0302, 030201."""

    code = models.CharField("分类编码", max_length=8, unique=True)
    name = models.CharField("名称", max_length=40)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name="上级分类")
    level = models.PositiveSmallIntegerField("层级")  # 1, 2 or 3
    # The department a message of this category goes to first; staff may re-route.
    department = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="complaint_categories",
                                   verbose_name="承办部门")
    description = models.TextField("说明", blank=True)
    keywords = models.CharField("关键词", max_length=300, blank=True)  # space-separated; routing evidence
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "诉求分类"

    def __str__(self) -> str:
        return self.path_label

    @property
    def path_label(self) -> str:
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " › ".join(reversed(names))


class Report(models.Model):
    """A message from a citizen. Status moves only through services.py."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "咨询"
        COMPLAINT = "complaint", "投诉"
        SUGGESTION = "suggestion", "建议"

    class Status(models.TextChoices):
        PROCESSING = "processing", "办理中"
        REPLIED = "replied", "已答复"
        CLOSED = "closed", "已办结"

    class Channel(models.TextChoices):
        PORTAL = "portal", "网站"
        OPEN311 = "open311", "开放接口"

    number = models.CharField("编号", max_length=20, unique=True)  # TS20261203000123
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="reports", verbose_name="分类")
    # What the router suggested from the text, kept to measure how often citizens change it.
    suggested_category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL,
                                           related_name="+", verbose_name="系统建议分类")
    department = models.ForeignKey("catalog.Department", on_delete=models.PROTECT, related_name="complaint_reports",
                                   verbose_name="承办部门")
    title = models.CharField("标题", max_length=60)
    description = models.TextField("内容", max_length=2000)
    latitude = models.DecimalField("纬度（WGS-84）", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度（WGS-84）", max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField("地点", max_length=120, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="complaint_reports", verbose_name="提交人账号")
    # The verified mobile of an anonymous citizen (or the account's): never shown publicly.
    mobile = models.CharField("联系手机", max_length=11, blank=True)
    contact_name = models.CharField("称呼", max_length=30, blank=True)
    public = models.BooleanField("同意公开", default=False)  # the citizen's choice
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    api_key = models.ForeignKey("Open311Key", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports",
                                verbose_name="接口密钥")
    token = models.CharField("受理凭证", max_length=32, unique=True)  # Open311 token
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PROCESSING)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    due_date = models.DateField("答复期限")
    due_estimated = models.BooleanField("期限为估算", default=False)  # the calendar lacks a year
    reply = models.TextField("答复内容", blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    replied_by = models.CharField("答复人", max_length=50, blank=True)
    rating = models.PositiveSmallIntegerField("满意度", null=True, blank=True)  # 1 (very dissatisfied) … 5
    rating_comment = models.CharField("评价意见", max_length=300, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    reopened_at = models.DateTimeField("重办时间", null=True, blank=True)  # set once: reopen is allowed once
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "诉求"
        indexes = [models.Index(fields=["department", "status", "due_date"]),
                   models.Index(fields=["public", "status", "replied_at"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to="complaints/")
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "诉求照片"


class ReportEvent(models.Model):
    """Append-only audit trail: who did what to a report, and why (re-routing needs a reason)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "提交"
        REROUTE = "reroute", "转办"
        REPLY = "reply", "答复"
        RATE = "rate", "评价"
        REOPEN = "reopen", "重新办理"
        CLOSE = "close", "办结"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.CharField("操作人", max_length=80)
    actor_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    from_department = models.ForeignKey("catalog.Department", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    to_department = models.ForeignKey("catalog.Department", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    note = models.TextField("说明", blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = verbose_name_plural = "诉求办理记录"


class Open311Key(models.Model):
    """An api_key for POST requests.json (GeoReport v2). Only the key's hash is stored; an
    administrator creates one in the admin and sees the key once."""

    name = models.CharField("使用方", max_length=60)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("前缀", max_length=8)
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "Open311 接口密钥"

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"
