"""证照查验 for anyone (no login): the printed QR on a certificate's face, or any other 亮证 code,
checked through the same verify_scan as the staff console, within a rate limit per client, every
check recorded."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from onestop.core import locks, protection

from . import services
from .models import PublicCheck

CHECKS_PER_WINDOW = 20
WINDOW = dt.timedelta(minutes=10)
VERIFIER_NAME = "公众查验（证照查验页面）"


class TooManyChecks(Exception):
    message = f"查验过于频繁：同一网络 {WINDOW.seconds // 60} 分钟内最多查验 {CHECKS_PER_WINDOW} 次，请稍后再试"


def verify_publicly(text: str, client_address: str) -> services.Verdict:
    """The verdict on ``text`` with the issuer-signed minimised view; raises TooManyChecks."""
    client = protection.lookup_hash(f"public-check:{client_address}")
    with transaction.atomic():
        locks.hold(f"public-check:{client}")  # count and record as one step, whoever else checks
        now = timezone.now()
        if PublicCheck.objects.filter(client=client, at__gt=now - WINDOW).count() >= CHECKS_PER_WINDOW:
            raise TooManyChecks
        verdict = services.verify_scan(
            text, verifier_user=None, verifier_name=VERIFIER_NAME, purpose="公众扫码查验证照真伪",
        )
        PublicCheck.objects.create(at=now, client=client, verdict=verdict.code, certificate=verdict.certificate)
    return verdict
