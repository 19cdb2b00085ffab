"""Self-service kiosks (智能服务一体机) in the halls, their QR-login tokens and their print log.

Secrets and tokens are kept as SHA-256 hashes only: a copy of the database neither enrols a
browser as a kiosk nor logs one in."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kiosk(models.Model):
    """One terminal. A browser runs the kiosk pages only with this terminal's signed device cookie,
    set by a one-time enrolment link (onestop.kiosk.devices)."""

    code = models.CharField("终端编号", max_length=20, unique=True)
    hall = models.ForeignKey("catalog.Hall", on_delete=models.PROTECT, related_name="kiosks", verbose_name="所在大厅")
    location = models.CharField("摆放位置", max_length=100, blank=True, help_text="如：一楼大厅东侧")
    is_active = models.BooleanField("启用", default=True)
    # Hash of the secret inside the device cookie; a new enrolment replaces it, which retires the
    # browser enrolled before.
    secret_hash = models.CharField(max_length=64, blank=True, editable=False)
    enrolled_at = models.DateTimeField("登记时间", null=True, blank=True, editable=False)
    enrolment_code_hash = models.CharField(max_length=64, blank=True, editable=False)
    enrolment_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Seconds without a touch before the 继续办理? prompt, and how long the prompt counts down.
    idle_prompt_seconds = models.PositiveIntegerField("无操作提示（秒）", default=90)
    countdown_seconds = models.PositiveIntegerField("倒计时（秒）", default=30)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hall", "code"]
        verbose_name = verbose_name_plural = "自助服务终端"

    def __str__(self) -> str:
        return f"{self.hall.name} {self.code}"

    @property
    def place(self) -> str:
        return f"{self.hall.name}{'（' + self.location + '）' if self.location else ''}"


class QrLoginToken(models.Model):
    """A kiosk's 扫码登录 request: shown as a QR, confirmed on a phone by a logged-in citizen, then
    used once by the kiosk that asked. Rows are shared by every web process through the database."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.CASCADE, related_name="login_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)  # the kiosk logged in with it

    class Meta:
        verbose_name = verbose_name_plural = "扫码登录请求"


class PrintRecord(models.Model):
    """A certificate printed at a kiosk (which kiosk, which certificate, for whom, when)."""

    kiosk = models.ForeignKey(Kiosk, on_delete=models.PROTECT, related_name="prints", verbose_name="终端")
    certificate = models.ForeignKey("certs.Certificate", on_delete=models.PROTECT, related_name="+",
                                    verbose_name="证照")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name="办事人账号")
    printed_at = models.DateTimeField("打印时间", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-printed_at"]
        verbose_name = verbose_name_plural = "自助打印记录"
