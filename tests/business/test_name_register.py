"""The register in the database: the check finds names through the key columns, and reserving
is one state change with its audit record."""

import datetime as dt
import json
import threading

import pytest
from django.db import connection

from onestop.accounts.models import User
from onestop.business.models import NameEvent, NameReservation, NameStatus, RegisteredName
from onestop.business.services import NameNotAvailable, check_name, register_row, reserve_name

TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def empty_register(db):
    """These tests bring their own register: the demo one (load_demo) is removed in the test's
    transaction, except the rows that reservations made by other tests hold."""
    RegisteredName.objects.filter(reservation__isnull=True, events__isnull=True).delete()


@pytest.fixture
def register(empty_register):
    rows = [("珠海华发房地产开发有限公司", "registered", dt.date(2010, 5, 1)),
            ("珠海市太成科技有限公司", "registered", dt.date(2019, 3, 4)),
            ("珠海市新青科技有限公司", "cancelled", dt.date(2026, 3, 1))]
    RegisteredName.objects.bulk_create([register_row(*row) for row in rows])


@pytest.mark.parametrize("name, verdict, rule", [
    ("珠海发华房地产开发有限公司", "blocked", "identical_trade_name"),
    ("珠海华法房地产开发有限公司", "warning", "homophone"),
    ("珠海华发置业有限公司", "warning", "similar_industry"),
    ("珠海市大成科技有限公司", "warning", "lookalike"),
    ("珠海市斗门区新青科技有限公司", "blocked", "identical_trade_name"),
    ("珠海市新禾科技有限公司", "allowed", None),
])
def test_the_check_finds_conflicts_in_the_database_register(register, name, verdict, rule):
    result = check_name(name, today=TODAY)
    assert result.verdict == verdict
    assert [r.rule for r in result.reasons] == ([rule] if rule else [])


def test_a_reserved_name_blocks_the_next_applicant_for_two_months(register):
    first = User.objects.create_user(username="founder1")
    second = User.objects.create_user(username="founder2")
    reservation = reserve_name(first, "珠海市斗门区新禾科技有限公司", today=TODAY)
    assert reservation.expires_on == dt.date(2027, 2, 2)
    assert reservation.entry.status == NameStatus.RESERVED and reservation.entry.trade_name == "新禾"
    event = NameEvent.objects.get(entry=reservation.entry)
    assert (event.action, event.actor) == ("reserved", first)
    with pytest.raises(NameNotAvailable) as refused:
        reserve_name(second, "珠海市禾新科技有限公司", today=TODAY)
    assert refused.value.code == "name_blocked" and "第十七条" in refused.value.message
    assert check_name("珠海市禾新科技有限公司", today=dt.date(2027, 2, 2)).verdict == "allowed"


def test_a_refused_reservation_changes_nothing(register):
    applicant = User.objects.create_user(username="founder3")
    before = RegisteredName.objects.count()
    with pytest.raises(NameNotAvailable) as refused:
        reserve_name(applicant, "珠海华法房地产开发有限公司", today=TODAY)
    assert refused.value.code == "name_warnings_not_accepted"
    assert RegisteredName.objects.count() == before
    assert not NameReservation.objects.exists() and not NameEvent.objects.exists()
    accepted = reserve_name(applicant, "珠海华法房地产开发有限公司", accept_warnings=True, today=TODAY)
    assert [w["rule"] for w in accepted.accepted_warnings] == ["homophone"]


@pytest.mark.django_db(transaction=True)
def test_two_applicants_racing_for_one_name_get_one_reservation():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent writers need PostgreSQL (SQLite serialises every writer)")
    applicants = [User.objects.create_user(username=f"racer{i}") for i in range(6)]
    # The same trade name, written in the same and in reordered characters.
    names = ["珠海市斗门区鼎泰科技有限公司", "珠海鼎泰科技有限公司", "珠海市泰鼎科技有限公司"] * 2
    start = threading.Barrier(len(applicants))
    outcomes = []

    def race(user, name):
        try:
            start.wait()
            reserve_name(user, name, today=TODAY)
            outcomes.append("reserved")
        except NameNotAvailable as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=pair) for pair in zip(applicants, names)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["name_blocked"] * 5 + ["reserved"]
    assert NameReservation.objects.filter(applicant__in=applicants).count() == 1
    assert NameEvent.objects.filter(actor__in=applicants).count() == 1


