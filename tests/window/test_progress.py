"""办件进度查询 without login: by number and mobile or the receipt's code, the same answer for every
wrong guess, a limit on failures, and nothing personal on the page."""

import pytest

from onestop.window import progress, services
from onestop.window.models import LookupAttempt


@pytest.fixture
def accepted(counter):
    return services.accept(counter())


def test_number_and_the_applicants_mobile_show_the_progress(accepted, visitor):
    result = progress.lookup(accepted.case.number, mobile=visitor.user.mobile, client_ip="192.0.2.10")
    assert result.status == "已受理" and result.due_date == accepted.case.due_date
    assert [s["label"] for s in result.steps] == ["已提交", "已受理", "审查中", "已办结"]
    assert [s["done"] for s in result.steps] == [True, True, False, False]


def test_the_receipts_code_works_in_any_spelling(accepted):
    code = services.lookup_code(accepted)
    spaced = " ".join([code[:4].lower(), code[4:]])
    assert progress.lookup(accepted.case.number, code=spaced).number == accepted.case.number


def test_a_wrong_mobile_and_a_case_that_does_not_exist_answer_alike(accepted):
    answers = []
    for number, mobile in [(accepted.case.number, "13900000000"), ("440403202612039999999", "13900000000")]:
        with pytest.raises(progress.LookupRefused) as refused:
            progress.lookup(number, mobile=mobile, client_ip="192.0.2.11")
        answers.append((refused.value.code, refused.value.message))
    assert answers[0] == answers[1] == ("not_found", progress.NOT_FOUND)
    with pytest.raises(progress.LookupRefused) as refused:
        progress.lookup(accepted.case.number, code="ABCDEFGH", client_ip="192.0.2.11")
    assert refused.value.code == "not_found"


def test_failures_on_one_case_number_are_limited(accepted, visitor):
    number = accepted.case.number
    for _ in range(progress.NUMBER_LIMIT):
        with pytest.raises(progress.LookupRefused):
            progress.lookup(number, code="WRONGCOD", client_ip="192.0.2.12")
    with pytest.raises(progress.LookupRefused) as refused:  # even the right mobile, from elsewhere, waits
        progress.lookup(number, mobile=visitor.user.mobile, client_ip="192.0.2.99")
    assert refused.value.code == "rate_limited" and refused.value.retry_after > 0
    assert LookupAttempt.objects.filter(number=number).count() == progress.NUMBER_LIMIT


def test_failures_from_one_address_are_limited(db):
    for i in range(progress.IP_LIMIT):
        with pytest.raises(progress.LookupRefused):
            progress.lookup(f"4404032026120300{i:05d}", mobile="13900000000", client_ip="192.0.2.13")
    with pytest.raises(progress.LookupRefused) as refused:
        progress.lookup("440403202612030099999", mobile="13900000000", client_ip="192.0.2.13")
    assert refused.value.code == "rate_limited"


@pytest.mark.parametrize("number, mobile, code, expected", [
    ("", "13800138000", "", "invalid_number"), ("abc", "13800138000", "", "invalid_number"),
    ("440403202612030000001", "", "", "credential_required"), ("440403202612030000001", "12345", "", "invalid_mobile"),
])
def test_malformed_input_is_told_in_chinese(db, number, mobile, code, expected):
    with pytest.raises(progress.LookupRefused) as refused:
        progress.lookup(number, mobile=mobile, code=code)
    assert refused.value.code == expected and refused.value.message


def test_the_page_shows_status_and_deadline_and_nothing_personal(client, accepted, visitor):
    case = accepted.case
    response = client.get("/progress/", {"number": case.number, "code": services.lookup_code(accepted)})
    html = response.content.decode()
    assert response.status_code == 200 and "已受理" in html and case.item.name in html
    assert f"{case.due_date.year}年{case.due_date.month}月{case.due_date.day}日" in html
    for personal in (visitor.name, visitor.id_masked, visitor.user.mobile, "家中突遭火灾", "家庭收入情况说明"):
        assert personal not in html
    assert response["Cache-Control"] == "private, no-store" and response["Referrer-Policy"] == "same-origin"


def test_the_page_answers_a_wrong_guess_with_400_and_too_many_with_429(client, accepted):
    for _ in range(progress.NUMBER_LIMIT):
        response = client.post("/progress/", {"number": accepted.case.number, "mobile": "13900000000"})
        assert response.status_code == 400 and progress.NOT_FOUND in response.content.decode()
    response = client.post("/progress/", {"number": accepted.case.number, "mobile": "13900000000"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "查询过于频繁" in response.content.decode()


def test_the_home_page_links_to_the_lookup(client, db):
    assert 'href="/progress/"' in client.get("/").content.decode()
