"""Which browser is a kiosk: a one-time enrolment code (shown once to the administrator) turns the
browser that opens it into that terminal, by a signed, HttpOnly cookie holding the terminal's
secret. The server keeps only hashes, so every web process can check the cookie."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from .models import Kiosk

COOKIE = "onestop_kiosk"
COOKIE_SALT = "onestop.kiosk.device"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie; re-enrol yearly
ENROLMENT_TTL = dt.timedelta(minutes=30)


class EnrolmentError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_enrolment_code(kiosk: Kiosk) -> str:
    """A new one-time code for this terminal (valid ENROLMENT_TTL); returned once, stored hashed."""
    code = secrets.token_urlsafe(24)
    kiosk.enrolment_code_hash = digest(code)
    kiosk.enrolment_expires_at = timezone.now() + ENROLMENT_TTL
    kiosk.save(update_fields=["enrolment_code_hash", "enrolment_expires_at"])
    return code


def pending_enrolment(code: str) -> Kiosk | None:
    """The terminal a still-valid enrolment code belongs to (the code is not used up)."""
    if not code:
        return None
    return (Kiosk.objects.select_related("hall")
            .filter(enrolment_code_hash=digest(code), enrolment_expires_at__gt=timezone.now(), is_active=True)
            .first())


def enrol(code: str) -> tuple[Kiosk, str]:
    """Uses the code up and gives the terminal a new device secret (returned for the cookie).
    The conditional update lets only one of two browsers opening the same link win."""
    now = timezone.now()
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        won = Kiosk.objects.filter(enrolment_code_hash=digest(code), enrolment_expires_at__gt=now,
                                   is_active=True).update(
            secret_hash=digest(secret), enrolled_at=now, enrolment_code_hash="", enrolment_expires_at=None)
        if not won:
            raise EnrolmentError("登记链接无效、已过期或已被使用，请联系管理员重新生成。")
        kiosk = Kiosk.objects.select_related("hall").get(secret_hash=digest(secret))
    return kiosk, secret


def cookie_value(kiosk: Kiosk, secret: str) -> str:
    return f"{kiosk.pk}:{secret}"


def set_device_cookie(response, kiosk: Kiosk, secret: str) -> None:
    response.set_signed_cookie(COOKIE, cookie_value(kiosk, secret), salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE,
                               httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)


def kiosk_of(request) -> Kiosk | None:
    """The active terminal whose valid device cookie this browser presented, else None."""
    try:
        value = request.get_signed_cookie(COOKIE, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None
    pk, _, secret = value.partition(":")
    if not pk.isdigit() or not secret:
        return None
    kiosk = Kiosk.objects.select_related("hall").filter(pk=int(pk), is_active=True).first()
    if kiosk is None or not kiosk.secret_hash or not secrets.compare_digest(kiosk.secret_hash, digest(secret)):
        return None
    return kiosk