def test_the_api_checks_a_name_and_answers_problems_for_bad_input(register, client):
    answer = client.post("/api/business/name-check", {"name": "珠海发华房地产开发有限公司"},
                         content_type="application/json")
    body = answer.json()
    assert answer.status_code == 200 and body["verdict"] == "blocked"
    assert body["parts"]["trade_name"] == "发华"
    assert body["reasons"][0]["conflicts_with"] == "珠海华发房地产开发有限公司"
    corrected = client.post("/api/business/name-check", json.dumps(
        {"name": "", "parts": {"region": "珠海市", "trade_name": "新禾", "industry": "科技",
                               "form": "有限公司"}}), content_type="application/json")
    assert corrected.json()["verdict"] == "allowed"
    empty = client.post("/api/business/name-check", {"name": ""}, content_type="application/json")
    assert empty.status_code == 200 and empty.json()["verdict"] == "blocked"
    assert "trade_name_missing" in [r["rule"] for r in empty.json()["reasons"]]
    # Parts as long as the name they came from are answered, not refused by the response schema.
    long_parts = client.post("/api/business/name-check", {"name": "0" * 59}, content_type="application/json")
    assert long_parts.status_code == 200 and long_parts.json()["parts"]["trade_name"] == "0" * 59
    for bad in [{"name": "珠" * 61}, {"name": 3}, [None, None], {"name": "", "parts": [None]}]:
        refused = client.post("/api/business/name-check", bad, content_type="application/json")
        assert refused.status_code == 422
        assert refused["Content-Type"] == "application/problem+json" and refused.json()["code"]


def test_the_loader_writes_demo_companies_and_generated_names_with_their_keys(empty_register):
    from onestop.business.register_load import load_register

    assert load_register(500, seed=7) == 520
    demo = RegisteredName.objects.get(name="珠海井岸建筑工程有限公司")
    assert (demo.trade_name, demo.industry, demo.trade_sorted) == ("井岸", "建筑工程", "井岸")
    assert check_name("珠海市斗门区井岸建筑工程有限公司", today=TODAY).verdict == "blocked"
    generated = RegisteredName.objects.filter(status="registered").order_by("-pk").first()
    again = check_name(generated.name, today=TODAY)
    assert again.verdict == "blocked" and generated.name in [r.conflicts_with for r in again.reasons]


def test_generated_names_read_back_as_the_parts_they_were_made_of():
    from onestop.business.names.generate import generate
    from onestop.business.names.parse import parse

    for name, _, _, _, trade, industry, form in generate(20000, seed=11):
        p = parse(name)
        assert (p.trade_name, p.industry, p.form) == (trade, industry, form), name


def test_reloading_the_register_keeps_the_reserved_names(db):
    from onestop.business.register_load import load_register

    load_register(50, seed=3)
    kept = reserve_name(User.objects.create_user(username="keeper"), "珠海市鼎新禾科技有限公司",
                        today=TODAY)
    assert load_register(30, seed=4, replace=True) == 50
    assert RegisteredName.objects.count() == 51
    assert RegisteredName.objects.get(pk=kept.entry_id).status == NameStatus.RESERVED


def test_the_lookup_leaves_out_rows_of_unrelated_industries(register):
    from onestop.business.names.parse import parse
    from onestop.business.services import DatabaseRegister

    RegisteredName.objects.bulk_create([register_row("珠海华发餐饮有限公司", "registered", None),
                                        register_row("珠海华发网络科技有限公司", "registered", None),
                                        register_row("珠海华发有限公司", "registered", None)])
    found = {e.name for e in DatabaseRegister().candidates(parse("珠海华发科技有限公司"))}
    assert found == {"珠海华发网络科技有限公司", "珠海华发有限公司"}


def test_a_trade_name_longer_than_the_register_holds_is_refused_not_a_server_error(empty_register):
    applicant = User.objects.create_user(username="long-trade-name")
    with pytest.raises(NameNotAvailable) as refused:
        reserve_name(applicant, "珠海市" + "华" * 42 + "科技有限公司", today=TODAY)
    assert refused.value.code in ("name_part_too_long", "name_blocked")
    assert not NameReservation.objects.filter(applicant=applicant).exists()
