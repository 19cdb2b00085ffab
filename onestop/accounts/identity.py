"""Binding an account to a person (DESIGN §4 "Identity"): only by something the person holds.

Three ways, each recorded in an IdentityVerification row: the carrier confirms that the mobile is
registered to the name and ID number (at registration), a window clerk checks the ID card and the
face, or the provincial identity platform vouches for the person (OIDC). An account that has
none of them keeps an IdentityClaim and is bound to no person (permissions.verified_person).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from onestop.core import locks, protection

from .models import IdentityCheck, IdentityClaim, IdentityVerification, Person, User
from .permissions import can_verify_identity

CHECKS_PER_ID_PER_DAY = 5
WINDOW_DETAIL = "核验居民身份证原件，持证人与证件照片人脸比对一致"


class IdentityError(Exception):
    def __init__(self, code: str, message: str, field: str | None = None, retry_after: int | None = None):
        super().__init__(message)
        self.code, self.message, self.field, self.retry_after = code, message, field, retry_after


def count_check(id_number: str, client_ip: str | None) -> None:
    """Refuses a real-name check beyond the limits, else records it (committed at once, so that
    every attempt counts whatever happens next)."""
    id_hash = protection.lookup_hash(id_number)
    with transaction.atomic():
        locks.hold(f"identity-check:id:{id_hash}", f"identity-check:address:{client_ip}")
        now = timezone.now()
        today = IdentityCheck.objects.filter(id_hash=id_hash, at__gt=now - dt.timedelta(days=1))
        if today.count() >= CHECKS_PER_ID_PER_DAY:
            raise IdentityError("identity_rate_limited", "该身份证号码今日核验次数已达上限，请明天再试或到政务服务大厅办理",
                                retry_after=86400)
        if client_ip and IdentityCheck.objects.filter(
            client_ip=client_ip, at__gt=now - dt.timedelta(hours=1)
        ).count() >= settings.ONESTOP_IDENTITY_CHECKS_PER_ADDRESS_PER_HOUR:
            raise IdentityError("identity_rate_limited", "当前网络实名核验过于频繁，请一小时后再试", retry_after=3600)
        IdentityCheck.objects.create(id_hash=id_hash, client_ip=client_ip)


def bind(user: User, person: Person, name: str, id_number: str, record: dict) -> Person:
    """Makes ``person`` the user's (inside the caller's transaction); the profile comes from the
    population register's record where there is one."""
    person.set_id_number(id_number)
    person.user = user
    person.name = name
    if user.mobile:
        person.mobile = user.mobile
    person.gender = "M" if int(id_number[16]) % 2 else "F"
    person.birth_date = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    person.address = record.get("address") or person.address or ""
    person.division_code = record.get("division_code") or person.division_code or ""
    person.real_name_verified_at = timezone.now()
    person.save()
    return person


def record(user: User, person: Person, method: str, detail: str,
           clerk: User | None = None) -> IdentityVerification:
    return IdentityVerification.objects.create(user=user, person=person, method=method, detail=detail,
                                               clerk=clerk)


def claim(user: User, name: str, id_number: str, carrier_result: str) -> IdentityClaim:
    return IdentityClaim.objects.create(
        user=user, name=name, id_number_encrypted=protection.encrypt(id_number),
        id_hash=protection.lookup_hash(id_number), id_masked=protection.mask_id_number(id_number),
        carrier_result=carrier_result,
    )


def pending_claim(user) -> IdentityClaim | None:
    return IdentityClaim.objects.filter(user=user).first() if getattr(user, "pk", None) else None


def _verify_claim(user: User, id_number: str, method: str, detail: str, record_: dict,
                  clerk: User | None = None) -> Person:
    with transaction.atomic():
        claim_ = IdentityClaim.objects.select_for_update().filter(user=user).first()
        if claim_ is None:
            raise IdentityError("no_claim", "该账号没有待核验的身份")
        if claim_.id_hash != protection.lookup_hash(id_number):
            raise IdentityError("claim_mismatch", "证件号码与该账号申请核验的身份不一致，不能核验", field="id_number")
        person = Person.objects.with_id_number(id_number).select_for_update().first() or Person()
        if person.user_id and person.user_id != user.pk:
            other = protection.mask_mobile(person.user.mobile or "") if person.user.mobile else "省统一身份认证"
            raise IdentityError("person_has_account", f"该居民已有实名账号（{other}），请使用原账号；"
                                "如需更换手机号码，请办理账号变更")
        bind(user, person, claim_.name, id_number, record_)
        record(user, person, method, detail, clerk)
        claim_.delete()
        return person


def verify_at_window(clerk: User, mobile: str, id_number: str, face_confirmed: bool,
                     record_: dict) -> Person:
    """The clerk scanned or typed the number of the ID card in front of them and compared the face
    with the card: the account of ``mobile`` becomes that person's."""
    if not can_verify_identity(clerk):
        raise IdentityError("forbidden", "仅窗口工作人员可以核验身份")
    if not face_confirmed:
        raise IdentityError("face_not_confirmed", "请先核对办事人与身份证照片是否为同一人", field="face_confirmed")
    user = User.objects.filter(mobile=mobile, kind=User.Kind.CITIZEN, is_active=True).first()
    if user is None:
        raise IdentityError("no_account", "该手机号码没有注册账号", field="mobile")
    return _verify_claim(user, id_number, IdentityVerification.Method.WINDOW, WINDOW_DETAIL, record_, clerk)


def verify_by_provider(user: User, id_number: str, provider: str, record_: dict) -> Person:
    """The provincial identity platform vouched for ``id_number`` to the logged-in ``user``."""
    return _verify_claim(user, id_number, IdentityVerification.Method.OIDC, f"{provider}登录核验", record_)
