"""The population-register simulator, over HTTP."""

from __future__ import annotations

import json

from simulators.population_register.make_residents import OUT

RESIDENTS = json.loads(OUT.read_text(encoding="utf-8"))["residents"]
ADULT = next(r for r in RESIDENTS if r["relationship"] == "户主" and r["mobile"])
OTHER = next(r for r in RESIDENTS if r["household_number"] != ADULT["household_number"])
# Valid under GB 11643 but not in the register.
UNKNOWN_ID = "11010519491231002X"


def test_healthz_needs_no_token_and_says_it_is_a_simulator(population):
    reply = population.get("/healthz", token="")
    assert reply.status == 200
    assert reply.body == {"status": "ok", "simulator": "population-register", "simulated": True}
    assert reply.headers["X-Simulator"] == "population-register"


def test_missing_or_wrong_token_is_401(population):
    for token in ("", "dev-simulator-token", "wrong"):
        reply = population.get(f"/v1/residents/{ADULT['id_number']}", token=token)
        assert reply.status == 401
        assert reply.headers["Content-Type"] == "application/problem+json"
        assert reply.headers["WWW-Authenticate"].startswith("Bearer")
        assert reply.body["code"] in {"unauthorized", "invalid_token"}
    assert population.request("POST", "/_sim/faults", {"fail_rate": 1}, token="").status == 401


def test_verify_matches_only_name_and_number_of_the_same_person(population):
    ok = population.post("/v1/identity/verify", {"name": ADULT["name"], "id_number": ADULT["id_number"]})
    assert (ok.status, ok.body["match"], ok.body["reason"]) == (200, True, "match")
    swapped = population.post("/v1/identity/verify", {"name": OTHER["name"], "id_number": ADULT["id_number"]})
    assert (swapped.status, swapped.body["match"], swapped.body["reason"]) == (200, False, "mismatch")
    # Nothing about the owner of the number comes back.
    assert set(swapped.body) == {"match", "reason", "message"}
    assert ADULT["name"] not in json.dumps(swapped.body, ensure_ascii=False)


def test_verify_unknown_and_invalid_numbers(population):
    unknown = population.post("/v1/identity/verify", {"name": "张三", "id_number": UNKNOWN_ID})
    assert (unknown.body["match"], unknown.body["reason"]) == (False, "not_found")
    invalid = population.post("/v1/identity/verify", {"name": "张三", "id_number": UNKNOWN_ID[:-1] + "1"})
    assert (invalid.body["match"], invalid.body["reason"]) == (False, "invalid_id_number")


def test_verify_rejects_bad_requests(population):
    missing = population.post("/v1/identity/verify", {"name": "张三"})
    assert missing.status == 422 and missing.body["code"] == "invalid_request"
    assert [e["field"] for e in missing.body["errors"]] == ["id_number"]
    not_json = population.post("/v1/identity/verify", b"{name")
    assert not_json.status == 400 and not_json.body["code"] == "invalid_json"
    assert population.post("/v1/identity/verify", [1]).body["code"] == "invalid_json"


def test_resident_record(population):
    reply = population.get(f"/v1/residents/{ADULT['id_number'].lower()}")
    assert reply.status == 200
    assert reply.body["name"] == ADULT["name"] and reply.body["household_number"] == ADULT["household_number"]
    for field in ("gender", "birth_date", "relationship", "address", "division_code", "registration_type", "marital_status"):
        assert reply.body[field] == ADULT[field]
    assert "mobile" not in reply.body


def test_resident_not_found_and_invalid(population):
    missing = population.get(f"/v1/residents/{UNKNOWN_ID}")
    assert missing.status == 404 and missing.body["code"] == "resident_not_found"
    assert missing.headers["Content-Type"] == "application/problem+json"
    invalid = population.get("/v1/residents/123")
    assert invalid.status == 422 and invalid.body["code"] == "invalid_id_number"


def test_household_members(population):
    reply = population.get(f"/v1/households/{ADULT['household_number']}")
    assert reply.status == 200
    expected = [r["id_number"] for r in RESIDENTS if r["household_number"] == ADULT["household_number"]]
    assert [m["id_number"] for m in reply.body["members"]] == expected
    assert sum(m["household_head"] for m in reply.body["members"]) == 1
    assert reply.body["address"] == ADULT["address"]
    missing = population.get("/v1/households/999999999999")
    assert missing.status == 404 and missing.body["code"] == "household_not_found"


def test_unknown_path_and_method_are_problems(population):
    assert population.get("/v1/nothing").body["code"] == "not_found"
    reply = population.get("/v1/identity/verify")
    assert reply.status == 405 and reply.body["code"] == "method_not_allowed"
