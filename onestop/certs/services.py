"""电子证照 domain logic: issue, revoke, publish status lists, show (亮证) and verify (扫码查验).

Every change of state is one function here in one transaction; pages, the API, commands and tests
call the same functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from . import audit, jws, keys, notices, offline, status_list, validation
from .identifiers import make_certificate_id
from .models import AccessRecord, Certificate, CertificateType, Presentation, StatusListRecord

CERT_TOKEN_TYPE = "cert+jwt"
VIEW_TOKEN_TYPE = "cert-view+jwt"
ONLINE_PREFIX = "OSQ:"
ONLINE_TOKEN_SECONDS = 180  # a shown code stays valid this long; the page refreshes it every 60 s
OFFLINE_TOKEN_SECONDS = 600
PRINTED_URL_PARAMETER = "c"  # /verify/?c=OSP:…
STATUS_LIST_TTL = 300


class CertificateError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


# ---- issuance and revocation ---------------------------------------------------------------------


def _allocate_status_index(department) -> tuple[StatusListRecord, int]:
    record = (
        # The 16 KiB bitstring is not needed to hand out the next index.
        StatusListRecord.objects.select_for_update().filter(department=department).defer("bits").order_by("-number").first()
    )
    if record is None or record.next_index >= record.size:
        number = record.number + 1 if record else 1
        record = StatusListRecord.objects.create(
            department=department, number=number, size=status_list.MIN_SIZE, bits=bytes(status_list.MIN_SIZE // 8)
        )
        record = StatusListRecord.objects.select_for_update().get(pk=record.pk)
    index = record.next_index
    record.next_index += 1
    record.save(update_fields=["next_index", "updated_at"])
    return record, index


def status_list_uri(record: StatusListRecord) -> str:
    return f"/api/certs/status/{record.department.code}/{record.number}"


@transaction.atomic
def issue_certificate(
    cert_type: CertificateType,
    *,
    holder_person=None,
    holder_company=None,
    fields: dict,
    number: str | None = None,
    valid_until: dt.date | None = None,
    issued_at: dt.datetime | None = None,
    issuer=None,
) -> Certificate:
    """Issues a signed certificate of ``cert_type`` by its issuing department (or by ``issuer``, for
    types such as the approval notice that every department issues)."""
    if (holder_person is None) == (holder_company is None):
        raise CertificateError("invalid_holder", "证照须有且只有一个持证主体")
    expected = {f["key"] for f in cert_type.fields}
    unknown = set(fields) - expected
    if unknown:
        # A few names, written so that any text prints (a lone surrogate cannot be encoded).
        shown = [k.encode("utf-8", "backslashreplace").decode() for k in sorted(unknown)[:5]]
        more = f" 等 {len(unknown)} 个" if len(unknown) > len(shown) else ""
        raise CertificateError("unknown_fields", f"该证照类型没有这些字段：{'、'.join(shown)}{more}")
    department = issuer or cert_type.issuer
    issued_at = issued_at or timezone.now()
    labels = {f["key"]: f["label"] for f in cert_type.fields}
    problems = [validation.text_problem(labels[k], str(v)) for k, v in fields.items()]
    number = (number or "").strip()
    problems.append(validation.text_problem("证照编号", number, max_chars=64))  # the column's length
    problems.append(validation.validity_problem(valid_until, timezone.localtime(issued_at).date()))
    problem = next(filter(None, problems), None)
    if problem:
        raise CertificateError(*problem)
    if valid_until is None and cert_type.validity_years:
        valid_until = issued_at.date().replace(year=issued_at.year + cert_type.validity_years)
    if number and Certificate.objects.filter(cert_type=cert_type, issuer=department,
                                             number_key=validation.number_key(number)).exists():
        raise CertificateError("duplicate_number", f"证照编号 {number} 已用于另一张{cert_type.name}，请核对编号")
    # Allocating the status bit locks the issuer's list row, which also serialises serial numbers.
    record, index = _allocate_status_index(department)
    sequence = Certificate.objects.filter(issuer=department).aggregate(m=Max("serial"))["m"] or "0"
    serial = f"{int(sequence) + 1:010d}"
    identifier = make_certificate_id(cert_type.code, department.uscc, serial)
    # A certificate without a number of its own gets one as issuing offices write them: area code, year
    # and sequence (4404032026000005), not the bare serial ("0000000005").
    number = number or f"{settings.ONESTOP_AREA_CODE}{timezone.localtime(issued_at).year}{int(serial):06d}"
    key = keys.active_key(department)
    holder_name = holder_person.name if holder_person else holder_company.name
    holder_id = holder_person.id_masked if holder_person else holder_company.uscc
    certificate = Certificate(
        identifier=identifier,
        cert_type=cert_type,
        holder_person=holder_person,
        holder_company=holder_company,
        issuer=department,
        issuer_name=department.full_name,
        serial=serial,
        number=number,
        number_key=validation.number_key(number),
        fields=fields,
        issued_at=issued_at,
        valid_until=valid_until,
        status_list=record,
        status_index=index,
        kid=key.kid,
    )
    payload = {
        "iss": department.uscc,
        "iss_name": certificate.issuer_name,
        "jti": identifier,
        "iat": int(issued_at.timestamp()),
        "type": cert_type.code,
        "type_name": cert_type.name,
        "number": certificate.number,
        "holder": {"name": holder_name, "id": holder_id},
        "fields": fields,
        "valid_until": valid_until.isoformat() if valid_until else None,
        "status": {"idx": index, "uri": status_list_uri(record)},
    }
    certificate.signed = jws.sign(payload, keys.signer_for(key), CERT_TOKEN_TYPE)
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            certificate.save()
    except IntegrityError:
        # Another request issued the same number meanwhile (the constraint one_number_per_type_and_issuer).
        if Certificate.objects.filter(cert_type=cert_type, issuer=department, number_key=certificate.number_key).exists():
            raise CertificateError("duplicate_number", f"证照编号 {certificate.number} 已用于另一张{cert_type.name}，请核对编号") from None
        raise
    return certificate


@transaction.atomic
def revoke_certificate(certificate: Certificate, reason: str) -> Certificate:
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at:
        return certificate
    record = StatusListRecord.objects.select_for_update().get(pk=certificate.status_list_id)
    bits = status_list.StatusList(record.size, bytes(record.bits))
    bits.revoke(certificate.status_index)
    record.bits = bits.to_bytes()
    record.save(update_fields=["bits", "updated_at"])
    certificate.revoked_at = timezone.now()
    certificate.revocation_reason = reason
    certificate.save(update_fields=["revoked_at", "revocation_reason"])
    return certificate


def signed_status_list(department, number: int) -> str | None:
    record = StatusListRecord.objects.select_related("department").filter(department=department, number=number).first()
    if record is None:
        return None
    bits = status_list.StatusList(record.size, bytes(record.bits))
    signer = keys.signer_for(keys.active_key(department))
    return status_list.sign_list(bits, department.uscc, status_list_uri(record), signer, STATUS_LIST_TTL)


def verify_certificate_token(token: str) -> dict:
    """The payload of a certificate's signed form, if an issuer in the trust list signed it."""
    return jws.verify(token, keys.trusted_verifier, CERT_TOKEN_TYPE)


