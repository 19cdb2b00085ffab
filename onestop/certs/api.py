"""电子证照 API: trust list, status lists, verification of scanned codes, issuance by departments."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from onestop.accounts.api_auth import DepartmentKey, StaffSession
from onestop.accounts.models import Company, Person
from onestop.accounts.permissions import can_verify_certificates, staff_profile
from onestop.catalog.models import Department
from onestop.core.idempotency import IdempotencyConflict, run_once
from onestop.core.identifiers import check_citizen_id, check_uscc
from onestop.core.problems import problem
from onestop.core.schemas import Problem

from . import consent, keys, services
from .models import CertificateType

router = Router(tags=["电子证照"])


class TrustedKey(Schema):
    kid: str
    alg: str
    issuer: str
    issuer_code: str
    issuer_uscc: str
    status: str
    public_key: str = Field(description="base64：Ed25519 为 32 字节原始公钥，SM2 为 DER 编码的 SubjectPublicKeyInfo")
    created_at: str
    retired_at: str | None


class VerifyIn(Schema):
    code: str = Field(max_length=1000, description="扫码得到的文本（OSQ: 在线亮证码或 OS1: 离线亮证码）")
    purpose: str = Field("窗口核验", min_length=2, max_length=100)
    service_item_code: str = Field("", max_length=80)


class ViewField(Schema):
    label: str
    value: str


class CertificateView(Schema):
    jti: str
    type_name: str
    number: str
    holder_name: str
    holder_id: str
    fields: list[ViewField]
    issuer: str
    valid_until: str
    verified_at: str


class VerifyOut(Schema):
    verdict: str = Field(description="valid | expired | revoked | replayed | forged")
    label: str
    detail: str
    view: CertificateView | None = None
    view_token: str | None = Field(None, description="发证机关签名的最小化视图（JWS，typ=cert-view+jwt）")


class HolderIn(Schema):
    id_number: str | None = Field(None, max_length=18, description="自然人持证：身份证号码")
    name: str | None = Field(None, max_length=50)
    uscc: str | None = Field(None, max_length=18, description="法人持证：统一社会信用代码")


class IssueIn(Schema):
    type_code: str = Field(max_length=21)
    holder: HolderIn
    fields: dict[str, str] = Field(default_factory=dict)
    number: str | None = Field(None, max_length=64)
    valid_until: dt.date | None = None


class IssueOut(Schema):
    identifier: str
    number: str
    type_name: str
    issued_at: dt.datetime
    valid_until: dt.date | None
    status_list: str
    status_index: int
    signed: str


class QueryIn(Schema):
    holder_id_number: str = Field(max_length=18)
    type_code: str = Field(max_length=21)
    service_item_code: str = Field(max_length=80)
    purpose: str = Field(min_length=2, max_length=200)
    case_number: str = Field("", max_length=40, description="办件编号：给出时只使用持证人为该办件所作的授权")


class QueryOut(Schema):
    sd_jwt: str = Field(description="SD-JWT（RFC 9901），只披露持证人授权的字段；用 /api/certs/jwks 中的公钥验证")
    disclosed: list[str]
    consent_id: int
    certificate_identifier: str


@router.get("/certs/jwks", summary="签发 SD-JWT 披露所用的公钥（JWKS）")
def jwks(request):
    return consent.public_jwks()


@router.post("/certs/query", auth=DepartmentKey(), response={200: QueryOut, 401: Problem, 403: Problem, 422: Problem},
             summary="凭持证人授权调用证照（免证办）：只返回授权字段")
def query(request, body: QueryIn):
    client = request.api_client
    reason = check_citizen_id(body.holder_id_number)
    if reason:
        raise HttpError(422, reason)
    holder = Person.objects.with_id_number(body.holder_id_number).first()
    if holder is None:
        # The same answer as no consent: whether the person is registered is not to be learned here.
        return problem(403, "consent_required", "未获持证人授权",
                       "持证人未授权本部门为该事项使用此证照，或授权已过期、已用完、已撤回")
    try:
        return consent.query_with_consent(
            department=client.department, requester=f"{client.department.name}（{client.name}）", holder=holder,
            type_code=body.type_code, service_item_code=body.service_item_code, purpose=body.purpose,
            case_number=body.case_number,
        )
    except consent.ConsentError as error:
        return problem(403, error.code, "未获持证人授权", error.message)


@router.get("/certs/trust-list", response=list[TrustedKey], summary="信任列表：各发证部门的签名公钥（含已停用的密钥）")
def trust_list(request):
    return keys.trust_list()


@router.get("/certs/status/{department_code}/{number}", response={200: str, 404: Problem, 422: Problem}, summary="证照状态列表（签名，可缓存）")
def status_list(request, department_code: str, number: int):
    department = Department.objects.filter(code=department_code).first()
    token = services.signed_status_list(department, number) if department and 0 < number < 2**31 else None
    if token is None:
        raise Http404("没有该状态列表。")
    response = HttpResponse(token, content_type="application/statuslist+jwt")
    response["Cache-Control"] = f"public, max-age={services.STATUS_LIST_TTL}"
    return response


def _verdict_body(verdict: services.Verdict) -> dict:
    return {
        "verdict": verdict.code,
        "label": verdict.label,
        "detail": verdict.detail,
        "view": verdict.view or None,
        "view_token": verdict.view_token or None,
    }


@router.post("/certs/verify", auth=[DepartmentKey(), StaffSession()], response={200: VerifyOut, 401: Problem, 403: Problem, 422: Problem},
             summary="扫码查验：核验亮证码并返回签名的最小化视图")
def verify(request, body: VerifyIn):
    client = getattr(request, "api_client", None)
    if client:
        name, user, department = f"{client.department.name}（{client.name}）", None, client.department
    else:
        if not can_verify_certificates(request.auth):
            raise HttpError(403, "您没有查验电子证照的权限")
        profile = staff_profile(request.auth)
        name, user, department = f"{profile.department.name} {profile.name}", request.auth, profile.department
    verdict = services.verify_scan(
        body.code, verifier_user=user, verifier_name=name, verifier_department=department,
        purpose=body.purpose, service_item_code=body.service_item_code,
    )
    return _verdict_body(verdict)


@router.post("/certs", auth=DepartmentKey(), response={201: IssueOut, 401: Problem, 403: Problem, 409: Problem, 422: Problem},
             summary="签发电子证照（部门系统，支持 Idempotency-Key）")
def issue(request, body: IssueIn):
    client = request.api_client
    cert_type = CertificateType.objects.select_related("issuer").filter(code=body.type_code).first()
    if cert_type is None:
        raise HttpError(422, "没有该证照类型")
    if cert_type.issuer_id != client.department_id:
        raise HttpError(403, "本部门不是该证照的发证部门")
    try:
        status, result = run_once(
            f"api-client:{client.pk}", request.headers.get("Idempotency-Key"), body.dict(), lambda: _issue(cert_type, body)
        )
    except IdempotencyConflict:
        raise HttpError(409, "该 Idempotency-Key 已用于另一个请求") from None
    except services.CertificateError as error:
        # Raised inside run_once's transaction: nothing was written, and no answer was stored.
        return problem(409 if error.code == "duplicate_number" else 422, error.code, error.message)
    # A retry with the same key gets the first answer again, status included.
    return Status(status, result)


def _issue(cert_type: CertificateType, body: IssueIn) -> tuple[int, dict]:
    holder = body.holder
    person = company = None
    if cert_type.holder_kind == "person":
        reason = check_citizen_id(holder.id_number or "") if holder.id_number else "缺少持证人身份证号码"
        if reason:
            raise HttpError(422, reason)
        person = Person.objects.with_id_number(holder.id_number).first()
        if person is None:
            raise HttpError(422, "证照库中没有该持证人，请先完成实名登记")
        if holder.name and holder.name != person.name:
            raise HttpError(422, "持证人姓名与身份证号码不一致")
    else:
        reason = check_uscc(holder.uscc or "") if holder.uscc else "缺少持证单位统一社会信用代码"
        if reason:
            raise HttpError(422, reason)
        company = Company.objects.filter(uscc=holder.uscc.upper()).first()
        if company is None:
            raise HttpError(422, "证照库中没有该持证单位")
    certificate = services.issue_certificate(
        cert_type, holder_person=person, holder_company=company, fields=body.fields, number=body.number,
        valid_until=body.valid_until,
    )
    return 201, {
        "identifier": certificate.identifier,
        "number": certificate.number,
        "type_name": cert_type.name,
        "issued_at": certificate.issued_at.isoformat(),
        "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
        "status_list": services.status_list_uri(certificate.status_list),
        "status_index": certificate.status_index,
        "signed": certificate.signed,
    }
