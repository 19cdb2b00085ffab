"""The outbox: templates (versioned), notices (one per event), deliveries (one per channel), and each
person's choice of channels per kind of notice."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from .kinds import CHANNEL_CHOICES, KIND_CHOICES


class NoticeTemplate(models.Model):
    """What a kind of event says. The wording lives in versions; editing adds a version."""

    key = models.SlugField("模板标识", max_length=60, unique=True, help_text="代码中 notify() 使用的标识，如 case.submitted")
    name = models.CharField("模板名称", max_length=60)
    kind = models.CharField("通知类别", max_length=20, choices=KIND_CHOICES)
    # The context the admin preview renders with; every placeholder a version uses must be in it.
    sample_context = models.JSONField("示例参数", default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key"]
        verbose_name = verbose_name_plural = "通知模板"

    def __str__(self) -> str:
        return f"{self.name}（{self.key}）"

    def current_version(self) -> TemplateVersion | None:
        return self.versions.order_by("-number").first()


class TemplateVersion(models.Model):
    """One wording of a template. Never edited: a notice names the version it was rendered from."""

    template = models.ForeignKey(NoticeTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    title = models.CharField("标题", max_length=100)
    body = models.TextField("站内消息正文")
    sms_text = models.CharField("短信正文", max_length=300, blank=True, help_text="不含签名；留空则不发短信")
    email_subject = models.CharField("邮件主题", max_length=150, blank=True, help_text="留空则用标题")
    email_body = models.TextField("邮件正文", blank=True, help_text="留空则用站内消息正文")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="notice_template_version_unique")]
        verbose_name = verbose_name_plural = "通知模板版本"

    def __str__(self) -> str:
        return f"{self.template.key} 第{self.number}版"


class Notice(models.Model):
    """One event told to one recipient: an account (it shows in their inbox) or a bare address."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="notices")
    address = models.CharField("接收地址", max_length=254, blank=True, help_text="无账号的接收人：手机号码或电子邮箱")
    # Empty only on the messages moved from the old inbox (accounts.Notification), made before templates.
    template = models.ForeignKey(NoticeTemplate, on_delete=models.PROTECT, related_name="notices", null=True, blank=True)
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="notices", null=True, blank=True)
    kind = models.CharField("通知类别", max_length=20, choices=KIND_CHOICES)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容")
    link = models.CharField("相关页面", max_length=300, blank=True)
    # The event's own name (e.g. "case:12:event:40"): a second notify() for it finds this row taken.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]
        verbose_name = verbose_name_plural = "通知"

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One notice on one channel, with its status. Claimed by a conditional UPDATE before sending."""

    class Status(models.TextChoices):
        QUEUED = "queued", "待发送"
        SENDING = "sending", "发送中"
        DELIVERED = "delivered", "已送达"
        FAILED = "failed", "发送失败"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField("渠道", max_length=10, choices=CHANNEL_CHOICES)
    address = models.CharField("发送地址", max_length=254, blank=True)
    # Rendered when the notice was made (short message text, or the e-mail's subject and body).
    subject = models.CharField("主题", max_length=150, blank=True)
    text = models.TextField("发送内容", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间")
    # While SENDING: the claim ends here; a worker killed mid-send leaves it to be claimed again.
    lease_until = models.DateTimeField(null=True, blank=True)
    reason = models.CharField("失败原因", max_length=200, blank=True)
    provider_ref = models.CharField("网关回执号", max_length=100, blank=True)
    segments = models.PositiveSmallIntegerField("短信条数", default=0)
    # Sent to the gateway as Idempotency-Key / Message-ID: a retry after a lost answer is not a second message.
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["notice", "channel"], name="delivery_one_per_channel")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
                   models.Index(fields=["channel", "address", "delivered_at"], name="delivery_rate")]
        verbose_name = verbose_name_plural = "通知发送记录"

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.address or self.notice.user}"


class Preference(models.Model):
    """The channels a person chose for one kind of notice, besides the inbox (always on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences")
    kind = models.CharField("通知类别", max_length=20, choices=KIND_CHOICES)
    channels = models.JSONField("接收渠道", default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notice_preference_unique")]
        verbose_name = verbose_name_plural = "通知偏好"
