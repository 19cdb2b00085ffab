"""The four simulators of company start-up's parallel branches (seal maker, bank, tax, social
insurance): what they answer, what they refuse, and that an Idempotency-Key never makes a second order."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time

import pytest

from simulators.orders import is_working_day, today
from tests.business.startup import BRANCHES, ORDER_PATHS, new_company, next_working_day, valid_order


def _orders(client, step, uscc):
    return client.get(f"{ORDER_PATHS[step]}?uscc={uscc}").body["orders"]


def _post(client, step, body, key=None):
    return client.post(ORDER_PATHS[step], body, headers={"Idempotency-Key": key or secrets.token_hex(8)})


@pytest.mark.parametrize("step", BRANCHES)
def test_healthz_needs_no_token_and_v1_does(branch_systems, step):
    client = branch_systems[step]
    health = client.get("/healthz", token="")
    assert (health.status, health.body["simulated"]) == (200, True)
    reply = client.post(ORDER_PATHS[step], valid_order(step), token="")
    assert (reply.status, reply.body["code"]) == (401, "unauthorized")
    assert client.post(ORDER_PATHS[step], valid_order(step), token="wrong").body["code"] == "invalid_token"


@pytest.mark.parametrize("step", BRANCHES)
def test_the_same_key_answers_the_first_order_and_makes_no_second(branch_systems, step):
    client, body, key = branch_systems[step], valid_order(step), secrets.token_hex(8)
    first, again = _post(client, step, body, key), _post(client, step, body, key)
    assert (first.status, again.status) == (201, 201)
    assert again.body == first.body and again.headers["Idempotent-Replayed"] == "true"
    assert _orders(client, step, body["uscc"]) == [first.body]


@pytest.mark.parametrize("step", BRANCHES)
def test_another_body_under_the_same_key_is_409_and_changes_nothing(branch_systems, step):
    client, body, key = branch_systems[step], valid_order(step), secrets.token_hex(8)
    first = _post(client, step, body, key)
    other = _post(client, step, valid_order(step), key)
    assert (other.status, other.body["code"]) == (409, "idempotency_conflict")
    assert _orders(client, step, body["uscc"]) == [first.body]


@pytest.mark.parametrize(("step", "code"), [("seal", "seal_already_filed"), ("bank", "already_booked"),
                                            ("tax", "already_registered"), ("social_insurance", "already_registered")])
def test_a_second_order_for_the_company_under_another_key_is_refused(branch_systems, step, code):
    client, body = branch_systems[step], valid_order(step)
    assert _post(client, step, body).status == 201
    reply = _post(client, step, body)
    assert (reply.status, reply.body["code"]) == (409, code)
    assert len(_orders(client, step, body["uscc"])) == 1


BAD_ORDERS = [
    ("seal", {"uscc": "91440403MA4UMP6X2A"}, "invalid_uscc"),  # wrong check character
    ("seal", {"maker_code": "seal_nowhere"}, "unknown_maker"),
    ("seal", {"kinds": ["official", "stamp"]}, "unknown_seal_kind"),
    ("seal", {"kinds": ["finance"]}, "official_seal_required"),
    ("seal", {"kinds": ["official", "representative"]}, "representative_name_required"),
    ("seal", {"company_name": ""}, "invalid_company_name"),
    ("bank", {"bank_code": "hsbc_doumen"}, "unknown_bank"),
    ("bank", {"date": "2026-13-01"}, "invalid_date"),
    ("bank", {"date": "2020-01-06"}, "date_out_of_range"),
    ("bank", {"contact_mobile": "2380000000"}, "invalid_mobile"),
    ("bank", {"uscc": "91440403"}, "invalid_uscc"),
    ("tax", {"taxpayer_type": "individual"}, "unknown_taxpayer_type"),
    ("tax", {"invoice_kinds": []}, "unknown_invoice_kind"),
    ("tax", {"invoice_kinds": ["paper_special"]}, "unknown_invoice_kind"),
    ("tax", {"monthly_invoice_limit_fen": 0}, "invalid_invoice_limit"),
    ("tax", {"monthly_invoice_limit_fen": True}, "invalid_invoice_limit"),
    ("social_insurance", {"employees": -1}, "invalid_employees"),
    ("social_insurance", {"employees": "3"}, "invalid_employees"),
    ("social_insurance", {"housing_fund": "yes"}, "invalid_housing_fund"),
]


@pytest.mark.parametrize(("step", "change", "code"), BAD_ORDERS)
def test_invalid_orders_are_422_with_a_code_and_make_nothing(branch_systems, step, change, code):
    client, body = branch_systems[step], valid_order(step)
    reply = _post(client, step, {**body, **change})
    assert (reply.status, reply.body["code"]) == (422, code)
    assert reply.headers["Content-Type"] == "application/problem+json" and reply.body["errors"]
    assert _orders(client, step, body["uscc"]) == []


def test_the_seal_maker_files_every_seal_and_names_the_pickup(branch_systems):
    order = _post(branch_systems["seal"], "seal", valid_order("seal")).body
    assert [s["name"] for s in order["seals"]] == ["公章", "财务专用章", "发票专用章"]
    assert len({s["filing_number"] for s in order["seals"]}) == 3
    assert all(len(s["filing_number"]) == 13 and s["filing_number"].startswith("440403") for s in order["seals"])
    ready = dt.date.fromisoformat(order["ready_on"])
    assert ready > today() and is_working_day(ready)
    assert order["pickup"]["place"] == "斗门区井岸镇印章刻制服务点" and order["fee_fen"] == 0


def test_the_bank_books_a_slot_and_says_what_to_bring(branch_systems):
    body = valid_order("bank")
    booking = _post(branch_systems["bank"], "bank", body).body
    assert booking["date"] == body["date"] and booking["branch_name"] == "中国工商银行珠海斗门支行"
    assert booking["appointment_number"].startswith("KH") and "营业执照正本" in booking["bring"]


def test_the_bank_refuses_a_day_off_and_names_the_next_working_day(branch_systems):
    day = today() + dt.timedelta(days=1)
    while is_working_day(day):
        day += dt.timedelta(days=1)
    reply = _post(branch_systems["bank"], "bank", {**valid_order("bank"), "date": day.isoformat()})
    assert (reply.status, reply.body["code"]) == (422, "not_working_day")
    assert dt.date.fromisoformat(reply.body["next_working_day"]) > day


def test_a_full_day_at_the_bank_is_409_with_the_next_date_that_has_a_slot(branch_systems):
    day = next_working_day(20)  # a day no other test books
    slots = [_post(branch_systems["bank"], "bank", {**valid_order("bank"), "date": day}).body["slot"]
             for _ in range(8)]
    assert len(set(slots)) == 8
    reply = _post(branch_systems["bank"], "bank", {**valid_order("bank"), "date": day})
    assert (reply.status, reply.body["code"]) == (409, "no_slot_available")
    assert reply.body["next_available"] > day


def test_the_tax_bureau_grants_up_to_the_initial_credit_line(branch_systems):
    asked = _post(branch_systems["tax"], "tax", valid_order("tax")).body
    assert asked["taxpayer_number"] == asked["uscc"]
    assert asked["invoice_quota"] == {"kinds": ["数电发票（普通发票）"], "monthly_credit_line_fen": 10_000_000,
                                      "tax_control_device": False}
    capped = _post(branch_systems["tax"], "tax", {**valid_order("tax"), "monthly_invoice_limit_fen": 500_000_000}).body
    assert capped["invoice_quota"]["monthly_credit_line_fen"] == 100_000_000


def test_social_insurance_opens_a_housing_fund_account_only_when_asked(branch_systems):
    both = _post(branch_systems["social_insurance"], "social_insurance", valid_order("social_insurance")).body
    assert both["social_insurance_number"] and both["housing_fund_account"]
    alone = _post(branch_systems["social_insurance"], "social_insurance",
                  {**valid_order("social_insurance"), "housing_fund": False}).body
    assert alone["social_insurance_number"] and alone["housing_fund_account"] is None


def test_fail_next_fails_that_many_requests_then_answers(branch_systems):
    client, body = branch_systems["tax"], valid_order("tax")
    assert client.post("/_sim/faults", {"fail_next": 2}).body["fail_next"] == 2
    statuses = [_post(client, "tax", body, "same-key-" + body["uscc"]).status for _ in range(3)]
    assert statuses == [503, 503, 201]
    assert client.get("/_sim/faults").body["fail_next"] == 0
    assert len(_orders(client, "tax", body["uscc"])) == 1


def test_hold_response_makes_the_order_before_the_answer(branch_systems):
    client, body = branch_systems["seal"], valid_order("seal")
    client.post("/_sim/faults", {"hold_response_ms": 1500})
    answer = {}
    thread = threading.Thread(target=lambda: answer.update(reply=_post(client, "seal", body)))
    started = time.monotonic()
    thread.start()
    time.sleep(0.7)
    assert len(_orders(client, "seal", body["uscc"])) == 1 and thread.is_alive()  # reads are not held
    thread.join()
    assert answer["reply"].status == 201 and time.monotonic() - started >= 1.5


@pytest.mark.parametrize("body", [{"fail_next": -1}, {"fail_next": 1.5}, {"fail_next": True},
                                  {"hold_response_ms": 60_001}])
def test_invalid_new_faults_are_422(branch_systems, body):
    reply = branch_systems["bank"].post("/_sim/faults", body)
    assert (reply.status, reply.body["code"]) == (422, "invalid_faults")


def test_orders_are_listed_by_company_only(branch_systems):
    first, second = new_company(), new_company()
    _post(branch_systems["social_insurance"], "social_insurance", valid_order("social_insurance", first))
    assert _orders(branch_systems["social_insurance"], "social_insurance", second["uscc"]) == []
    reply = branch_systems["social_insurance"].get("/v1/employer-registrations?uscc=bad")
    assert (reply.status, reply.body["code"]) == (422, "invalid_uscc")
