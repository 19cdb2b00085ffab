"""Department access with consent: 403 without it; with it, an SD-JWT that the reference ``sd-jwt``
library verifies and that discloses only the consented fields."""

import base64
import json
import secrets

import pytest
from jwcrypto.jwk import JWK
from jwcrypto.jws import InvalidJWSSignature
from sd_jwt.verifier import SDJWTVerifier

from onestop.accounts.api_auth import create_api_client
from onestop.cases import services
from onestop.catalog.models import Department, ItemStatus, Material, ServiceItem
from onestop.certs import consent
from onestop.certs.models import AccessRecord, Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    certificate = Certificate.objects.filter(cert_type__name="居民身份证", holder_person__user__isnull=False).first()
    item = ServiceItem.objects.filter(materials__ecert_type=certificate.cert_type, department__code="D008").first()
    _, key = create_api_client(item.department, "民政业务系统")
    return certificate, item, key


def ask(client, key, certificate, item):
    body = {"holder_id_number": certificate.holder_person.id_number(), "type_code": certificate.cert_type.code,
            "service_item_code": item.code, "purpose": "核对申请人住址"}
    return client.post("/api/certs/query", json.dumps(body), content_type="application/json", headers={"Authorization": f"Bearer {key}"})


def grant(certificate, item, **overrides):
    options = {"fields": ["address"], "purpose": "高龄津贴申请核对住址", "days": 30, "max_uses": 1, **overrides}
    return consent.grant_consent(holder=certificate.holder_person, certificate=certificate, department=item.department,
                                 service_item=item, **options)


def verified_payload(client, sd_jwt):
    jwks = client.get("/api/certs/jwks").json()["keys"]
    public = {k["kid"]: JWK(**{f: k[f] for f in ("kty", "crv", "x")}) for k in jwks}
    return SDJWTVerifier(sd_jwt, lambda issuer, header: public[header["kid"]]).get_verified_payload()


def test_without_consent_the_answer_is_403_problem_json(client, setup):
    certificate, item, key = setup
    response = ask(client, key, certificate, item)
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "consent_required"


