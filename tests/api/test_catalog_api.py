import pytest

from onestop.catalog.models import ServiceItem

pytestmark = pytest.mark.django_db


def test_items_list_with_filters_and_paging(client):
    body = client.get("/api/items", {"audience": "person", "page_size": 5, "page": 2}).json()
    assert body["page"] == 2 and body["page_size"] == 5 and len(body["results"]) == 5
    assert body["count"] == ServiceItem.objects.filter(for_person=True).count()
    assert all("person" in r["audience"] for r in body["results"])


def test_items_search(client):
    body = client.get("/api/items", {"q": "高龄津贴"}).json()
    assert body["results"][0]["name"] == "80周岁以上老年人高龄津贴发放"


def test_item_by_code_has_materials_and_halls(client):
    item = ServiceItem.objects.filter(materials__ecert_type__isnull=False).first()
    body = client.get(f"/api/items/{item.code}").json()
    assert body["code"] == item.code
    assert body["certificate_free"] is True
    assert any(m["ecert_type"] for m in body["materials"])
    assert body["halls"]


def test_unknown_code_is_a_problem_json_404(client):
    response = client.get("/api/items/NOPE")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"


def test_unknown_api_path_is_a_problem_json_404(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404 and response.json()["status"] == 404


@pytest.mark.parametrize(
    "params, parameter",
    [({"page": "x"}, "page"), ({"page_size": 1000}, "page_size"), ({"audience": "alien"}, "audience"), ({"q": "a\x00"}, "q")],
)
def test_malformed_parameters_are_named_in_a_422_problem(client, params, parameter):
    response = client.get("/api/items", params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid_parameter"
    assert parameter in [e["parameter"] for e in body["errors"]]


def test_departments_and_department_by_code(client):
    departments = client.get("/api/departments").json()
    assert sum(d["item_count"] for d in departments) == 1138
    assert client.get("/api/departments/D002").json()["name"] == "区市场监管局"
    assert client.get("/api/departments/NOPE").status_code == 404


def test_statistics_match_the_records(client):
    body = client.get("/api/stats/catalog").json()
    assert body["total"] == 1138
    assert body["online_rate"] == pytest.approx(body["online_ready"] / body["total"])
    assert body["online_ready"] <= body["guide_complete"] and body["online_ready"] <= body["online_capable"]


def test_openapi_document_is_served(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/items" in schema["paths"] and "/api/items/{code}" in schema["paths"]