# ---- 亮证: showing a certificate ----------------------------------------------------------------


def _sha256(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


@transaction.atomic
def create_online_presentation(certificate: Certificate) -> tuple[str, dt.datetime]:
    """An opaque single-use code for the QR; the verifier resolves it through the API."""
    token = secrets.token_hex(16).upper()  # upper-case hex: QR alphanumeric mode, 128 bits
    expires_at = timezone.now() + dt.timedelta(seconds=ONLINE_TOKEN_SECONDS)
    Presentation.objects.create(
        certificate=certificate, kind=Presentation.Kind.ONLINE, token_hash=_sha256(token), expires_at=expires_at
    )
    return ONLINE_PREFIX + token, expires_at


def create_offline_presentation(certificate: Certificate) -> str:
    signer = keys.signer_for(keys.active_key(certificate.issuer))
    return offline.issue(signer, certificate.identifier, _global_status_index(certificate), OFFLINE_TOKEN_SECONDS)


def create_printed_code(certificate: Certificate) -> str:
    """The signed code printed on the certificate's face (照面): any verifier can check it offline
    against the trust list; its status is judged live at each scan."""
    signer = keys.signer_for(keys.active_key(certificate.issuer))
    return offline.issue_printed(signer, certificate.identifier, _global_status_index(certificate))


def code_in_url(text: str) -> str | None:
    """The printed code carried in a verification URL (``…/verify/?c=OSP:…``), else None."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        return None
    codes = parse_qs(parts.query).get(PRINTED_URL_PARAMETER, [])
    return codes[0] if len(codes) == 1 and codes[0].startswith(offline.PRINTED_PREFIX) else ""


def _global_status_index(certificate: Certificate) -> int:
    # One number carries both the list and the bit: list number × size + bit.
    return (certificate.status_list.number - 1) * certificate.status_list.size + certificate.status_index


# ---- 扫码查验: verifying a scanned code ------------------------------------------------------------

VERDICTS = {
    "valid": "有效",
    "expired": "已过期",
    "revoked": "已撤销",
    "replayed": "已使用（重放）",
    "forged": "伪造或被篡改",
}


@dataclass
class Verdict:
    code: str
    detail: str
    certificate: Certificate | None = None
    view: dict = field(default_factory=dict)
    view_token: str = ""

    @property
    def label(self) -> str:
        return VERDICTS[self.code]


def verify_scan(text: str, *, verifier_user, verifier_name: str, verifier_department=None,
                purpose: str = "窗口核验", service_item_code: str = "") -> Verdict:
    """Checks a scanned 亮证 code and records the read; the holder is told of every scan."""
    text = text.strip()
    in_url = code_in_url(text)
    if in_url == "":
        return Verdict("forged", "该链接不是本平台的证照查验链接")
    text = in_url or text
    if text.startswith(ONLINE_PREFIX):
        verdict = _verify_online(text[len(ONLINE_PREFIX):], verifier_user)
    elif text.startswith((offline.PREFIX, offline.PRINTED_PREFIX)):
        verdict = _verify_offline(text)
    else:
        return Verdict("forged", "不是本平台签发的亮证码")
    if verdict.certificate is not None:
        _after_scan(verdict, verifier_user, verifier_name, verifier_department, purpose, service_item_code)
    return verdict


def _verify_online(token: str, verifier_user) -> Verdict:
    now = timezone.now()
    with transaction.atomic():
        presentation = (
            # The row alone: joining the certificate's relations here cost PostgreSQL ~6 ms of
            # planning per scan. And not first(): its ORDER BY id made it walk the whole table.
            Presentation.objects.select_for_update()
            .filter(token_hash=_sha256(token), kind=Presentation.Kind.ONLINE)
            .order_by()[:1]
        )
        presentation = presentation[0] if presentation else None
        if presentation is None:
            return Verdict("forged", "亮证码不存在，可能是伪造的")
        certificate = Certificate.objects.select_related("cert_type", "issuer").get(pk=presentation.certificate_id)
        if presentation.used_at is not None:
            return Verdict("replayed", f"该亮证码已于 {timezone.localtime(presentation.used_at):%H:%M:%S} 被查验过，请持证人刷新后重新出示", certificate)
        if presentation.expires_at <= now:
            return Verdict("expired", "亮证码已过期，请持证人刷新后重新出示", certificate)
        presentation.used_at, presentation.used_by = now, verifier_user
        presentation.save(update_fields=["used_at", "used_by"])
    return _check_certificate(certificate, now)


def _verify_offline(text: str) -> Verdict:
    now = timezone.now()
    try:
        token = offline.verify(text, keys.trusted_verifier)
    except offline.OfflineTokenInvalid as exc:
        return Verdict("forged", str(exc))
    certificate = (
        Certificate.objects.select_related("cert_type", "issuer", "holder_person__user", "status_list")
        .filter(identifier=token.certificate_id)
        .order_by()[:1]
    )
    certificate = certificate[0] if certificate else None
    kind = "照面二维码" if token.printed else "离线亮证码"
    if certificate is None or _global_status_index(certificate) != token.status_index:
        return Verdict("forged", f"{kind}与证照库记录不符")
    if not keys.belongs_to(token.kid, certificate.issuer):
        return Verdict("forged", f"{kind}不是由该证照的发证机关签名的")
    if token.printed:
        # Printed on paper: scanned any number of times; revocation and expiry are judged now.
        return _check_certificate(certificate, now)
    if token.expires_at <= now.timestamp():
        return Verdict("expired", "离线亮证码已过期，请持证人重新生成", certificate)
    with transaction.atomic():
        _, created = Presentation.objects.get_or_create(
            token_hash=_sha256(token.nonce + token.certificate_id.encode()),
            defaults={"certificate": certificate, "kind": Presentation.Kind.OFFLINE,
                      "expires_at": dt.datetime.fromtimestamp(token.expires_at, tz=dt.UTC), "used_at": now},
        )
    if not created:
        return Verdict("replayed", "该离线亮证码已被查验过，请持证人重新生成", certificate)
    return _check_certificate(certificate, now)


def _check_certificate(certificate: Certificate, now: dt.datetime) -> Verdict:
    """Judges the certificate by its signed form: a database row changed after signing is forged."""
    bits = status_list.StatusList(certificate.status_list.size, bytes(certificate.status_list.bits))
    if bits.is_revoked(certificate.status_index):
        return Verdict("revoked", f"该证照已于 {timezone.localtime(certificate.revoked_at):%Y年%m月%d日} 撤销", certificate)
    try:
        payload = verify_certificate_token(certificate.signed)
    except jws.TokenInvalid:
        return Verdict("forged", "证照签名验证失败，证照数据可能被篡改", certificate)
    if not _row_matches_signed(certificate, payload):
        return Verdict("forged", "证照库记录与发证机关签名的数据不符，可能被篡改", certificate)
    valid_until = dt.date.fromisoformat(payload["valid_until"]) if payload["valid_until"] else None
    if valid_until and valid_until < timezone.localdate(now):
        return Verdict("expired", f"该证照有效期至 {valid_until:%Y年%m月%d日}，已过期", certificate)
    verdict = Verdict("valid", "证照真实有效", certificate)
    verdict.view = minimised_view(certificate, payload, now)
    verdict.view_token = jws.sign(verdict.view, keys.signer_for(keys.active_key(certificate.issuer)), VIEW_TOKEN_TYPE)
    return verdict


def _row_matches_signed(certificate: Certificate, payload: dict) -> bool:
    holder_id = certificate.holder_person.id_masked if certificate.holder_person_id else certificate.holder_company.uscc
    return (
        payload.get("jti") == certificate.identifier
        and payload.get("iss") == certificate.issuer.uscc
        and payload.get("status", {}).get("idx") == certificate.status_index
        and payload.get("valid_until") == (certificate.valid_until.isoformat() if certificate.valid_until else None)
        and payload.get("holder") == {"name": certificate.holder_name, "id": holder_id}
        and payload.get("fields") == certificate.fields
        and payload.get("number") == certificate.number
    )


def minimised_view(certificate: Certificate, payload: dict, now: dt.datetime) -> dict:
    """What a verifier sees, taken from the signed form: identity and only the fields the type marks
    for checking."""
    shown = set(certificate.cert_type.verifier_fields)
    labels = {f["key"]: f["label"] for f in certificate.cert_type.fields}
    return {
        "jti": payload["jti"],
        "type_name": payload["type_name"],
        "number": payload["number"],
        "holder_name": payload["holder"]["name"],
        "holder_id": payload["holder"]["id"],
        # In the type's own order (the signed JSON has its keys sorted).
        "fields": [{"label": labels[k], "value": payload["fields"][k]} for k in labels if k in shown and k in payload["fields"]],
        "issuer": payload["iss_name"],
        "valid_until": payload["valid_until"] or "长期",
        "verified_at": now.isoformat(),
    }


def _after_scan(verdict: Verdict, verifier_user, verifier_name: str, verifier_department, purpose: str, item_code: str) -> None:
    """The access record and the holder's notice, committed together: one notice per scan."""
    certificate = verdict.certificate
    with transaction.atomic():
        record = audit.record_access(
            action=AccessRecord.Action.SCAN, actor=verifier_name, actor_user=verifier_user,
            actor_department=verifier_department, certificate=certificate, purpose=purpose,
            service_item_code=item_code, outcome=verdict.code,
        )
        notices.tell_holder_of_scan(record, certificate, verifier_name, verdict.label)


# What each access-log outcome means to the holder (scans have verdicts; other reads have outcomes).
OUTCOME_LABELS = {**VERDICTS, "disclosed": "已按您的授权提供", "viewed": "发证部门查看"}
