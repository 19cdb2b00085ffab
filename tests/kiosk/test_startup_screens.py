"""企业开办 at a kiosk through Django's test client: one screen per step, each screen checked on its
own, values kept when going back, no skipping ahead, the final submit through submit_startup (a
kiosk case), the progress screen and the licence's print screen."""

import re

import pytest

from onestop.business.models import NameReservation
from onestop.cases.models import Case, Channel
from onestop.kiosk import startup_draft
from onestop.kiosk.models import PrintRecord
from onestop.processes.worker import run_until_idle
from tests.business.conftest import make_reservation, standin_process, valid_post  # noqa: F401 - fixture

from .test_session_end import logged_in

pytestmark = pytest.mark.django_db

COMPANY_FIELDS = startup_draft.SCREEN_FIELDS[startup_draft.COMPANY]
BRANCH_FIELDS = startup_draft.SCREEN_FIELDS[startup_draft.BRANCHES]


@pytest.fixture
def founder_client(kiosk_client, holder):
    return logged_in(kiosk_client, holder)


@pytest.fixture
def screens(holder, other):
    """The portal's valid post of tests/business, split as the kiosk's screens post it."""
    reservation = make_reservation(holder.user)
    post = valid_post(holder, other, reservation)
    return {"reservation": reservation,
            "company": {k: post[k] for k in COMPANY_FIELDS},
            "members": {k: v for k, v in post.items() if k.startswith("m-")},
            "branches": {k: post[k] for k in BRANCH_FIELDS}}


def use_reservation(client, reservation):
    return client.post("/kiosk/startup/name/", {"action": "use", "reservation": reservation.pk})


def fill_until_review(client, screens):
    assert use_reservation(client, screens["reservation"]).url == "/kiosk/startup/company/"
    assert client.post("/kiosk/startup/company/", screens["company"]).url == "/kiosk/startup/members/"
    assert client.post("/kiosk/startup/members/", screens["members"]).url == "/kiosk/startup/branches/"
    assert client.post("/kiosk/startup/branches/", screens["branches"]).url == "/kiosk/startup/review/"


@pytest.mark.parametrize("path", ["/kiosk/startup/name/", "/kiosk/startup/company/", "/kiosk/startup/review/"])
def test_not_logged_in_goes_to_the_kiosk_login(kiosk_client, path):
    response = kiosk_client.get(path)
    assert response.status_code == 302 and response.url == f"/kiosk/login/?next={path}"


def test_a_name_is_checked_and_reserved_on_the_first_screen(founder_client, holder):
    name = "珠海市斗门区琰珂餐饮有限公司"
    checked = founder_client.post("/kiosk/startup/name/", {"action": "check", "name": name}).content.decode()
    assert "可以申报保留" in checked and 'value="琰珂"' in checked  # the trade name among the parts
    assert not NameReservation.objects.filter(applicant=holder.user).exists()
    response = founder_client.post("/kiosk/startup/name/", {"action": "reserve", "name": name, "parts_for": name})
    assert response.status_code == 302 and response.url == "/kiosk/startup/company/"
    reservation = NameReservation.objects.get(applicant=holder.user)
    assert reservation.entry.name == name
    assert founder_client.session[startup_draft.SESSION_KEY]["screens"]["1"] == {"reservation": [str(reservation.pk)]}


def test_an_empty_or_blocked_name_is_refused_and_nothing_is_reserved(founder_client, holder):
    empty = founder_client.post("/kiosk/startup/name/", {"action": "reserve", "name": " "})
    assert empty.status_code == 400 and "请输入拟申报的企业名称" in empty.content.decode()
    blocked = founder_client.post("/kiosk/startup/name/", {"action": "reserve", "name": "珠海市斗门区中国餐饮有限公司"})
    assert blocked.status_code == 409 and "该名称不能使用" in blocked.content.decode()
    assert not NameReservation.objects.filter(applicant=holder.user).exists()


