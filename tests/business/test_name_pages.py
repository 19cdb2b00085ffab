"""The name self-declaration pages: the verdict with its reasons and articles, warnings accepted one by
one, reservation, and bad input that reserves nothing."""

import datetime as dt

import pytest

from onestop.accounts.models import Person
from onestop.business.models import NameReservation, RegisteredName
from onestop.business.services import register_row

PAGE = "/business/names/"


@pytest.fixture
def founder(db):
    return Person.objects.filter(user__isnull=False, real_name_verified_at__isnull=False).order_by("pk").first().user


@pytest.fixture
def signed_in(client, founder):
    client.force_login(founder)
    return client


@pytest.fixture
def register(db):
    RegisteredName.objects.bulk_create([
        register_row("珠海市华发餐饮有限公司", "registered", dt.date(2015, 6, 1)),
        register_row("珠海市斗门区新禾科技有限公司", "registered", dt.date(2020, 1, 1)),
    ])


def test_someone_not_logged_in_is_sent_to_log_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_account_without_real_name_verification_is_told_to_verify(client, founder):
    person = founder.person
    person.real_name_verified_at = None
    person.save()
    client.force_login(founder)
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].endswith("/accounts/unverified/")


def test_a_conflicting_name_is_refused_with_the_name_and_the_article(signed_in, register):
    page = signed_in.post(PAGE, {"name": "珠海市发华餐饮有限公司", "action": "check"}).content.decode()
    assert "该名称不能使用" in page and "珠海市华发餐饮有限公司" in page and "第十七条" in page
    assert "申报并保留该名称" not in page


def test_the_parts_are_shown_and_a_corrected_split_is_checked(signed_in, register):
    page = signed_in.post(PAGE, {"name": "珠海市斗门区华澜餐饮有限公司", "action": "check"}).content.decode()
    assert 'value="华澜"' in page and 'value="餐饮"' in page and 'value="有限公司"' in page
    corrected = signed_in.post(PAGE, {"name": "珠海市斗门区华澜餐饮有限公司", "action": "check",
                                      "parts_for": "珠海市斗门区华澜餐饮有限公司", "part_region": "珠海市斗门区",
                                      "part_trade_name": "华", "part_industry": "澜餐饮", "part_form": "有限公司"})
    assert "该名称不能使用" in corrected.content.decode()


def test_a_homophone_must_be_accepted_before_the_name_is_reserved(signed_in, register, founder):
    name = "珠海市华法餐饮有限公司"
    refused = signed_in.post(PAGE, {"name": name, "action": "reserve"})
    assert refused.status_code == 409 and "确认" in refused.content.decode()
    assert not NameReservation.objects.filter(applicant=founder).exists()
    accepted = signed_in.post(PAGE, {"name": name, "action": "reserve", "accept_0": "1"})
    reservation = NameReservation.objects.get(applicant=founder)
    assert accepted.status_code == 302 and accepted["Location"] == f"/business/names/{reservation.pk}/"
    assert reservation.entry.name == name and len(reservation.accepted_warnings) == 1
    page = signed_in.get(accepted["Location"]).content.decode()
    assert name in page and reservation.expires_on.strftime("%Y年%-m月%-d日") in page and "/business/startup/" in page


def test_a_good_name_is_reserved_once_and_listed(signed_in, register, founder, client):
    name = "珠海市斗门区华澜餐饮有限公司"
    assert signed_in.post(PAGE, {"name": name, "action": "reserve"}).status_code == 302
    second = signed_in.post(PAGE, {"name": name, "action": "reserve"})
    assert second.status_code == 409 and "不能使用" in second.content.decode()
    assert NameReservation.objects.filter(entry__name=name).count() == 1
    assert name in signed_in.get("/business/names/mine/").content.decode()


@pytest.mark.parametrize("name, words", [
    ("", "请输入拟申报的企业名称"),
    ("珠" * 200, "名称过长"),
    ("珠海市ABC科技有限公司", "字母"),
    ("珠海市华澜😀科技有限公司", "符号"),
    ("珠海市華瀾科技有限公司", "繁体"),
])
def test_malformed_names_get_a_specific_reason_and_nothing_is_reserved(signed_in, founder, name, words):
    response = signed_in.post(PAGE, {"name": name, "action": "reserve", "accept_0": "1"})
    assert response.status_code in (400, 409)
    assert words in response.content.decode()
    assert not NameReservation.objects.filter(applicant=founder).exists()


def test_a_reservation_of_someone_else_is_not_shown(signed_in, register, founder, client):
    from onestop.business.services import reserve_name

    other = Person.objects.filter(user__isnull=False, real_name_verified_at__isnull=False).exclude(
        user=founder).order_by("pk").first().user
    reservation = reserve_name(other, "珠海市斗门区澜汀科技有限公司")
    assert signed_in.get(f"/business/names/{reservation.pk}/").status_code == 404


def test_the_forms_carry_csrf_protection(founder):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(founder)
    assert strict.post(PAGE, {"name": "珠海市斗门区华澜餐饮有限公司", "action": "reserve"}).status_code == 403
    assert not NameReservation.objects.exists()
