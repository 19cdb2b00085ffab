"""The six register simulators (marriage, social insurance, disability, company register, credit,
education): their HTTP interface as in docs/data-exchange.md, and the demo data they serve."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections import Counter, defaultdict

import pytest

from onestop.core.identifiers import check_citizen_id, check_uscc, make_uscc
from simulators.registers import make_registers as mk
from simulators.registers.common import data_file

AS_OF = mk.AS_OF
RESIDENTS = mk.read_residents()
BY_ID = {r["id_number"]: r for r in RESIDENTS}
BY_NAME = {r["name"]: r for r in RESIDENTS}
DATA = {code: json.loads(data_file(code).read_text(encoding="utf-8")) for code in mk.REGISTERS}
RECORDS = {code: data["records"] for code, data in DATA.items()}
MARRIAGE = {r["id_number"]: r for r in RECORDS["marriage"]}
INSURANCE = {r["id_number"]: r for r in RECORDS["social_insurance"]}
DISABILITY = {r["id_number"]: r for r in RECORDS["disability"]}
EDUCATION = {r["id_number"]: r for r in RECORDS["education"]}
COMPANIES = {r["uscc"]: r for r in RECORDS["company_register"]}
CREDIT = {r["subject"]: r for r in RECORDS["credit"]}

# Valid under GB 11643 / GB 32100, but in no register.
UNKNOWN_ID = "11010519491231002X"
UNKNOWN_USCC = make_uscc("91", "440403", "MA9999Y9")
PERSON_ROUTES = {
    "marriage": "/v1/marriage/{}",
    "social_insurance": "/v1/social-insurance/{}",
    "disability": "/v1/disability/{}",
    "education": "/v1/education/{}",
}
ROUTES = {**PERSON_ROUTES, "company_register": "/v1/companies/{}", "credit": "/v1/credit/{}",
          "subsidy_payments": "/v1/subsidy-payments/{}"}
# A subject each register has a record of.
KNOWN = {
    "marriage": RECORDS["marriage"][0]["id_number"],
    "social_insurance": RECORDS["social_insurance"][0]["id_number"],
    "disability": RECORDS["disability"][0]["id_number"],
    "education": RECORDS["education"][0]["id_number"],
    "company_register": RECORDS["company_register"][0]["uscc"],
    "credit": RECORDS["credit"][0]["subject"],
    "subsidy_payments": RECORDS["subsidy_payments"][0]["id_number"],
}


def age(person: dict) -> int:
    return mk.age_on(dt.date.fromisoformat(person["birth_date"]), AS_OF)


def adults() -> list[dict]:
    return [r for r in RESIDENTS if age(r) >= 18]


def household(r: dict) -> list[dict]:
    return [m for m in RESIDENTS if m["household_number"] == r["household_number"]]


def assert_problem(reply, status: int, code: str) -> None:
    assert (reply.status, reply.body["code"]) == (status, code), reply.body
    assert reply.headers["Content-Type"] == "application/problem+json"
    assert reply.body["status"] == status and reply.body["title"]


# --- the files --------------------------------------------------------------------------------------

def test_files_are_what_the_generator_writes():
    built = mk.Generator().build()
    for code in mk.REGISTERS:
        assert data_file(code).read_text(encoding="utf-8") == mk.render(code, built[code]), code


def test_files_say_they_are_simulated():
    for code, data in DATA.items():
        assert data["about"]["simulated"] is True and data["about"]["register"] == code
        assert data["about"]["as_of"] == "2026-11-27"


# --- HTTP -------------------------------------------------------------------------------------------

def test_healthz_needs_no_token_and_says_it_is_a_simulator(registers):
    for code in ROUTES:
        reply = registers[code].get("/healthz", token="")
        assert reply.status == 200 and reply.body["simulated"] is True and reply.body["status"] == "ok"
        assert reply.headers["X-Simulator"] == reply.body["simulator"]
    assert len({registers[code].get("/healthz").body["simulator"] for code in ROUTES}) == len(ROUTES)


@pytest.mark.parametrize("code", sorted(ROUTES))
def test_token_is_required(registers, code):
    path = ROUTES[code].format(KNOWN[code])
    for token, problem in (("", "unauthorized"), ("dev-simulator-token", "invalid_token"), ("wrong", "invalid_token")):
        reply = registers[code].get(path, token=token)
        assert_problem(reply, 401, problem)
        assert reply.headers["WWW-Authenticate"].startswith("Bearer")
    assert registers[code].get(path).status == 200


@pytest.mark.parametrize("code", sorted(PERSON_ROUTES))
def test_person_register_answers_the_record(registers, code):
    records = {r["id_number"]: r for r in RECORDS[code]}
    for id_number in list(records)[:3]:
        reply = registers[code].get(PERSON_ROUTES[code].format(id_number))
        assert reply.status == 200 and reply.headers["Content-Type"] == "application/json"
        assert reply.body == records[id_number]
    # A trailing x is read as X.
    with_x = next(i for i in records if i.endswith("X"))
    assert registers[code].get(PERSON_ROUTES[code].format(with_x.lower())).body == records[with_x]


@pytest.mark.parametrize("code", sorted(PERSON_ROUTES))
def test_person_register_without_a_record_is_404_not_found(registers, code):
    assert_problem(registers[code].get(PERSON_ROUTES[code].format(UNKNOWN_ID)), 404, "not_found")
    resident_without_record = next(r for r in RESIDENTS if r["id_number"] not in {x["id_number"] for x in RECORDS[code]})
    assert_problem(registers[code].get(PERSON_ROUTES[code].format(resident_without_record["id_number"])), 404, "not_found")


@pytest.mark.parametrize("code", sorted(PERSON_ROUTES))
@pytest.mark.parametrize("bad", ["123", UNKNOWN_ID[:-1] + "1", "440403199902303450", "44040319990220345Y"])
def test_person_register_rejects_invalid_id_numbers(registers, code, bad):
    reply = registers[code].get(PERSON_ROUTES[code].format(bad))
    assert_problem(reply, 422, "invalid_id_number")
    assert reply.body["errors"][0]["param"] == "id_number"


def test_company_register(registers):
    client = registers["company_register"]
    for uscc in list(COMPANIES)[:3] + list(COMPANIES)[-2:]:
        reply = client.get(f"/v1/companies/{uscc}")
        assert reply.status == 200 and reply.body == COMPANIES[uscc]
    first = next(iter(COMPANIES))
    assert client.get(f"/v1/companies/{first.lower()}").body == COMPANIES[first]
    assert_problem(client.get(f"/v1/companies/{UNKNOWN_USCC}"), 404, "not_found")
    wrong_check = UNKNOWN_USCC[:-1] + ("0" if UNKNOWN_USCC[-1] != "0" else "1")
    for bad in (wrong_check, "91440403MA0001X0X", "91440403MA0001X0XI", BY_NAME["麦家荣"]["id_number"]):
        reply = client.get(f"/v1/companies/{bad}")
        assert_problem(reply, 422, "invalid_uscc")
        assert reply.body["errors"][0]["param"] == "uscc"


def test_credit_listed_and_not_listed(registers):
    client = registers["credit"]
    for subject, record in CREDIT.items():
        reply = client.get(f"/v1/credit/{subject}")
        assert reply.status == 200 and reply.body == record and reply.body["listed"] is True
    company = next(u for u in COMPANIES if u not in CREDIT)
    for subject in (BY_NAME["麦家荣"]["id_number"], UNKNOWN_ID, company, UNKNOWN_USCC):
        # The list is public: absence is a normal answer, never 404.
        reply = client.get(f"/v1/credit/{subject.lower()}")
        assert (reply.status, reply.body) == (200, {"subject": subject, "listed": False, "records": []})
    for bad in ("123", UNKNOWN_ID[:-1] + "1", UNKNOWN_USCC[:-1] + "I"):
        reply = client.get(f"/v1/credit/{bad}")
        assert_problem(reply, 422, "invalid_subject")
        assert reply.body["errors"][0]["param"] == "subject"


def test_subsidy_payments_answer_everyone_and_list_who_is_paid(registers):
    client = registers["subsidy_payments"]
    for record in RECORDS["subsidy_payments"]:
        reply = client.get(f"/v1/subsidy-payments/{record['id_number']}")
        assert reply.status == 200 and reply.body == record and record["payments"]
    for id_number in (BY_NAME["谭棠祥"]["id_number"], UNKNOWN_ID):
        # Being paid nothing is a normal answer, never 404.
        reply = client.get(f"/v1/subsidy-payments/{id_number}")
        assert (reply.status, reply.body) == (200, {"id_number": id_number, "payments": []})
    assert_problem(client.get("/v1/subsidy-payments/123"), 422, "invalid_id_number")


def test_subsidy_payments_show_one_elderly_allowance_paid_and_one_stopped():
    paid = {(BY_ID[r["id_number"]]["name"], p["subsidy"]): p for r in RECORDS["subsidy_payments"] for p in r["payments"]}
    assert paid[("陈根生", "高龄津贴")]["status"] == "发放中" and paid[("陈根生", "高龄津贴")]["until"] is None
    assert paid[("赵福池", "高龄津贴")]["status"] == "已停发" and paid[("赵福池", "高龄津贴")]["until"] <= "2026-11"
    for p in paid.values():
        assert p["since"] <= AS_OF.isoformat()[:7] and p["monthly_fen"] > 0 and (p["status"] == "发放中") == (p["until"] is None)
    for name, _ in paid:
        assert age(BY_NAME[name]) >= 18


def test_unknown_paths_and_methods_are_problems(registers):
    client = registers["marriage"]
    assert_problem(client.get("/v1/marriage"), 404, "not_found")
    assert_problem(client.post(f"/v1/marriage/{KNOWN['marriage']}", {}), 405, "method_not_allowed")


@pytest.mark.parametrize("code", sorted(ROUTES))
def test_injected_delay_applies_to_v1_only(registers, code):
    client = registers[code]
    assert client.post("/_sim/faults", {"delay_ms": 300}).body == {"delay_ms": 300, "fail_rate": 0.0, "status": 503, "fail_next": 0, "hold_response_ms": 0}
    start = time.monotonic()
    assert client.get(ROUTES[code].format(KNOWN[code])).status == 200
    assert time.monotonic() - start >= 0.3
    start = time.monotonic()
    assert client.get("/healthz").status == 200
    assert time.monotonic() - start < 0.25


@pytest.mark.parametrize("code", sorted(ROUTES))
def test_injected_failures(registers, code):
    client = registers[code]
    client.post("/_sim/faults", {"fail_rate": 1, "status": 504})
    for _ in range(3):
        assert_problem(client.get(ROUTES[code].format(KNOWN[code])), 504, "simulated_fault")
    assert client.get("/_sim/faults").body["fail_rate"] == 1.0
    assert_problem(client.post("/_sim/faults", {"fail_rate": 2}), 422, "invalid_faults")
    assert client.request("DELETE", "/_sim/faults").body == {"delay_ms": 0, "fail_rate": 0.0, "status": 503, "fail_next": 0, "hold_response_ms": 0}
    assert client.get(ROUTES[code].format(KNOWN[code])).status == 200


def test_faults_of_one_register_do_not_reach_another(registers):
    registers["credit"].post("/_sim/faults", {"fail_rate": 1})
    assert registers["credit"].get(ROUTES["credit"].format(KNOWN["credit"])).status == 503
    assert registers["education"].get(ROUTES["education"].format(KNOWN["education"])).status == 200
    assert registers["population"].get(f"/v1/residents/{KNOWN['education']}").status == 200


def test_registers_fixture_points_the_platform_at_the_simulators(registers, settings):
    from tests.simulator_fixtures import TOKEN

    assert settings.ONESTOP_SIMULATOR_TOKEN == TOKEN
    urls = settings.ONESTOP_DATA_SOURCE_URLS
    assert set(urls) == {"population", "household", *mk.REGISTERS}
    assert urls == {code: client.base_url for code, client in registers.items()}
    assert urls["population"] == urls["household"] == registers["population"].base_url


def test_settings_default_to_the_make_run_ports():
    import onestop.settings as module

    ports = {code: url.rsplit(":", 1)[1] for code, url in module.ONESTOP_DATA_SOURCE_URLS.items()}
    assert {code: ports[code] for code in mk.REGISTERS} == {
        "marriage": "8104", "social_insurance": "8105", "disability": "8106",
        "company_register": "8107", "credit": "8108", "education": "8109", "subsidy_payments": "8110",
    }
    assert module.ONESTOP_DATA_SOURCE_URLS["population"] == module.ONESTOP_POPULATION_URL


# --- the demo data: marriage ------------------------------------------------------------------------

def test_every_adult_and_nobody_else_has_a_marriage_and_an_education_record():
    assert set(MARRIAGE) == set(EDUCATION) == {r["id_number"] for r in adults()}


def test_marital_status_agrees_with_the_population_register():
    for id_number, m in MARRIAGE.items():
        assert m["marital_status"] == BY_ID[id_number]["marital_status"], id_number
        married = m["marital_status"] == "已婚"
        assert (m["spouse_id_number"] is not None) == married == (m["registered_on"] is not None)
        if m["marital_status"] == "未婚":
            assert m["registry"] is None and m["spouse_name"] is None


def test_spouses_are_mutual_married_residents_of_one_household():
    pairs = 0
    for id_number, m in MARRIAGE.items():
        if m["spouse_id_number"] is None:
            continue
        person, spouse = BY_ID[id_number], BY_ID[m["spouse_id_number"]]
        other = MARRIAGE[spouse["id_number"]]
        assert other["spouse_id_number"] == id_number and other["spouse_name"] == person["name"]
        assert m["spouse_name"] == spouse["name"]
        assert (m["registered_on"], m["registry"]) == (other["registered_on"], other["registry"])
        assert person["household_number"] == spouse["household_number"] and person["gender"] != spouse["gender"]
        # Legal marriage age: 22 for men, 20 for women.
        day = dt.date.fromisoformat(m["registered_on"])
        assert mk.age_on(dt.date.fromisoformat(person["birth_date"]), day) >= (22 if person["gender"] == "男" else 20)
        assert day <= AS_OF
        pairs += 1
    assert pairs >= 2 * 15


def test_children_count_is_the_children_in_the_household():
    for id_number, m in MARRIAGE.items():
        r = BY_ID[id_number]
        relation = {"户主": "子女", "配偶": "子女", "父母": "户主"}.get(r["relationship"])
        expected = sum(x["relationship"] == relation for x in household(r)) if relation else 0
        assert m["children_count"] == expected, r["name"]


def test_birth_registration_can_go_both_ways():
    # 生育登记: a married couple with at most one child and a wife aged 20-40 approves ...
    approving = [BY_ID[i]["name"] for i, m in MARRIAGE.items()
                 if BY_ID[i]["gender"] == "女" and m["marital_status"] == "已婚" and m["children_count"] <= 1 and 20 <= age(BY_ID[i]) <= 40]
    assert {"黄诗悦", "温思颖", "卢思彤"} <= set(approving)
    # ... and an unmarried person of that age, or a couple with two children, does not.
    assert any(m["marital_status"] == "未婚" and 20 <= age(BY_ID[i]) <= 40 for i, m in MARRIAGE.items())
    assert any(m["marital_status"] == "已婚" and m["children_count"] >= 2 for m in MARRIAGE.values())


# --- social insurance -------------------------------------------------------------------------------

def test_social_insurance_records_are_coherent():
    assert set(INSURANCE) <= {r["id_number"] for r in adults()}
    for id_number, s in INSURANCE.items():
        assert 0 <= s["months_in_city_last_12"] <= 12 and 0 <= s["continuous_months"] <= s["pension_months_total"]
        assert s["unemployment_insured_months"] <= s["pension_months_total"]
        assert s["insured"] == (s["status"] != "未参保") == (s["city"] is not None)
        assert s["status"] in {"正常参保", "暂停缴费", "终止参保", "未参保"}
        assert s["employment_status"] in {"在职", "失业", "退休", "灵活就业"}
        assert (s["employer_uscc"] is None) == (s["employer_name"] is None)
        if s["employer_uscc"]:
            employer = COMPANIES[s["employer_uscc"]]
            assert employer["name"] == s["employer_name"] and employer["status"] == "存续"
            assert s["employment_status"] == "在职"
        if s["last_paid_month"] is not None:
            assert re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", s["last_paid_month"])
        if s["continuous_months"]:
            assert s["last_paid_month"] == "2026-10" and s["city"] == "珠海市"
        if s["city"] != "珠海市":
            assert s["months_in_city_last_12"] == s["continuous_months"] == 0
        if age(BY_ID[id_number]) >= 60:
            assert s["employment_status"] == "退休" and s["insured"]
        else:
            assert s["employment_status"] != "退休"


def test_social_insurance_covers_the_scenarios():
    working = [INSURANCE.get(r["id_number"]) for r in adults() if age(r) < 60]
    in_zhuhai = [s for s in working if s and s["insured"] and s["city"] == "珠海市"]
    assert len(in_zhuhai) >= 0.75 * len(working)
    assert sum(s["months_in_city_last_12"] == 12 and s["continuous_months"] >= 12 for s in in_zhuhai) >= 10
    assert sum(3 <= s["months_in_city_last_12"] <= 5 for s in in_zhuhai) >= 3
    assert sum(s is not None and s["status"] == "未参保" for s in working) >= 2
    assert None in working  # an adult with no record at all
    assert any(s and s["insured"] and s["city"] != "珠海市" for s in working)
    unemployed = [s for s in working if s and s["employment_status"] == "失业"]
    # 失业保险金: at least 12 months of unemployment insurance approves, fewer does not.
    assert sum(s["unemployment_insured_months"] >= 12 for s in unemployed) >= 2
    assert sum(s["unemployment_insured_months"] < 12 for s in unemployed) >= 1
    assert len({s["employer_uscc"] for s in working if s and s["employer_uscc"]}) >= 5


# --- disability -------------------------------------------------------------------------------------

def test_disability_records_are_coherent_and_cover_the_scenarios():
    assert len(DISABILITY) >= 5
    for id_number, d in DISABILITY.items():
        assert id_number in BY_ID
        assert d["certificate_number"] == id_number + mk.DISABILITY_CATEGORIES[d["category"]] + str(d["grade"])
        assert len(d["certificate_number"]) == 20 and d["grade"] in (1, 2, 3, 4)
        assert d["issued_on"] < d["valid_until"]
    valid = [d for d in DISABILITY.values() if d["valid_until"] >= AS_OF.isoformat()]
    # 重度残疾人护理补贴 (grades 1-2 with a need of care) and 困难残疾人生活补贴 (low income), both ways.
    assert {1, 2} <= {d["grade"] for d in valid if d["needs_care"]}
    assert any(d["grade"] <= 2 and not d["needs_care"] for d in valid)
    assert {3, 4} <= {d["grade"] for d in valid}
    assert any(d["low_income"] for d in valid) and any(not d["low_income"] for d in valid)
    assert any(d["valid_until"] < AS_OF.isoformat() for d in DISABILITY.values())


# --- company register -------------------------------------------------------------------------------

def test_company_register_holds_the_demo_companies_and_two_others():
    demo = mk.loader_companies()
    assert len(COMPANIES) == len(demo) + 2 == 22
    names = [c["name"] for c in COMPANIES.values()]
    assert names[: len(demo)] == [row[0] for row in demo]
    statuses = Counter(c["status"] for c in COMPANIES.values())
    assert statuses == {"存续": 20, "注销": 1, "吊销": 1}
    assert sum(c["abnormal"] for c in list(COMPANIES.values())[: len(demo)]) == 1
    for uscc, c in COMPANIES.items():
        assert check_uscc(uscc) is None, uscc
        assert BY_ID[c["legal_representative_id_number"]]["name"] == c["legal_representative"]
        assert isinstance(c["registered_capital_fen"], int) and c["registered_capital_fen"] > 0
        assert "2008-01-01" <= c["established_on"] <= "2025-12-31"
        assert re.fullmatch(r"440403\d{3}", c["division_code"])
        assert mk.TOWN_CODES[re.match(r"珠海市斗门区(.+?[镇道])", c["address"]).group(1)] == c["division_code"]


def test_company_identity_is_the_accounts_loaders_derivation():
    # Without Django: the generator's reading of COMPANIES and its derivation.
    derived = mk.demo_company_identity(RESIDENTS)
    for d, c in zip(derived, COMPANIES.values()):
        assert {k: c[k] for k in d} == d


@pytest.mark.django_db
def test_company_register_agrees_with_the_accounts_loader(monkeypatch):
    """Run the accounts loader itself (on the generator's date) and compare what it stores."""
    from django.utils import timezone

    from onestop.accounts.demo import loader
    from onestop.accounts.models import Company

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: AS_OF)
    loader.load_people()
    assert loader.load_companies() == 20
    loaded = {c.uscc: c for c in Company.objects.filter(uscc__in=COMPANIES).select_related("legal_representative")}
    assert len(loaded) == 20
    for uscc, company in loaded.items():
        record = COMPANIES[uscc]
        assert (record["name"], record["company_type"], record["business_scope"], record["address"]) == (
            company.name, company.company_type, company.scope, company.address)
        assert record["legal_representative_id_number"] == company.legal_representative.id_number()
        assert record["legal_representative"] == company.legal_representative.name
    assert [row[0] for row in loader.COMPANIES] == [row[0] for row in mk.loader_companies()]