def test_someone_elses_reservation_cannot_be_used(founder_client, other):
    theirs = make_reservation(other.user)
    response = use_reservation(founder_client, theirs)
    assert response.status_code == 400 and "不在您的保留名称中" in response.content.decode()
    assert startup_draft.SESSION_KEY not in founder_client.session or not founder_client.session[
        startup_draft.SESSION_KEY]["screens"]


@pytest.mark.parametrize("path", ["/kiosk/startup/company/", "/kiosk/startup/members/",
                                  "/kiosk/startup/branches/", "/kiosk/startup/review/"])
def test_skipping_ahead_without_a_name_goes_back_to_the_name_screen(founder_client, path):
    response = founder_client.get(path)
    assert response.status_code == 302 and response.url == "/kiosk/startup/name/"


def test_skipping_from_the_company_screen_to_the_review_is_refused(founder_client, screens):
    use_reservation(founder_client, screens["reservation"])
    founder_client.post("/kiosk/startup/company/", screens["company"])
    assert founder_client.get("/kiosk/startup/review/").url == "/kiosk/startup/members/"
    assert founder_client.post("/kiosk/startup/review/", {}).url == "/kiosk/startup/members/"
    assert not Case.objects.filter(applicant_user_id=founder_client.session["_auth_user_id"]).exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("town", "", "请选择住所所在的镇（街道）"),
    ("registered_capital_yuan", "十万", "注册资本请填写金额数字"),
    ("scope", [], "请至少选择一项经营范围"),
    ("contact_mobile", "1234", "请输入 11 位手机号码"),
])
def test_the_company_screen_answers_400_with_its_fields_message(founder_client, screens, field, value, message):
    use_reservation(founder_client, screens["reservation"])
    response = founder_client.post("/kiosk/startup/company/", {**screens["company"], field: value})
    assert response.status_code == 400 and message in response.content.decode()
    assert founder_client.get("/kiosk/startup/members/").url == "/kiosk/startup/company/"


def test_the_members_screen_checks_the_rows_against_the_company_screen(founder_client, screens):
    use_reservation(founder_client, screens["reservation"])
    founder_client.post("/kiosk/startup/company/", {**screens["company"], "registered_capital_yuan": "200000"})
    response = founder_client.post("/kiosk/startup/members/", screens["members"])
    assert response.status_code == 400 and "各股东认缴出资额之和须等于注册资本" in response.content.decode()
    no_supervisor = {**screens["members"], "m-1-roles": ["经理"]}
    founder_client.post("/kiosk/startup/company/", screens["company"])
    response = founder_client.post("/kiosk/startup/members/", no_supervisor)
    assert response.status_code == 400 and "请为一名成员勾选“监事”" in response.content.decode()


def test_the_branches_screen_refuses_a_past_appointment_and_a_missing_official_seal(founder_client, screens):
    use_reservation(founder_client, screens["reservation"])
    founder_client.post("/kiosk/startup/company/", screens["company"])
    founder_client.post("/kiosk/startup/members/", screens["members"])
    bad = {**screens["branches"], "bank_appointment": "2020-01-06", "seal_kinds": ["finance"]}
    page = founder_client.post("/kiosk/startup/branches/", bad)
    assert page.status_code == 400
    assert "开户预约日期须晚于今天" in page.content.decode() and "公章为必刻印章" in page.content.decode()


def test_going_back_keeps_what_was_typed_even_when_not_yet_valid(founder_client, screens):
    use_reservation(founder_client, screens["reservation"])
    founder_client.post("/kiosk/startup/company/", screens["company"])
    half = {**screens["members"], "m-1-name": "刘雪霞", "m-1-id_number": "4404031991"}
    back = founder_client.post("/kiosk/startup/members/", {**half, "go": "back"})
    assert back.status_code == 302 and back.url == "/kiosk/startup/company/"
    company = founder_client.get("/kiosk/startup/company/").content.decode()
    assert 'value="井湾路 123 号 2 栋 301 房"' in company
    assert re.search(r'value="井岸镇"\s+id="id_town_\d+"\s+checked', company)
    members = founder_client.get("/kiosk/startup/members/").content.decode()
    assert 'value="4404031991"' in members and 'value="刘雪霞"' in members


