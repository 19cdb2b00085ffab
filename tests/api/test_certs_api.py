import json

import pytest

from onestop.accounts.api_auth import create_api_client
from onestop.accounts.models import Person, User
from onestop.catalog.models import Department
from onestop.certs import jws, services, status_list
from onestop.certs.keys import trusted_verifier
from onestop.certs.models import Certificate, CertificateType

pytestmark = pytest.mark.django_db


@pytest.fixture
def police_key():
    _, key = create_api_client(Department.objects.get(code="D009"), "公安人口系统")
    return key


@pytest.fixture
def market_key():
    _, key = create_api_client(Department.objects.get(code="D002"), "市场监管登记系统")
    return key


def bearer(key):
    return {"Authorization": f"Bearer {key}"}


def residence_permit_request(person):
    return {
        "type_code": CertificateType.objects.get(name="居住证").code,
        "holder": {"id_number": person.id_number(), "name": person.name},
        "fields": {"address": "珠海市斗门区井岸镇新青路1号", "issued_on": "2026-11-27"},
    }


def test_trust_list_publishes_every_issuer_key(client):
    keys = client.get("/api/certs/trust-list").json()
    assert keys and {"kid", "alg", "public_key", "status"} <= set(keys[0])
    assert {k["alg"] for k in keys} == {"SM2"}


def test_status_list_is_signed_and_cacheable(client):
    certificate = Certificate.objects.first()
    services.revoke_certificate(certificate, "测试")
    response = client.get(services.status_list_uri(certificate.status_list))
    assert response["Content-Type"] == "application/statuslist+jwt"
    assert "max-age=300" in response["Cache-Control"]


    bits = status_list.verify_list(response.content.decode(), trusted_verifier)
    assert bits.is_revoked(certificate.status_index)
    assert client.get("/api/certs/status/D009/999").status_code == 404


def test_a_department_issues_with_its_key_and_a_retry_returns_the_same_certificate(client, police_key):
    person = Person.objects.filter(user__isnull=False).first()
    body = residence_permit_request(person)
    headers = {**bearer(police_key), "Idempotency-Key": "req-1"}
    first = client.post("/api/certs", json.dumps(body), content_type="application/json", headers=headers)
    again = client.post("/api/certs", json.dumps(body), content_type="application/json", headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Certificate.objects.filter(identifier=first.json()["identifier"]).count() == 1
    payload = services.verify_certificate_token(first.json()["signed"])
    assert payload["holder"]["name"] == person.name and "********" in payload["holder"]["id"]


def test_the_same_key_with_another_request_is_a_conflict(client, police_key):
    person = Person.objects.filter(user__isnull=False).first()
    body = residence_permit_request(person)
    headers = {**bearer(police_key), "Idempotency-Key": "req-2"}
    client.post("/api/certs", json.dumps(body), content_type="application/json", headers=headers)
    body["fields"]["address"] = "别处"
    response = client.post("/api/certs", json.dumps(body), content_type="application/json", headers=headers)
    assert response.status_code == 409 and response.json()["code"] == "conflict"


def test_a_department_cannot_issue_another_departments_certificate(client, market_key):
    person = Person.objects.first()
    response = client.post("/api/certs", json.dumps(residence_permit_request(person)), content_type="application/json", headers=bearer(market_key))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"holder": {"id_number": "440403199001011234"}}, "校验位"),
        ({"holder": {"id_number": "11010519491231002X"}}, "没有该持证人"),
        ({"fields": {"colour": "红"}}, "没有这些字段"),
        ({"type_code": "NOPE"}, "没有该证照类型"),
    ],
)
def test_bad_issue_requests_are_refused_with_a_reason_and_change_nothing(client, police_key, change, message):
    before = Certificate.objects.count()
    body = {**residence_permit_request(Person.objects.first()), **change}
    response = client.post("/api/certs", json.dumps(body), content_type="application/json", headers=bearer(police_key))
    assert response.status_code == 422 and message in response.json()["title"]
    assert Certificate.objects.count() == before


def test_issuing_needs_a_valid_key(client):
    body = residence_permit_request(Person.objects.first())
    assert client.post("/api/certs", json.dumps(body), content_type="application/json").status_code == 401
    response = client.post("/api/certs", json.dumps(body), content_type="application/json", headers=bearer("osk_wrong"))
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def _online_code():
    certificate = Certificate.objects.filter(cert_type__name="居民身份证", revoked_at__isnull=True).first()
    return services.create_online_presentation(certificate)[0]


def test_window_staff_verify_a_code_through_the_api(client):
    client.force_login(User.objects.get(username="d009-window"))
    body = client.post("/api/certs/verify", json.dumps({"code": _online_code()}), content_type="application/json").json()
    assert body["verdict"] == "valid" and body["label"] == "有效"
    assert "********" in body["view"]["holder_id"]
    view = jws.verify(body["view_token"], trusted_verifier, services.VIEW_TOKEN_TYPE)
    assert view["jti"] == body["view"]["jti"]


