"""Issuer signing keys: stored encrypted, one active key per department, rotation keeps old keys
in the trust list (retired keys still verify what they signed)."""

from __future__ import annotations

import base64
import functools
import time

from django.db import transaction
from django.utils import timezone

from onestop.core import protection

from .models import IssuerKey
from .signing import Signer, Verifier, generate_signer, load_signer, load_verifier

DEFAULT_ALG = "SM2"


def _new_kid(department, alg: str) -> str:
    # Short (it travels in every offline QR code): department, algorithm, creation time in base 36.
    millis = int(timezone.now().timestamp() * 1000)
    stamp = ""
    while millis:
        millis, digit = divmod(millis, 36)
        stamp = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + stamp
    return f"{department.code.lower()}-{'sm2' if alg == 'SM2' else 'ed'}-{stamp}"


@transaction.atomic
def create_key(department, alg: str = DEFAULT_ALG) -> IssuerKey:
    """A new active key for the department and algorithm; the previous one is retired, not deleted."""
    IssuerKey.objects.filter(department=department, alg=alg, status=IssuerKey.Status.ACTIVE).update(
        status=IssuerKey.Status.RETIRED, retired_at=timezone.now()
    )
    _active_keys.pop((department.pk, alg), None)
    signer = generate_signer(alg, _new_kid(department, alg))
    return IssuerKey.objects.create(
        department=department,
        kid=signer.kid,
        alg=alg,
        public_key=signer.public_key_bytes(),
        private_key_encrypted=protection.encrypt(base64.b64encode(signer.private_key_bytes()).decode("ascii")),
    )


# A process may keep signing with a key for this long after it was rotated: what it signs in that
# time still verifies, because retired keys stay in the trust list.
ACTIVE_KEY_CACHE_SECONDS = 60
_active_keys: dict[tuple[int, str], tuple[float, IssuerKey]] = {}


def active_key(department, alg: str = DEFAULT_ALG) -> IssuerKey:
    cached = _active_keys.get((department.pk, alg))
    if cached and time.monotonic() - cached[0] < ACTIVE_KEY_CACHE_SECONDS:
        return cached[1]
    key = IssuerKey.objects.filter(department=department, alg=alg, status=IssuerKey.Status.ACTIVE).first()
    key = key or create_key(department, alg)
    # Remembered only once committed: a key made in a transaction that rolls back must not be used.
    transaction.on_commit(lambda: _active_keys.__setitem__((department.pk, alg), (time.monotonic(), key)))
    return key


def signer_for(key: IssuerKey) -> Signer:
    return _signer(key.kid, key.alg, key.private_key_encrypted)


@functools.lru_cache(maxsize=256)
def _signer(kid: str, alg: str, private_key_encrypted: str) -> Signer:
    # Keyed by the stored ciphertext: decrypting and parsing a key costs more than a signature.
    return load_signer(alg, kid, base64.b64decode(protection.decrypt(private_key_encrypted)))


@functools.lru_cache(maxsize=1024)
def _verifier(kid: str, alg: str, public_key: bytes) -> Verifier:
    return load_verifier(alg, kid, public_key)


_trusted: dict[tuple[str, str], Verifier] = {}


def trusted_verifier(kid: str, alg: str) -> Verifier | None:
    """The verifier for a key in the trust list (active or retired), or None for an unknown key.
    Keys are never changed once created, so a found key is remembered; unknown ones are not."""
    verifier = _trusted.get((kid, alg))
    if verifier is None:
        key = IssuerKey.objects.filter(kid=kid, alg=alg).only("kid", "alg", "public_key").first()
        if key is None:
            return None
        verifier = _verifier(key.kid, key.alg, bytes(key.public_key))
        transaction.on_commit(lambda: _trusted.setdefault((kid, alg), verifier))
    return verifier


def trust_list() -> list[dict]:
    return [
        {
            "kid": key.kid,
            "alg": key.alg,
            "issuer": key.department.full_name,
            "issuer_code": key.department.code,
            "issuer_uscc": key.department.uscc,
            "status": key.status,
            "public_key": base64.b64encode(bytes(key.public_key)).decode("ascii"),
            "created_at": key.created_at.isoformat(),
            "retired_at": key.retired_at.isoformat() if key.retired_at else None,
        }
        for key in IssuerKey.objects.select_related("department").order_by("department__sort_order", "created_at")
    ]


_key_departments: dict[str, int] = {}


def belongs_to(kid: str, department) -> bool:
    """Whether the key is one of the department's (a key never changes department)."""
    department_id = _key_departments.get(kid)
    if department_id is None:
        department_id = IssuerKey.objects.filter(kid=kid).values_list("department_id", flat=True).first()
        if department_id is not None:
            transaction.on_commit(lambda: _key_departments.setdefault(kid, department_id))
    return department_id == department.pk


def forget_cached_keys() -> None:
    """Drops what this process remembers of keys (tests call it after rolling a transaction back)."""
    _active_keys.clear()
    _trusted.clear()
    _key_departments.clear()