# --- credit -----------------------------------------------------------------------------------------

def test_credit_lists_two_residents_and_one_demo_company():
    people = [s for s in CREDIT if s in BY_ID]
    companies = [s for s in CREDIT if s in COMPANIES]
    assert len(people) == 2 and len(companies) == 1 and len(CREDIT) == 3
    assert COMPANIES[companies[0]]["status"] == "存续"
    # Listed people are not the demo companies' legal representatives: a company's case stays its own.
    assert not set(people) & {c["legal_representative_id_number"] for c in list(COMPANIES.values())[:20]}
    for record in CREDIT.values():
        assert record["listed"] is True and record["records"]
        for case in record["records"]:
            assert re.fullmatch(r"（20\d\d）粤0403执\d{1,5}号", case["case_number"])
            assert case["court"] == "珠海市斗门区人民法院" and case["obligation"]
            assert case["listed_on"] <= AS_OF.isoformat() and case["case_number"][1:5] == case["listed_on"][:4]


# --- education --------------------------------------------------------------------------------------

LEVEL_CODES = {"博士研究生": "01", "硕士研究生": "02", "大学本科": "05", "大学专科": "06"}
DEGREE_OF = {"博士研究生": "博士", "硕士研究生": "硕士", "大学本科": "学士", "大学专科": "无"}


