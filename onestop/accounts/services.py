"""Registration and login with real names and SMS one-time codes; staff accounts.

Every change of state is one function here, run in one transaction. Outside systems (population
register, SMS gateway) are called before the transaction opens, never inside it.
"""

from __future__ import annotations

import datetime as dt
import secrets
import unicodedata

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from onestop.core import protection
from onestop.core.divisions import county_codes
from onestop.core.identifiers import check_citizen_id, make_uscc

from . import identity
from .clients import ServiceUnavailable, carrier, population, sms
from .models import Company, IdentityVerification, Lockout, OtpChallenge, Person, User

OTP_TTL = dt.timedelta(minutes=5)
OTP_RESEND_INTERVAL = dt.timedelta(seconds=60)
OTP_PER_MOBILE_PER_HOUR = 5
MAX_FAILED_ATTEMPTS = 5  # wrong codes for one mobile within LOCKOUT_WINDOW
LOCKOUT_WINDOW = dt.timedelta(minutes=15)
LOCKOUT_DURATION = dt.timedelta(minutes=15)


class AccountError(Exception):
    """A refusal with a stable code (for the API) and a message in Chinese (for pages)."""

    def __init__(self, code: str, message: str, field: str | None = None, retry_after: int | None = None):
        super().__init__(message)
        self.code, self.message, self.field, self.retry_after = code, message, field, retry_after


def normalise_mobile(mobile: str) -> str:
    # NFKC reads full-width digits as the number they show; digits of other scripts (٣, ३), which
    # isdigit() accepts, would make a look-alike of a number: only ASCII digits pass.
    mobile = unicodedata.normalize("NFKC", mobile).strip().replace(" ", "").replace("-", "")
    if mobile.startswith("+86"):
        mobile = mobile[3:]
    if len(mobile) != 11 or not (mobile.isascii() and mobile.isdigit()) or mobile[0] != "1":
        raise AccountError("invalid_mobile", "请输入11位手机号码", field="mobile")
    return mobile


def validate_identity(name: str, id_number: str) -> tuple[str, str]:
    name = name.strip()
    if not 2 <= len(name) <= 30 or any(c.isdigit() for c in name):
        raise AccountError("invalid_name", "请输入与身份证一致的姓名", field="name")
    id_number = id_number.strip().upper()
    reason = check_citizen_id(id_number, county_codes())
    if reason:
        raise AccountError("invalid_id_number", reason, field="id_number")
    return name, id_number


def _code_hash(mobile: str, code: str) -> str:
    return protection.lookup_hash(f"otp:{mobile}:{code}")


