"""The demo residents in residents.json are valid and cover the cases the demo needs."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict

from onestop.core.identifiers import check_citizen_id
from simulators.population_register import make_residents as mk

RESIDENTS = json.loads(mk.OUT.read_text(encoding="utf-8"))["residents"]
AS_OF = dt.date(2026, 11, 26)


def _ages() -> list[int]:
    return [mk.age_on(dt.date.fromisoformat(r["birth_date"]), AS_OF) for r in RESIDENTS]


def test_file_is_what_the_generator_writes():
    assert mk.Generator().residents() == RESIDENTS


def test_hard_coded_division_codes_are_the_real_ones():
    mk.check_against_shared_data()  # a no-op where shared/data is absent
    assert set(mk.TOWNS.values()) == {"白藤街道", "莲洲镇", "斗门镇", "乾务镇", "白蕉镇", "井岸镇"}


def test_every_id_number_is_valid_unique_and_agrees_with_the_record():
    assert len(RESIDENTS) >= 60
    assert len({r["id_number"] for r in RESIDENTS}) == len(RESIDENTS)
    for r in RESIDENTS:
        number = r["id_number"]
        assert check_citizen_id(number, mk.AREA_CODES) is None, number
        assert number[6:14] == r["birth_date"].replace("-", "")
        assert r["gender"] == ("男" if int(number[16]) % 2 else "女"), number


def test_most_are_born_in_doumen_and_a_few_elsewhere():
    elsewhere = [r for r in RESIDENTS if not r["id_number"].startswith("440403")]
    assert 3 <= len(elsewhere) <= len(RESIDENTS) // 4


def test_households_have_exactly_one_head():
    households: dict[str, list[dict]] = defaultdict(list)
    for r in RESIDENTS:
        households[r["household_number"]].append(r)
        assert r["relationship"] in {"户主", "配偶", "子女", "父母"}
        assert r["household_head"] == (r["relationship"] == "户主")
    assert 20 <= len(households) <= 30
    for number, members in households.items():
        assert sum(m["household_head"] for m in members) == 1, number
        assert len({(m["address"], m["division_code"], m["registration_type"]) for m in members}) == 1, number


def test_ages_cover_elderly_allowance_and_birth_registration():
    ages = _ages()
    assert sum(a >= 80 for a in ages) >= 5
    assert sum(70 <= a < 80 for a in ages) >= 3
    assert sum(a < 6 for a in ages) >= 5
    assert sum(18 <= a < 60 for a in ages) >= 20


def test_addresses_statuses_and_mobiles():
    mobiles = [r["mobile"] for r in RESIDENTS if r["mobile"] is not None]
    assert len(set(mobiles)) == len(mobiles) > 30
    assert set(mk.TOWNS) == {r["division_code"] for r in RESIDENTS}
    for r, age in zip(RESIDENTS, _ages()):
        assert r["division_name"] == mk.TOWNS[r["division_code"]] and r["division_name"] in r["address"]
        assert r["address"].startswith("广东省珠海市斗门区")
        assert r["registration_type"] in {"城镇", "农村"}
        assert r["marital_status"] in {"未婚", "已婚", "离婚", "丧偶"}
        assert (age >= 18) or r["marital_status"] == "未婚"
        assert r["mobile"] is None or re.fullmatch(r"1(380000|590000|860000)\d{4}", r["mobile"])
