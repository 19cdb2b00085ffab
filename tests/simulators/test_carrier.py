"""The carrier real-name check simulator (运营商三要素), over HTTP, and its demo data."""

from __future__ import annotations

import json
import time

from simulators.carrier import make_subscribers as mk
from simulators.population_register.make_residents import OUT as RESIDENTS_FILE

SUBSCRIBERS = json.loads(mk.OUT.read_text(encoding="utf-8"))["subscribers"]
RESIDENTS = json.loads(RESIDENTS_FILE.read_text(encoding="utf-8"))["residents"]
MAI = {"name": "麦家荣", "id_number": "440403199408248952", "mobile": "18600008803"}
VERIFY = "/v1/mobile/verify"


def test_the_three_of_the_same_person_are_consistent(carrier):
    reply = carrier.post(VERIFY, MAI)
    assert (reply.status, reply.body["result"], reply.body["operator"]) == (200, "consistent", "中国联通")
    assert reply.headers["X-Simulator"] == "carrier"


def test_any_one_of_the_three_wrong_is_inconsistent_and_says_nothing_more(carrier):
    for wrong in ({"name": "黄诗悦"}, {"id_number": "440403199710172469"}):
        reply = carrier.post(VERIFY, {**MAI, **wrong})
        assert reply.body["result"] == "inconsistent"
        assert set(reply.body) == {"result", "message", "operator"}
        assert "麦家荣" not in json.dumps(reply.body, ensure_ascii=False)


def test_a_number_without_a_record_is_no_record(carrier):
    reply = carrier.post(VERIFY, {**MAI, "mobile": "13799990000"})
    assert (reply.status, reply.body["result"]) == (200, "no_record")


def test_bad_requests_are_problems(carrier):
    reply = carrier.post(VERIFY, {"name": "麦家荣", "mobile": "123"})
    assert reply.status == 422 and reply.body["code"] == "invalid_request"
    assert [e["field"] for e in reply.body["errors"]] == ["id_number"]
    bad_mobile = carrier.post(VERIFY, {**MAI, "mobile": "2860000880"})
    assert [e["field"] for e in bad_mobile.body["errors"]] == ["mobile"]
    bad_id = carrier.post(VERIFY, {**MAI, "id_number": "440403199408248951"})
    assert bad_id.status == 422 and bad_id.body["errors"][0]["field"] == "id_number"
    assert carrier.post(VERIFY, b"{x").body["code"] == "invalid_json"


def test_the_token_is_required(carrier):
    for token in ("", "wrong"):
        reply = carrier.post(VERIFY, MAI, token=token)
        assert reply.status == 401 and reply.headers["Content-Type"] == "application/problem+json"


def test_faults_are_injected(carrier):
    carrier.post("/_sim/faults", {"fail_rate": 1, "status": 503})
    assert (carrier.post(VERIFY, MAI).status, carrier.post(VERIFY, MAI).body["code"]) == (503, "simulated_fault")
    carrier.post("/_sim/faults", {"delay_ms": 300})
    start = time.monotonic()
    assert carrier.post(VERIFY, MAI).status == 200 and time.monotonic() - start >= 0.3


def test_file_is_what_the_generator_writes():
    assert mk.build()["subscribers"] == SUBSCRIBERS


def test_every_demo_mobile_is_held_by_its_resident():
    by_mobile = {row["mobile"]: row for row in SUBSCRIBERS}
    for resident in RESIDENTS:
        if resident.get("mobile"):
            row = by_mobile[resident["mobile"]]
            assert (row["name"], row["id_number"]) == (resident["name"], resident["id_number"])
    assert len(by_mobile) == len(SUBSCRIBERS)  # one holder per number


def test_the_extra_numbers_belong_to_residents_without_a_mobile_and_no_demo_account_uses_them():
    demo_mobiles = {r["mobile"] for r in RESIDENTS if r.get("mobile")}
    no_mobile = {r["id_number"] for r in RESIDENTS if not r.get("mobile")}
    for id_number, mobile in mk.EXTRA.items():
        assert id_number in no_mobile and mobile not in demo_mobiles