def test_a_holder_unknown_to_the_platform_gets_the_same_answer_as_no_consent(client, setup):
    certificate, item, key = setup
    body = {"holder_id_number": "11010519491231002X", "type_code": certificate.cert_type.code,
            "service_item_code": item.code, "purpose": "核对申请人住址"}
    response = client.post("/api/certs/query", json.dumps(body), content_type="application/json",
                           headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 403 and response.json()["code"] == "consent_required"
    assert response.json()["detail"] == ask(client, key, certificate, item).json()["detail"]


def test_with_consent_only_the_consented_fields_are_disclosed(client, setup):
    certificate, item, key = setup
    grant(certificate, item)
    body = ask(client, key, certificate, item).json()
    payload = verified_payload(client, body["sd_jwt"])
    assert payload["fields"] == {"address": certificate.fields["address"]}
    assert payload["holder"] == {}  # the name is not disclosed unless consented
    assert certificate.holder_person.name not in json.dumps(payload, ensure_ascii=False)
    assert "number" not in payload["fields"]
    assert payload["jti"] == certificate.identifier
    assert AccessRecord.objects.filter(action="department_query", certificate_identifier=certificate.identifier).exists()


def test_a_consent_is_used_up_withdrawn_or_bound_to_its_department(client, setup):
    certificate, item, key = setup
    grant(certificate, item, max_uses=1)
    assert ask(client, key, certificate, item).status_code == 200
    assert ask(client, key, certificate, item).status_code == 403  # used up
    row = grant(certificate, item, max_uses=5)
    consent.withdraw_consent(row)
    assert ask(client, key, certificate, item).status_code == 403  # withdrawn
    grant(certificate, item, max_uses=5)
    _, other_key = create_api_client(Department.objects.get(code="D002"), "其他部门")
    assert ask(client, other_key, certificate, item).status_code == 403  # another department


def test_tampering_with_a_disclosure_fails_verification(client, setup):
    certificate, item, key = setup
    grant(certificate, item)
    sd_jwt = ask(client, key, certificate, item).json()["sd_jwt"]
    jws_part, *disclosures = sd_jwt.split("~")
    header, payload, signature = jws_part.split(".")
    # A well-formed payload with one claim changed, so that only the signature can catch it.
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["exp"] = claims.get("exp", 0) + 86_400
    changed = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    forged = ".".join([header, changed, signature])
    with pytest.raises(InvalidJWSSignature):
        verified_payload(client, "~".join([forged, *disclosures]))


def test_the_holder_grants_and_withdraws_on_the_portal(client, setup):
    certificate, item, _ = setup
    client.force_login(certificate.holder_person.user)
    page = client.get(f"/my/certificates/{certificate.pk}/consent/")
    assert page.status_code == 200 and item.name in page.content.decode()
    response = client.post(f"/my/certificates/{certificate.pk}/consent/", {
        "certificate": certificate.pk, "service_item": item.pk, "fields": ["address"], "purpose": "高龄津贴核对住址", "days": 7, "max_uses": 2})
    assert response.status_code == 302
    row = certificate.holder_person.consents.get()
    assert row.fields == ["address"] and row.max_uses == 2
    assert client.post(f"/my/consents/{row.pk}/withdraw/").status_code == 302
    row.refresh_from_db()
    assert row.withdrawn_at is not None


def test_nobody_grants_consent_for_someone_elses_certificate(client, setup):
    certificate, item, _ = setup
    other = Certificate.objects.filter(holder_person__user__isnull=False).exclude(holder_person=certificate.holder_person).first()
    client.force_login(other.holder_person.user)
    assert client.get(f"/my/certificates/{certificate.pk}/consent/").status_code == 404


def test_the_name_and_number_are_disclosed_when_consented(client, setup):
    certificate, item, key = setup
    grant(certificate, item, fields=["holder_name", "number"])
    payload = verified_payload(client, ask(client, key, certificate, item).json()["sd_jwt"])
    assert payload["holder"] == {"name": certificate.holder_person.name}
    assert payload["fields"] == {"number": certificate.number}


def _case_with_id_card(certificate, department):
    """A case whose applicant ticked “use my 居民身份证” for an item that needs the address."""
    item = ServiceItem.objects.create(
        code=f"TEST{secrets.token_hex(4)}", name="测试事项：困难群众临时救助", department=department,
        item_type="公共服务", for_person=True, handling="online", statutory_days=10, status=ItemStatus.PUBLISHED)
    material = Material.objects.create(item=item, name="申请人居民身份证", form=Material.Form.ELECTRONIC,
                                       ecert_type=certificate.cert_type, ecert_fields=["address"])
    person = certificate.holder_person
    case = services.submit_application(services.Submission(
        item=item, applicant=services.applicant_for(person.user), idempotency_key=secrets.token_urlsafe(12),
        form={"contact_name": person.name, "contact_phone": "13800138000", "description": "申请临时救助"},
        use_certificates={material.pk}))
    return item, case


def test_after_the_case_ends_the_department_is_refused_with_a_specific_problem(client, setup):
    certificate, item, key = setup
    item, case = _case_with_id_card(certificate, item.department)
    body = {"holder_id_number": certificate.holder_person.id_number(), "type_code": certificate.cert_type.code,
            "service_item_code": item.code, "purpose": "核对申请人住址", "case_number": case.number}
    post = lambda: client.post("/api/certs/query", json.dumps(body), content_type="application/json",  # noqa: E731
                               headers={"Authorization": f"Bearer {key}"})
    answer = post()
    assert answer.status_code == 200, answer.json()
    payload = verified_payload(client, answer.json()["sd_jwt"])
    assert payload["fields"] == {"address": certificate.fields["address"]}
    assert payload["consent"]["case_number"] == case.number
    services.withdraw_case(case, certificate.holder_person.user, "不再办理")
    refused = post()
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["code"] == "consent_case_ended"
    assert case.number in refused.json()["detail"]
    reads = AccessRecord.objects.filter(action="department_query", certificate_identifier=certificate.identifier)
    assert reads.count() == 1  # the refused read disclosed nothing; the one that did is in the log
