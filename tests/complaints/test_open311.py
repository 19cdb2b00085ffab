"""GeoReport v2, checked against the specification's text (http://wiki.open311.org/GeoReport_v2/):
the schemas below transcribe its response tables."""

import xml.etree.ElementTree as ET

import jsonschema
import pytest

from onestop.complaints import keys
from onestop.complaints.models import Report

pytestmark = pytest.mark.django_db

W3C = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$"
NULLABLE = {"type": ["string", "null"]}
SERVICE = {"type": "object", "required": ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"],
           "properties": {"service_code": {"type": "string"}, "service_name": {"type": "string"},
                          "metadata": {"type": "boolean"}, "type": {"enum": ["realtime", "batch", "blackbox"]},
                          "keywords": {"type": "string"}, "group": {"type": "string"}}}
DEFINITION = {"type": "object", "required": ["service_code", "attributes"], "properties": {
    "attributes": {"type": "array", "items": {"type": "object", "required": [
        "variable", "code", "datatype", "required", "datatype_description", "order", "description"], "properties": {
        "variable": {"type": "boolean"}, "required": {"type": "boolean"}, "order": {"type": "integer", "minimum": 1},
        "datatype": {"enum": ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]},
        "values": {"type": "array", "items": {"type": "object", "required": ["key", "name"]}}}}}}}
REQUEST = {"type": "object", "required": ["service_request_id", "status", "service_code", "requested_datetime"], "properties": {
    "service_request_id": {"type": "string"}, "status": {"enum": ["open", "closed"]}, "status_notes": NULLABLE,
    "service_name": {"type": "string"}, "service_code": {"type": "string"}, "description": NULLABLE,
    "agency_responsible": {"type": "string"}, "service_notice": NULLABLE,
    "requested_datetime": {"type": "string", "pattern": W3C}, "updated_datetime": {"type": "string", "pattern": W3C},
    "expected_datetime": {"type": "string", "pattern": W3C}, "address": NULLABLE,
    "lat": {"type": ["number", "null"]}, "long": {"type": ["number", "null"]}}}
ERRORS = {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["code", "description"],
                                                    "properties": {"code": {"type": "integer"}, "description": {"type": "string"}}}}


@pytest.fixture
def api_key():
    return keys.make_key("测试接入单位")[1]


def post(client, data, fmt="json", **headers):
    return client.post(f"/open311/v2/requests.{fmt}", data, headers=headers)


def valid_post(api_key, **extra):
    data = {"api_key": api_key, "service_code": "010401", "lat": "22.2236", "long": "113.2961",
            "attribute[kind]": "complaint", "attribute[public]": "yes",
            "description": "港霞路路灯一周不亮，晚上很危险，请尽快修复。", "first_name": "先生", "last_name": "陈",
            "phone": "13712340003"}
    data.update(extra)
    return data


def test_discovery_names_the_v2_endpoint_in_both_formats(client):
    body = client.get("/open311/discovery.json").json()
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(body)
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and set(endpoint["formats"]) == {"text/xml", "application/json"}
    root = ET.fromstring(client.get("/open311/discovery.xml").content)
    assert root.tag == "discovery" and root.find("endpoints/endpoint/formats/format") is not None