def test_certificate_numbers_follow_the_national_format():
    numbers = []
    for e in EDUCATION.values():
        for c in e["records"]:
            number = c["certificate_number"]
            assert re.fullmatch(r"\d{18}", number)
            assert number[:5] == mk.SCHOOLS[c["school"]]
            assert number[5] == ("1" if c["full_time"] else "5")
            assert number[6:10] == c["graduated_on"][:4]
            assert number[10:12] == LEVEL_CODES[c["education"]]
            assert c["degree"] == DEGREE_OF[c["education"]]
            numbers.append(number)
    assert len(numbers) == len(set(numbers)) >= 25


def test_highest_education_and_degree_follow_the_records():
    order = ["博士研究生", "硕士研究生", "大学本科", "大学专科", "高中", "初中及以下"]
    for id_number, e in EDUCATION.items():
        if e["records"]:
            assert e["highest_education"] == min((c["education"] for c in e["records"]), key=order.index)
            degrees = [c["degree"] for c in e["records"] if c["degree"] != "无"]
            assert e["highest_degree"] == (min(degrees, key=["博士", "硕士", "学士"].index) if degrees else "无")
        else:
            assert e["highest_education"] in ("高中", "初中及以下") and e["highest_degree"] == "无"
        for c in e["records"]:
            assert c["graduated_on"] <= AS_OF.isoformat()
            assert mk.age_on(dt.date.fromisoformat(BY_ID[id_number]["birth_date"]), dt.date.fromisoformat(c["graduated_on"])) >= 18


