"""Department access with the holder's consent (免证办): grant, withdraw, and answer a department's
query with an SD-JWT (RFC 9901) that discloses only the consented fields.

The SD-JWT is signed with the certificate library's Ed25519 key (EdDSA, which the reference
``sd-jwt`` library and any JOSE verifier accept); the certificate itself stays signed by its issuer
with SM2, and its identifier is in the SD-JWT for a verifier who wants to check the original.
"""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from jwcrypto.jwk import JWK
from sd_jwt.common import SDObj
from sd_jwt.holder import SDJWTHolder
from sd_jwt.issuer import SDJWTIssuer

from onestop.catalog.models import Department

from . import audit, keys, notices
from .models import AccessRecord, Certificate, Consent

SD_JWT_SECONDS = 600
MAX_CONSENT_DAYS = 365
MAX_CONSENT_USES = 100
# A consent given with an application ends with the case; these bound it if the case never ends.
# Ten reads leave room for acceptance, review, a 补正 round and the decision, each one audited.
CASE_CONSENT_USES = 10
CASE_CONSENT_MAX_DAYS = MAX_CONSENT_DAYS

# Beyond the type's own fields, a consent may cover what the face of every certificate shows.
NUMBER, HOLDER_NAME = "number", "holder_name"
COMMON_FIELDS = [{"key": NUMBER, "label": "证照编号"}, {"key": HOLDER_NAME, "label": "持证人姓名"}]
# What an item that declares nothing needs: the number, which with the identifier (always in the
# SD-JWT) identifies the certificate; the department already knows the applicant from the case.
DEFAULT_FIELDS = [NUMBER]


class ConsentError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def library_department() -> Department:
    """The department that runs the certificate library and signs disclosures (政务服务数据管理局)."""
    return Department.objects.get(code=settings.ONESTOP_CERT_LIBRARY_DEPARTMENT)


def _jwk(key) -> JWK:
    signer = keys.signer_for(key)
    return JWK.from_pyca(signer._key)  # noqa: SLF001 - the pyca key object the Ed25519 signer wraps


def public_jwks() -> dict:
    result = []
    for key in keys.IssuerKey.objects.filter(department=library_department(), alg="EdDSA"):
        jwk = JWK.from_json(_jwk(key).export_public())
        result.append({**jwk.export_public(as_dict=True), "kid": key.kid, "alg": "EdDSA", "use": "sig", "status": key.status})
    return {"keys": result}


def consentable_fields(cert_type) -> list[dict]:
    """The fields a consent for this type may cover, in the order the holder reads them."""
    own = [f for f in cert_type.fields if f["key"] not in {c["key"] for c in COMMON_FIELDS}]
    return COMMON_FIELDS + own


def fields_needed(material) -> list[str]:
    """The fields an item's material needs from the certificate that replaces it: declared on the
    material (``Material.ecert_fields``), or the default minimum. Keys the type lacks are dropped."""
    allowed = {f["key"] for f in consentable_fields(material.ecert_type)}
    declared = [k for k in material.ecert_fields or [] if k in allowed]
    return declared or list(DEFAULT_FIELDS)


def field_labels(cert_type, keys: list[str]) -> list[str]:
    """The labels of the given keys, in the order of the certificate's face."""
    wanted = set(keys)
    return [f["label"] for f in consentable_fields(cert_type) if f["key"] in wanted]


@transaction.atomic
def grant_consent(*, holder, certificate: Certificate, department, service_item, fields: list[str], purpose: str,
                  days: int, max_uses: int) -> Consent:
    own = certificate.holder_person_id == holder.pk
    represents = certificate.holder_company_id and certificate.holder_company.legal_representative_id == holder.pk
    if not (own or represents):
        raise ConsentError("not_holder", "只能授权本人或本人任法定代表人的企业的证照")
    allowed = {f["key"] for f in consentable_fields(certificate.cert_type)}
    if not fields or not set(fields) <= allowed:
        raise ConsentError("invalid_fields", "请选择要授权的照面信息")
    if not 1 <= days <= MAX_CONSENT_DAYS:
        raise ConsentError("invalid_days", f"授权期限应为 1 至 {MAX_CONSENT_DAYS} 天")
    if not 1 <= max_uses <= MAX_CONSENT_USES:
        raise ConsentError("invalid_uses", f"可使用次数应为 1 至 {MAX_CONSENT_USES} 次")
    if service_item.department_id != department.pk:
        raise ConsentError("item_department_mismatch", "该事项不由所选部门办理")
    purpose = purpose.strip()
    if not 2 <= len(purpose) <= 200:
        raise ConsentError("invalid_purpose", "请填写用途（2 至 200 字）")
    return Consent.objects.create(
        holder=holder, cert_type=certificate.cert_type, department=department, service_item=service_item,
        fields=sorted(set(fields)), purpose=purpose, expires_at=timezone.now() + dt.timedelta(days=days), max_uses=max_uses,
    )