def test_the_service_list_is_every_leaf_category_grouped_by_first_level(client):
    response = client.get("/open311/v2/services.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services = response.json()
    jsonschema.validate(services, {"type": "array", "items": SERVICE})
    assert {s["group"] for s in services} >= {"城乡建设", "纪检监察"}
    assert next(s for s in services if s["service_code"] == "010401")["service_name"] == "路灯"
    xml = client.get("/open311/v2/services.xml")
    assert xml["Content-Type"] == "text/xml; charset=utf-8"
    assert xml.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(xml.content)
    assert root.tag == "services" and len(root.findall("service")) == len(services)


def test_a_service_definition_lists_its_attributes_and_an_unknown_code_is_a_404_error_array(client):
    body = client.get("/open311/v2/services/010401.json").json()
    jsonschema.validate(body, DEFINITION)
    assert [a["code"] for a in body["attributes"]] == ["kind", "public"]
    root = ET.fromstring(client.get("/open311/v2/services/010401.xml").content)
    assert root.tag == "service_definition" and root.find("attributes/attribute/values/value/key").text == "complaint"
    missing = client.get("/open311/v2/services/999999.json")
    assert missing.status_code == 404
    jsonschema.validate(missing.json(), ERRORS)


def test_posting_without_a_valid_api_key_is_a_403_in_the_specs_error_format(client, api_key):
    for bad in ("", "o311_wrong", api_key + "x"):
        response = post(client, valid_post(bad))
        assert response.status_code == 403
        jsonschema.validate(response.json(), ERRORS)
        assert response.json()[0]["code"] == 403
    root = ET.fromstring(post(client, valid_post("nope"), fmt="xml").content)
    assert root.tag == "errors" and root.find("error/code").text == "403"
    assert not Report.objects.filter(channel="open311").exists()


def test_a_posted_request_is_filed_routed_and_found_by_id_and_in_the_list(client, api_key):
    response = post(client, valid_post(api_key))
    assert response.status_code == 201, response.content
    [created] = response.json()
    assert set(created) == {"service_request_id", "service_notice"}  # realtime: an id, no token
    report = Report.objects.get(number=created["service_request_id"])
    assert report.department.name == "区城市管理综合执法局" and report.channel == "open311" and report.contact_name == "陈先生"
    [record] = client.get(f"/open311/v2/requests/{report.number}.json").json()
    jsonschema.validate(record, REQUEST)
    assert record["status"] == "open" and record["lat"] == pytest.approx(22.2236)
    assert "13712340003" not in client.get(f"/open311/v2/requests/{report.number}.json").content.decode()
    listed = client.get("/open311/v2/requests.json", {"service_code": "010401", "status": "open"}).json()
    assert report.number in [r["service_request_id"] for r in listed]
    [token] = client.get(f"/open311/v2/tokens/{report.token}.json").json()
    assert token == {"service_request_id": report.number, "token": report.token}
    root = ET.fromstring(client.get(f"/open311/v2/requests/{report.number}.xml").content)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text == report.number


def test_a_request_that_is_not_public_shows_its_status_but_not_its_text_or_place(client, api_key):
    number = post(client, valid_post(api_key, **{"attribute[public]": "no"})).json()[0]["service_request_id"]
    [record] = client.get(f"/open311/v2/requests/{number}.json").json()
    assert record["description"] is None and record["lat"] is None and record["status"] == "open"
    assert number not in [r["service_request_id"] for r in client.get("/open311/v2/requests.json").json()]


def test_the_same_idempotency_key_files_one_request(client, api_key):
    first = post(client, valid_post(api_key), **{"Idempotency-Key": "k1"})
    again = post(client, valid_post(api_key), **{"Idempotency-Key": "k1"})
    assert first.json() == again.json()
    assert Report.objects.filter(channel="open311").count() == 1


@pytest.mark.parametrize("change, status", [
    ({"service_code": ""}, 400), ({"service_code": "999999"}, 404), ({"lat": "", "long": ""}, 400),
    ({"attribute[kind]": ""}, 400), ({"description": "短"}, 400), ({"lat": "39.9", "long": "116.4"}, 400),
    ({"description": "长" * 4001}, 400), ({"jurisdiction_id": "example.org"}, 404),
])
def test_bad_posts_answer_with_the_specs_status_and_error_array(client, api_key, change, status):
    response = post(client, valid_post(api_key, **change))
    assert response.status_code == status
    jsonschema.validate(response.json(), ERRORS)


def test_request_filters_follow_the_spec(client):
    demo = client.get("/open311/v2/requests.json").json()  # the demo data's published requests
    assert len(demo) >= 4
    jsonschema.validate(demo, {"type": "array", "items": REQUEST})
    closed = client.get("/open311/v2/requests.json", {"status": "closed"}).json()
    assert closed and {r["status"] for r in closed} == {"closed"}
    ids = ",".join(r["service_request_id"] for r in demo[:2])
    by_id = client.get("/open311/v2/requests.json", {"service_request_id": ids, "status": "nonsense"}).json()
    assert sorted(r["service_request_id"] for r in by_id) == sorted(ids.split(","))  # overrides other arguments
    too_long = client.get("/open311/v2/requests.json", {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"})
    assert too_long.status_code == 400
    jsonschema.validate(too_long.json(), ERRORS)
    naive = client.get("/open311/v2/requests.json", {"start_date": "2026-11-01T00:00:00"})
    assert naive.status_code == 400
    old = client.get("/open311/v2/requests.json", {"start_date": "2025-01-01T00:00:00+08:00", "end_date": "2025-03-01T00:00:00+08:00"})
    assert old.json() == []
    assert client.get("/open311/v2/requests.json", {"jurisdiction_id": "example.org"}).status_code == 404
    assert client.get("/open311/v2/requests/TS0000.json").status_code == 404


def test_an_api_key_over_its_hourly_limit_gets_a_429_with_retry_after_and_files_nothing(client, api_key, settings):
    settings.ONESTOP_OPEN311_POSTS_PER_KEY_PER_HOUR = 2
    for street in ("港霞路", "白藤一路"):
        assert post(client, valid_post(api_key, description=f"{street}路灯一周不亮，晚上很危险，请尽快修复。")).status_code == 201
    refused = post(client, valid_post(api_key, description="井岸镇新青路路灯不亮，请尽快修复。"))
    assert refused.status_code == 429
    jsonschema.validate(refused.json(), ERRORS)
    assert refused.json()[0]["code"] == 429 and 3500 <= int(refused["Retry-After"]) <= 3601
    assert Report.objects.filter(channel="open311").count() == 2
    other_key = keys.make_key("另一接入单位")[1]  # the limit is per key
    assert post(client, valid_post(other_key, description="乾务镇路灯不亮，请尽快修复。")).status_code == 201