def test_a_department_system_verifies_with_its_key(client, market_key):
    response = client.post("/api/certs/verify", json.dumps({"code": _online_code()}), content_type="application/json", headers=bearer(market_key))
    assert response.json()["verdict"] == "valid"


def test_anonymous_and_citizens_cannot_verify(client):
    payload = json.dumps({"code": _online_code()})
    assert client.post("/api/certs/verify", payload, content_type="application/json").status_code == 401
    client.force_login(User.objects.filter(kind="citizen").first())
    assert client.post("/api/certs/verify", payload, content_type="application/json").status_code == 403


def _post_issue(client, key, body):
    return client.post("/api/certs", json.dumps(body), content_type="application/json", headers=bearer(key))


@pytest.mark.parametrize("valid_until", ["0001-01-01", "9999-12-31", "2026-01-01"])
def test_a_validity_date_in_the_past_or_centuries_ahead_is_refused(client, police_key, valid_until):
    before = Certificate.objects.count()
    body = {**residence_permit_request(Person.objects.first()), "valid_until": valid_until}
    response = _post_issue(client, police_key, body)
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "invalid_valid_until" and "有效期" in response.json()["title"]
    assert Certificate.objects.count() == before


def test_one_certificate_number_cannot_go_to_two_holders_of_one_type(client, police_key):
    first, second = Person.objects.all()[:2]
    assert _post_issue(client, police_key, {**residence_permit_request(first), "number": "JZZ-2026-0001"}).status_code == 201
    before = Certificate.objects.count()
    response = _post_issue(client, police_key, {**residence_permit_request(second), "number": "JZZ-2026-0001"})
    assert response.status_code == 409 and response.json()["code"] == "duplicate_number"
    assert "JZZ-2026-0001" in response.json()["title"]
    assert Certificate.objects.count() == before


@pytest.mark.parametrize("look_alike", ["ＪＺＺ－２０２６－０００１", "jzz-2026-0001", " JZZ-2026- 0001 "])
def test_a_look_alike_spelling_of_an_issued_number_is_the_same_number(client, police_key, look_alike):
    first, second = Person.objects.all()[:2]
    assert _post_issue(client, police_key, {**residence_permit_request(first), "number": "JZZ-2026-0001"}).status_code == 201
    before = Certificate.objects.count()
    response = _post_issue(client, police_key, {**residence_permit_request(second), "number": look_alike})
    assert response.status_code == 409 and response.json()["code"] == "duplicate_number"
    assert Certificate.objects.count() == before


def test_a_number_is_printed_as_issued_and_compared_by_its_key(client, police_key):
    response = _post_issue(client, police_key, {**residence_permit_request(Person.objects.first()),
                                                "number": "粤（2026）ＪＺＺ0001"})
    assert response.status_code == 201
    certificate = Certificate.objects.get(number="粤（2026）ＪＺＺ0001")
    assert certificate.number_key == "粤(2026)JZZ0001"


@pytest.mark.parametrize(
    "where, bad, code",
    [
        ("fields", "\ud800", "invalid_text"),
        ("fields", "井岸\udfff镇", "invalid_text"),
        ("fields", "a\x00b", "invalid_text"),
        ("number", "a\x00b", "invalid_text"),
        ("fields", "井" * 2001, "text_too_long"),
        # pydantic already refuses a lone surrogate in a plain string parameter, naming it.
        ("number", "\ud800", "invalid_parameter"),
    ],
)
def test_a_lone_surrogate_or_control_character_is_refused_not_a_server_error(client, police_key, where, bad, code):
    before = Certificate.objects.count()
    body = residence_permit_request(Person.objects.first())
    if where == "fields":
        body["fields"]["address"] = bad
    else:
        body["number"] = bad
    response = _post_issue(client, police_key, body)
    assert response.status_code == 422 and response.json()["code"] == code
    assert Certificate.objects.count() == before


@pytest.mark.parametrize("name", ["\udfff", "地址\ud800", "a\x00b"])
def test_a_lone_surrogate_in_a_field_name_is_refused_not_a_server_error(client, police_key, name):
    before = Certificate.objects.count()
    body = residence_permit_request(Person.objects.first())
    body["fields"][name] = "井岸镇"
    response = _post_issue(client, police_key, body)
    assert response.status_code == 422 and response.json()["code"] == "unknown_fields"
    assert Certificate.objects.count() == before


def test_the_unknown_fields_message_names_a_few_not_thousands(client, police_key):
    body = residence_permit_request(Person.objects.first())
    body["fields"].update({f"k{i:04d}": "x" for i in range(5000)})
    response = _post_issue(client, police_key, body)
    assert response.status_code == 422
    assert response.json()["title"] == "该证照类型没有这些字段：k0000、k0001、k0002、k0003、k0004 等 5000 个"