@transaction.atomic
def grant_case_consent(*, holder, certificate: Certificate, department, service_item, case_number: str,
                       fields: list[str], confirmed_by: str = "") -> Consent:
    """The consent given by ticking “use this e-certificate” on an application: for the case's
    department and item, the fields the item needs, until the case ends (end_case_consents)."""
    consent = grant_consent(
        holder=holder, certificate=certificate, department=department, service_item=service_item,
        fields=fields, purpose=f"办理“{service_item.name}”（办件编号 {case_number}）", days=CASE_CONSENT_MAX_DAYS,
        max_uses=CASE_CONSENT_USES,
    )
    consent.case_number, consent.confirmed_by = case_number, confirmed_by
    consent.save(update_fields=["case_number", "confirmed_by"])
    return consent


def end_case_consents(case_number: str) -> int:
    """Called by the case's final transition, inside its transaction: the case's consents end."""
    ending = Consent.objects.filter(case_number=case_number, ended_at__isnull=True)
    return ending.update(ended_at=timezone.now())


def withdraw_consent(consent: Consent) -> None:
    Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())


def query_with_consent(*, department, requester: str, holder, type_code: str, service_item_code: str,
                       purpose: str, case_number: str = "") -> dict:
    """The consented fields of the holder's current certificate as an SD-JWT, or ConsentError."""
    now = timezone.now()
    given = Consent.objects.filter(holder=holder, department=department, cert_type__code=type_code,
                                   service_item__code=service_item_code)
    if case_number:
        given = given.filter(case_number=case_number)
    with transaction.atomic():
        consent = (
            given.select_for_update()
            .select_related("cert_type", "service_item")
            .filter(withdrawn_at__isnull=True, ended_at__isnull=True, expires_at__gt=now,
                    uses__lt=F("max_uses"))
            .order_by("-created_at")
            .first()
        )
        if consent is None:
            latest = given.order_by("-created_at").first()
            if latest is not None and latest.ended_at and not latest.withdrawn_at:
                raise ConsentError("consent_case_ended",
                                   f"办件 {latest.case_number} 已终结，持证人为该办件所作的用证授权已随之终止")
            raise ConsentError("consent_required", "持证人未授权本部门为该事项使用此证照，或授权已过期、已用完、已撤回")
        certificate = (
            Certificate.objects.select_related("cert_type", "issuer", "status_list")
            .filter(holder_person=holder, cert_type=consent.cert_type, revoked_at__isnull=True)
            .order_by("-issued_at")
            .first()
        )
        if certificate is None:
            raise ConsentError("no_certificate", "持证人没有有效的该类证照")
        Consent.objects.filter(pk=consent.pk).update(uses=F("uses") + 1)
        record = audit.record_access(
            action=AccessRecord.Action.DEPARTMENT_QUERY, actor=requester, actor_department=department, certificate=certificate,
            purpose=purpose or consent.purpose, service_item_code=service_item_code, outcome="disclosed",
        )
        notices.tell_holder_of_use(record, certificate, consent)
    return {"sd_jwt": _disclose(certificate, consent, now), "disclosed": consent.fields, "consent_id": consent.pk,
            "certificate_identifier": certificate.identifier}


def _disclose(certificate: Certificate, consent: Consent, now: dt.datetime) -> str:
    key = keys.active_key(library_department(), "EdDSA")
    labels = {f["key"]: f["label"] for f in certificate.cert_type.fields}
    claims = {
        "iss": library_department().uscc,
        "iat": int(now.timestamp()),
        "exp": int(time.time()) + SD_JWT_SECONDS,
        "vct": certificate.cert_type.code,
        "type_name": certificate.cert_type.name,
        "jti": certificate.identifier,
        "issuer": certificate.issuer_name,
        "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
        "holder": {SDObj("name"): certificate.holder_name},
        "fields": {SDObj(NUMBER): certificate.number}
        | {SDObj(k): v for k, v in certificate.fields.items() if k in labels and k != NUMBER},
        "consent": {"id": consent.pk, "item": consent.service_item.code, "purpose": consent.purpose,
                    "case_number": consent.case_number or None},
    }
    issuance = SDJWTIssuer(claims, _jwk(key), sign_alg="EdDSA", extra_header_parameters={"kid": key.kid, "typ": "dc+sd-jwt"})
    holder = SDJWTHolder(issuance.sd_jwt_issuance)
    # Only what the holder consented to is disclosed; the name too only when consented.
    wanted = set(consent.fields)
    holder.create_presentation({"holder": {"name": HOLDER_NAME in wanted},
                                "fields": {k: True for k in wanted - {HOLDER_NAME}}})
    return holder.sd_jwt_presentation
