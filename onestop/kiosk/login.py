"""The two ways into a kiosk session: 扫码登录 (a phone where the citizen is logged in confirms a
one-time QR token) and 身份证 + 短信验证码 (the code goes to the mobile of the real-name account).

Plain functions on models, no requests: the views turn the user returned here into a session."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from onestop.accounts import services as accounts
from onestop.accounts.models import OtpChallenge, Person, User
from onestop.accounts.permissions import verified_person
from onestop.core import protection
from onestop.core.divisions import county_codes
from onestop.core.identifiers import check_citizen_id

from .models import Kiosk, QrLoginToken

QR_TTL = dt.timedelta(minutes=2)
# A token confirmed in its last seconds may still be picked up by the kiosk's next poll.
PICKUP_GRACE = dt.timedelta(seconds=30)
# Number blocks of real mobiles, for the stand-in number of an ID without an account (see below).
_MOBILE_PREFIXES = ("134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
                    "182", "183", "187", "188", "130", "131", "132", "155", "156", "185", "186", "133",
                    "153", "180", "181", "189", "177", "199")


class KioskLoginError(Exception):
    def __init__(self, code: str, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.retry_after = code, message, retry_after


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mask_name(name: str) -> str:
    """张*三, 李*: enough for the person to recognise their own account, not to read another's."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


# ---- 扫码登录 -------------------------------------------------------------------------------------


def create_qr_token(kiosk: Kiosk) -> tuple[str, QrLoginToken]:
    """A fresh unguessable token for this kiosk's QR (returned in clear once, stored hashed)."""
    token = secrets.token_urlsafe(32)
    row = QrLoginToken.objects.create(kiosk=kiosk, token_hash=_digest(token), expires_at=timezone.now() + QR_TTL)
    return token, row


def open_qr_token(token: str) -> QrLoginToken | None:
    """The still-open request a scanned token names (not expired, not confirmed), else None."""
    if not token or len(token) > 100:
        return None
    return (QrLoginToken.objects.select_related("kiosk__hall")
            .filter(token_hash=_digest(token), expires_at__gt=timezone.now(), confirmed_at__isnull=True,
                    kiosk__is_active=True)
            .first())


def confirm_qr_token(token: str, user: User) -> QrLoginToken:
    """The phone's 在自助终端登录: binds the request to this real-name user. Of two confirmations
    (two phones, or one pressed twice) the conditional update lets exactly one win."""
    if verified_person(user) is None:
        raise KioskLoginError("not_verified", "您的账号尚未完成实名核验，不能在自助终端登录。")
    row = open_qr_token(token)
    # The update filters on the token's own columns only: with a join Django would write
    # "WHERE id IN (SELECT …)", and PostgreSQL re-checks only the outer row after waiting for the
    # other confirmation's lock, so both would win.
    won = row is not None and QrLoginToken.objects.filter(
        pk=row.pk, confirmed_at__isnull=True, expires_at__gt=timezone.now()).update(
        confirmed_by=user, confirmed_at=timezone.now())
    if not won:
        raise KioskLoginError("qr_invalid", "二维码已失效或已被使用，请在自助终端上点击“刷新二维码”后重新扫码。")
    row.refresh_from_db()
    return row


def pick_up_qr_login(kiosk: Kiosk, token_id: int) -> User | None:
    """The kiosk's poll: the confirmed user, once (the token is then used up); None while nobody
    has confirmed. Raises when the token has expired unconfirmed or belongs to another kiosk."""
    now = timezone.now()
    with transaction.atomic():
        row = QrLoginToken.objects.select_for_update().filter(pk=token_id, kiosk=kiosk).first()
        if row is None or row.used_at is not None:
            raise KioskLoginError("qr_invalid", "二维码已失效，请刷新后重新扫码。")
        if row.confirmed_at is None:
            if row.expires_at <= now:
                raise KioskLoginError("qr_expired", "二维码已过期，请刷新后重新扫码。")
            return None
        if row.expires_at + PICKUP_GRACE <= now:
            raise KioskLoginError("qr_expired", "二维码已过期，请刷新后重新扫码。")
        row.used_at = now
        row.save(update_fields=["used_at"])
        return row.confirmed_by


# ---- 身份证 + 短信验证码 -----------------------------------------------------------------------------


def _subject(kiosk: Kiosk, id_number: str) -> str:
    # The code completes a login only for this ID number at this kiosk.
    return f"kiosk:{kiosk.code}:{id_number}"


def _account_for(id_number: str) -> User | None:
    person = (Person.objects.with_id_number(id_number)
              .filter(real_name_verified_at__isnull=False, user__is_active=True, user__mobile__isnull=False)
              .select_related("user").first())
    return person.user if person else None


def _stand_in_mobile(id_number: str) -> str:
    """For an ID number without a real-name account: a number that looks like any other, always the
    same for that ID (keyed hash), to which nothing is sent. The kiosk then answers exactly as for
    an account, so typing ID numbers tells nobody who has one."""
    digest = protection.lookup_hash(f"kiosk-stand-in:{id_number}")
    prefix = _MOBILE_PREFIXES[int(digest[:6], 16) % len(_MOBILE_PREFIXES)]
    return prefix + f"{int(digest[6:22], 16) % 100_000_000:08d}"


def clean_id_number(id_number: str) -> str:
    id_number = (id_number or "").strip().upper()
    reason = check_citizen_id(id_number, county_codes())
    if reason:
        raise KioskLoginError("invalid_id_number", reason)
    return id_number


def start_id_login(kiosk: Kiosk, id_number: str, client_ip: str | None = None) -> tuple[str, str]:
    """Sends the login code to the mobile of the account of this ID number, within the rate limits
    of accounts.services.request_otp. Returns (mobile the code went to, its masked form)."""
    id_number = clean_id_number(id_number)
    user = _account_for(id_number)
    mobile = user.mobile if user else _stand_in_mobile(id_number)
    try:
        accounts.request_otp(mobile, OtpChallenge.Purpose.LOGIN, client_ip, subject=_subject(kiosk, id_number),
                             send=user is not None)
    except accounts.AccountError as error:
        raise KioskLoginError(error.code, error.message, error.retry_after) from None
    return mobile, protection.mask_mobile(mobile)


def finish_id_login(kiosk: Kiosk, id_number: str, mobile: str, code: str) -> User:
    """Checks the code (wrong codes count towards the lockout of accounts.services.check_otp)."""
    id_number = clean_id_number(id_number)
    code = (code or "").strip()
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        raise KioskLoginError("otp_format", "请输入6位数字验证码")
    try:
        accounts.check_otp(mobile, OtpChallenge.Purpose.LOGIN, code, subject=_subject(kiosk, id_number))
    except accounts.AccountError as error:
        raise KioskLoginError(error.code, error.message, error.retry_after) from None
    user = _account_for(id_number)
    if user is None or user.mobile != mobile:  # only by a race with a change of the account
        raise KioskLoginError("otp_wrong", "验证码不正确")
    return user