def _check_lockout(mobile: str, now: dt.datetime) -> None:
    lock = Lockout.objects.filter(mobile=mobile, locked_until__gt=now).first()
    if lock:
        minutes = max(1, int((lock.locked_until - now).total_seconds() // 60) + 1)
        raise AccountError(
            "locked", f"验证码错误次数过多，请 {minutes} 分钟后再试", retry_after=int((lock.locked_until - now).total_seconds())
        )


def _subject_hash(subject: str) -> str:
    return protection.lookup_hash(f"subject:{subject}") if subject else ""


def request_otp(mobile: str, purpose: str, client_ip: str | None = None, subject: str = "",
                carrier_result: str = "", send: bool = True) -> OtpChallenge:
    """Sends a new six-digit code by SMS, within the rate limits (``send=False``: the same, but
    the code goes nowhere; for a login to an unknown number)."""
    mobile = normalise_mobile(mobile)
    now = timezone.now()
    _check_lockout(mobile, now)
    recent = OtpChallenge.objects.filter(mobile=mobile, created_at__gt=now - dt.timedelta(hours=1))
    last = recent.order_by("-created_at").first()
    if last and now - last.created_at < OTP_RESEND_INTERVAL:
        wait = int((OTP_RESEND_INTERVAL - (now - last.created_at)).total_seconds()) + 1
        raise AccountError("otp_too_soon", f"验证码已发送，请 {wait} 秒后再获取", retry_after=wait)
    if recent.count() >= OTP_PER_MOBILE_PER_HOUR:
        raise AccountError("otp_rate_limited", "该手机号获取验证码过于频繁，请一小时后再试", retry_after=3600)
    if client_ip and OtpChallenge.objects.filter(client_ip=client_ip, created_at__gt=now - dt.timedelta(hours=1)).count() >= settings.ONESTOP_OTP_PER_ADDRESS_PER_HOUR:
        raise AccountError("otp_rate_limited", "当前网络获取验证码过于频繁，请稍后再试", retry_after=3600)
    code = f"{secrets.randbelow(1_000_000):06d}"
    try:
        if send:
            sms.send_otp(mobile, code)
    except ServiceUnavailable:
        raise AccountError("sms_unavailable", "短信服务暂时不可用，请稍后再试") from None
    return OtpChallenge.objects.create(
        mobile=mobile, purpose=purpose, code_hash=_code_hash(mobile, code), subject_hash=_subject_hash(subject),
        client_ip=client_ip, expires_at=now + OTP_TTL, carrier_result=carrier_result,
    )


def check_otp(mobile: str, purpose: str, code: str, subject: str = "") -> OtpChallenge:
    """Consumes the newest valid code for this mobile and purpose, or counts a failure.

    The failure is committed before the error is raised, so wrong guesses always count."""
    mobile = normalise_mobile(mobile)
    now = timezone.now()
    _check_lockout(mobile, now)
    with transaction.atomic():
        challenge = (
            OtpChallenge.objects.select_for_update()
            .filter(mobile=mobile, purpose=purpose, subject_hash=_subject_hash(subject), consumed_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if challenge and secrets.compare_digest(challenge.code_hash, _code_hash(mobile, code.strip())):
            challenge.consumed_at = now
            challenge.save(update_fields=["consumed_at"])
            return challenge
        if challenge:
            challenge.failed_attempts += 1
            challenge.save(update_fields=["failed_attempts"])
        failures = sum(
            OtpChallenge.objects.filter(mobile=mobile, created_at__gt=now - LOCKOUT_WINDOW).values_list("failed_attempts", flat=True)
        )
        locked = failures >= MAX_FAILED_ATTEMPTS
        if locked:
            Lockout.objects.update_or_create(
                mobile=mobile, defaults={"locked_until": now + LOCKOUT_DURATION, "reason": "验证码连续错误"}
            )
    if locked:
        raise AccountError("locked", "验证码错误次数过多，账号已锁定 15 分钟", retry_after=int(LOCKOUT_DURATION.total_seconds()))
    if not challenge:
        raise AccountError("otp_expired", "验证码已失效，请重新获取", field="code")
    raise AccountError("otp_wrong", f"验证码不正确，还可尝试 {MAX_FAILED_ATTEMPTS - failures} 次", field="code")


def start_registration(name: str, id_number: str, mobile: str, client_ip: str | None = None) -> str:
    """Checks the identity with the population register and the mobile with the carrier
    (运营商三要素), then sends a code to the mobile. Returns the carrier's answer: only
    "consistent" will bind the account to the person; otherwise the account is created unverified.

    Nothing here says whether the ID number or the mobile already has an account: that is told
    only after the code proves the mobile (finish_registration)."""
    name, id_number = validate_identity(name, id_number)
    mobile = normalise_mobile(mobile)
    try:
        identity.count_check(id_number, client_ip)
    except identity.IdentityError as error:
        raise AccountError(error.code, error.message, retry_after=error.retry_after) from None
    try:
        matches = population.identity_matches(name, id_number)
        carrier_result = carrier.check(name, id_number, mobile)
    except ServiceUnavailable:
        raise AccountError("register_unavailable", "实名核验服务暂时不可用，请稍后再试") from None
    if not matches:
        raise AccountError("identity_mismatch", "姓名与身份证号码不一致，请核对后重新输入", field="id_number")
    request_otp(mobile, OtpChallenge.Purpose.REGISTER, client_ip, subject=f"{name}|{id_number}",
                carrier_result=carrier_result)
    return carrier_result


def finish_registration(name: str, id_number: str, mobile: str, code: str) -> User:
    """Creates the account once the code proves the mobile: bound to the person if the carrier
    confirmed the mobile is theirs, else unverified (an IdentityClaim, bound to nobody)."""
    name, id_number = validate_identity(name, id_number)
    mobile = normalise_mobile(mobile)
    challenge = check_otp(mobile, OtpChallenge.Purpose.REGISTER, code, subject=f"{name}|{id_number}")
    if User.objects.filter(mobile=mobile).exists():
        raise AccountError("already_registered", "该手机号码已注册，请直接登录")
    verified = challenge.carrier_result == "consistent"
    record = None
    if verified:
        _refuse_second_account(id_number)
        try:
            record = population.resident(id_number)
        except ServiceUnavailable:
            pass  # identity was verified at the first step; the profile details can wait
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=f"m{mobile}", kind=User.Kind.CITIZEN, mobile=mobile)
            user.set_unusable_password()  # citizens log in with SMS codes (or the provincial login)
            user.save()
            if not verified:
                identity.claim(user, name, id_number, challenge.carrier_result)
                return user
            person = Person.objects.with_id_number(id_number).select_for_update().first() or Person()
            if person.user_id:
                raise IntegrityError("person already has an account")
            identity.bind(user, person, name, id_number, record or {})
            identity.record(user, person, IdentityVerification.Method.CARRIER,
                            f"运营商三要素核验一致（手机号 {protection.mask_mobile(mobile)}）")
            return user
    except IntegrityError:
        raise AccountError("already_registered", "该身份证号码或手机号码已注册，请直接登录") from None


def _refuse_second_account(id_number: str) -> None:
    """Told only to someone the carrier has just confirmed is this person."""
    person = (Person.objects.with_id_number(id_number).filter(user__isnull=False)
              .select_related("user").first())
    if person is not None:
        held = protection.mask_mobile(person.user.mobile) if person.user.mobile else "省统一身份认证平台登录"
        raise AccountError("already_registered", f"您已注册过账号（{held}），请用原账号登录；"
                           "如已更换手机号码，请携带身份证到政务服务大厅办理")


def start_login(mobile: str, client_ip: str | None = None) -> None:
    """Sends a login code if the mobile has an account; answers the same either way (the page
    says a code was sent if the number is registered), with the same rate limits: for an unknown
    number a challenge whose code nobody knows is stored, and no SMS is sent."""
    mobile = normalise_mobile(mobile)
    registered = User.objects.filter(mobile=mobile, is_active=True).exists()
    request_otp(mobile, OtpChallenge.Purpose.LOGIN, client_ip, send=registered)


def finish_login(mobile: str, code: str) -> User:
    mobile = normalise_mobile(mobile)
    check_otp(mobile, OtpChallenge.Purpose.LOGIN, code)
    user = User.objects.filter(mobile=mobile, is_active=True).first()
    if user is None:  # a code matched for a number without an account: only by a race with deletion
        raise AccountError("otp_wrong", "验证码不正确", field="code")
    return user


def register_company(*, name: str, company_type: str, representative: Person, address: str = "", scope: str = "",
                     registry: str = "92") -> Company:
    """A market entity newly registered on this platform (e.g. an individual business approved by
    秒批), with a fresh unified social credit code: registry ``92`` individual business, ``91`` company.
    The organisation-code body ``MB`` + 6 digits is this platform's own sequence, never a real code."""
    sequence = Company.objects.filter(uscc__startswith=f"{registry}{settings.ONESTOP_AREA_CODE}MB").count() + 1
    while True:
        uscc = make_uscc(registry, settings.ONESTOP_AREA_CODE, f"MB{sequence:06d}")
        if not Company.objects.filter(uscc=uscc).exists():
            break
        sequence += 1
    return Company.objects.create(uscc=uscc, name=name[:200], company_type=company_type, legal_representative=representative,
                                  address=address[:200], scope=scope, established_on=timezone.localdate())