def test_talent_introduction_can_go_both_ways():
    # 人才引进: full-time 本科+学士 under 35, 硕士 under 40, 博士 under 45.
    limits = {"学士": 35, "硕士": 40, "博士": 45}
    passing, failing = defaultdict(list), []
    for id_number, e in EDUCATION.items():
        person = BY_ID[id_number]
        full_time_degrees = {c["degree"] for c in e["records"] if c["full_time"] and c["degree"] in limits}
        ok = [d for d in full_time_degrees if age(person) < limits[d]]
        for degree in ok:
            passing[degree].append(person["name"])
        if 22 <= age(person) <= 45 and not ok:
            failing.append(person["name"])
    assert all(passing[d] for d in limits), passing
    assert {"卢建斌"} <= set(passing["博士"]) and {"杨俊雄", "卢思彤"} <= set(passing["硕士"])
    assert {"杨宇熙", "冯梓琪"} <= set(passing["学士"])
    # Too old for the degree, part-time, or no degree.
    assert {"罗文强", "赵志涛", "李诗妍", "黄诗悦"} <= set(failing)
    assert Counter(e["highest_education"] for e in EDUCATION.values())["大学专科"] >= 5
    assert all(EDUCATION[r["id_number"]]["highest_education"] in ("高中", "初中及以下") for r in adults() if age(r) >= 60)


def test_every_id_number_and_uscc_in_the_data_is_valid():
    for code, records in RECORDS.items():
        for record in records:
            for key in ("id_number", "spouse_id_number", "legal_representative_id_number"):
                if record.get(key):
                    assert check_citizen_id(record[key]) is None and record[key] in BY_ID, (code, record)
            for key in ("uscc", "employer_uscc"):
                if record.get(key):
                    assert check_uscc(record[key]) is None, (code, record)