def test_the_review_submits_through_submit_startup_as_a_kiosk_case(founder_client, screens, holder,
                                                                   standin_process):  # noqa: F811
    fill_until_review(founder_client, screens)
    review = founder_client.get("/kiosk/startup/review/")
    page = review.content.decode()
    assert screens["reservation"].entry.name in page and "中国工商银行珠海斗门支行" in page
    assert "100,000 元" in page and holder.id_masked in page and holder.id_number() not in page
    key = founder_client.session[startup_draft.SESSION_KEY]["key"]
    response = founder_client.post("/kiosk/startup/review/", {"idempotency_key": key})
    case = Case.objects.get(applicant_user=holder.user)
    assert response.url == f"/kiosk/startup/case/{case.number}/"
    assert case.channel == Channel.KIOSK and case.startup.reservation == screens["reservation"]
    assert startup_draft.SESSION_KEY not in founder_client.session  # the draft went with the submission
    again = founder_client.post("/kiosk/startup/review/", {"idempotency_key": key})
    assert again.url == response.url and Case.objects.filter(applicant_user=holder.user).count() == 1


def test_a_name_expired_before_submit_sends_the_founder_back_and_makes_nothing(founder_client, screens, holder, standin_process):  # noqa: F811
    fill_until_review(founder_client, screens)
    screens["reservation"].expires_on = screens["reservation"].reserved_at.date()  # expired meanwhile
    screens["reservation"].save()
    response = founder_client.post("/kiosk/startup/review/", {"idempotency_key": "kiosk-key-0001"})
    assert response.status_code == 302 and response.url == "/kiosk/startup/name/"
    assert not Case.objects.filter(applicant_user=holder.user).exists()


def test_progress_refreshes_until_done_then_the_licence_prints(founder_client, screens, holder, kiosk,
                                                               standin_process):  # noqa: F811
    fill_until_review(founder_client, screens)
    key = founder_client.session[startup_draft.SESSION_KEY]["key"]
    case_url = founder_client.post("/kiosk/startup/review/", {"idempotency_key": key}).url
    running = founder_client.get(case_url).content.decode()
    assert 'hx-trigger="every 3s"' in running and "设立登记及营业执照" in running
    assert "领取营业执照" not in running
    run_until_idle("test-worker")
    fragment = founder_client.get(case_url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and "<html" not in fragment and "已完成" in fragment
    case = Case.objects.select_related("startup").get(applicant_user=holder.user)
    licence_url = f"/kiosk/startup/case/{case.number}/licence/"
    assert licence_url in fragment
    printed = founder_client.post(licence_url)
    assert printed.status_code == 200 and "正在打印" in printed.content.decode()
    record = PrintRecord.objects.get(kiosk=kiosk)
    assert (record.kiosk, record.certificate_id, record.user) == (kiosk, case.startup.licence_id, holder.user)


def test_someone_elses_startup_case_is_not_found(founder_client, other, screens, standin_process):  # noqa: F811
    fill_until_review(founder_client, screens)
    key = founder_client.session[startup_draft.SESSION_KEY]["key"]
    case_url = founder_client.post("/kiosk/startup/review/", {"idempotency_key": key}).url
    assert founder_client.post("/kiosk/logout/").status_code == 302
    logged_in(founder_client, other)
    assert founder_client.get(case_url).status_code == 404
    assert founder_client.get(case_url + "licence/").status_code == 404


def test_logging_out_clears_the_draft(founder_client, screens):
    use_reservation(founder_client, screens["reservation"])
    founder_client.post("/kiosk/startup/company/", screens["company"])
    founder_client.post("/kiosk/logout/")
    assert startup_draft.SESSION_KEY not in founder_client.session

