"""The start-up form's server-side validation: a specific Chinese message on each field it concerns."""

import datetime as dt

import pytest
from django.utils import timezone

from onestop.business.startup import choices
from onestop.business.startup.form import bind_forms
from onestop.core import workdays

from .conftest import make_reservation

pytestmark = pytest.mark.django_db


def bound(post, founder):
    form, members = bind_forms(post, user=founder.user, founder=founder)
    form_ok, members_ok = form.is_valid(), members.is_valid()
    return form, members, form_ok and members_ok


def a_weekend_day() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=1)
    while workdays.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def test_the_valid_post_gives_the_data_of_the_contract(post, founder):
    form, members, ok = bound(post, founder)
    assert ok, (form.errors, members.errors, members.non_form_errors())
    data = form.startup_data(members.members())
    assert data.registered_capital_fen == 10_000_000
    assert data.branches["seal"] == {"maker_code": "seal_jingan", "kinds": ["official", "finance", "invoice"]}
    assert data.branches["tax"]["monthly_invoice_limit_fen"] == 10_000_000
    assert data.branches["social_insurance"] == {"employees": 3, "housing_fund": True}
    assert [m.roles for m in data.members] == [("执行董事", "经理"), ("监事",)]


@pytest.mark.parametrize("field, value, message", [
    ("reservation", "", "请选择已自主申报并保留的企业名称"),
    ("reservation", "999999", "该名称不在您的保留名称中，或已过保留期、已被使用"),
    ("company_type", "股份有限公司", "请从列表中选择企业类型"),
    ("registered_capital_yuan", "", "请填写注册资本"),
    ("registered_capital_yuan", "十万", "注册资本请填写金额数字，如 100000"),
    ("registered_capital_yuan", "0", "注册资本须大于 0 元"),
    ("registered_capital_yuan", "100.123", "注册资本最多精确到分（两位小数）"),
    ("registered_capital_yuan", "200000000000", "注册资本不能超过 1,000 亿元"),
    ("town", "香洲区", "住所须位于斗门区的镇（街道）"),
    ("address_detail", "", "请填写住所的详细地址"),
    ("address_detail", "井湾", "详细地址过短，请写明路名、门牌号和房号"),
    ("address_detail", "路" * 81, "详细地址不能超过 80 个字"),
    ("scope", [], "请至少选择一项经营范围"),
    ("scope", ["卫星发射"], "请从经营范围规范表述目录中选择"),
    ("scope", [w for w, _ in choices.SCOPE[:16]], "经营范围最多选择 15 项"),
    ("employees", "-1", "从业人数不能为负数"),
    ("employees", "三", "从业人数请填写整数"),
    ("contact_mobile", "1380013800", "请输入 11 位手机号码"),
    ("bank", "hsbc", "请从列表中选择银行"),
    ("bank_appointment", "2026-02-30", "请按 年-月-日 填写预约日期"),
    ("bank_appointment", "2020-01-06", "开户预约日期须晚于今天（营业执照核发后）"),
    ("seal_maker", "", "请选择刻章服务点"),
    ("seal_kinds", ["finance"], "公章为必刻印章，请勾选"),
    ("taxpayer_type", "vat", "请从列表中选择纳税人类型"),
    ("invoice_kinds", [], "请至少选择一种发票"),
    ("monthly_invoice_limit_fen", "1", "请从列表中选择额度"),
])
def test_each_field_has_its_own_message(post, founder, field, value, message):
    form, _, ok = bound({**post, field: value}, founder)
    assert not ok
    assert form.errors[field] == [message]


def test_the_appointment_must_be_a_working_day_within_thirty_days(post, founder):
    form, _, _ = bound({**post, "bank_appointment": a_weekend_day().isoformat()}, founder)
    assert form.errors["bank_appointment"] == ["银行对公业务只在工作日办理，请选择工作日"]
    later = timezone.localdate() + dt.timedelta(days=45)
    form, _, _ = bound({**post, "bank_appointment": later.isoformat()}, founder)
    assert form.errors["bank_appointment"] == ["开户预约日期须在 30 天以内"]


def test_an_expired_or_used_reservation_is_not_offered(post, founder):
    old = make_reservation(founder.user, today=timezone.localdate() - dt.timedelta(days=70))
    form, _, _ = bound({**post, "reservation": str(old.pk)}, founder)
    assert "reservation" in form.errors


def test_another_founders_reservation_is_not_offered(post, founder, supervisor, reservation):
    from onestop.accounts.models import User

    other = User.objects.exclude(pk=founder.user_id).filter(kind=founder.user.kind).first()
    theirs = make_reservation(other)
    form, _, _ = bound({**post, "reservation": str(theirs.pk)}, founder)
    assert form.errors["reservation"] == ["该名称不在您的保留名称中，或已过保留期、已被使用"]


@pytest.mark.parametrize("change, message", [
    ({"m-1-id_number": "440403199001011234"}, "身份证号码校验位不正确"),
    ({"m-1-name": "张"}, "请输入与身份证一致的姓名"),
    ({"m-1-contribution_yuan": "-5"}, "出资额不能为负数"),
    ({"m-1-roles": ["董事长"]}, "请从执行董事、经理、监事中选择"),
    ({"m-1-contribution_yuan": "0", "m-1-roles": []}, "请填写该股东的出资额，或勾选其担任的职务"),
])
def test_member_rows_check_name_id_and_contribution(post, founder, change, message):
    _, members, ok = bound({**post, **change}, founder)
    assert not ok
    assert message in str(members.errors)


@pytest.mark.parametrize("change, message", [
    ({"m-0-id_number": "", "m-0-name": "", "m-0-contribution_yuan": "", "m-0-roles": [],
      "m-1-contribution_yuan": "100000"}, "法定代表人（即您本人）须列入股东及主要人员"),
    ({"m-0-contribution_yuan": "90000"}, "各股东认缴出资额之和须等于注册资本"),
    ({"m-0-roles": []}, "法定代表人须由执行董事或经理担任"),
    ({"m-1-roles": ["监事", "经理"]}, "董事、高级管理人员不得兼任监事"),
    ({"m-1-roles": ["经理"]}, "请为一名成员勾选“监事”"),
    ({"m-0-contribution_yuan": "50000", "m-1-contribution_yuan": "50000"}, "自然人独资的有限责任公司只能有一名股东"),
    ({"company_type": choices.PERSONS_LLC}, "须有两名以上股东"),
    ({"company_type": choices.SOLE_PROPRIETORSHIP, "m-0-contribution_yuan": "50000",
      "m-1-contribution_yuan": "50000"}, "个人独资企业由一名自然人投资"),
    ({"m-1-id_number": None}, "同一身份证号码填写了两次"),
])
def test_the_rows_together_follow_the_company_law(post, founder, change, message):
    if change.get("m-1-id_number", "") is None:
        change = {"m-1-id_number": post["m-0-id_number"]}
    _, members, ok = bound({**post, **change}, founder)
    assert not ok
    assert any(message in e for e in members.non_form_errors()), members.non_form_errors()


def test_a_sole_proprietorship_needs_no_officers(post, founder):
    change = {"company_type": choices.SOLE_PROPRIETORSHIP, "m-0-roles": [], "m-1-name": "", "m-1-id_number": "",
              "m-1-contribution_yuan": "", "m-1-roles": []}
    form, members, ok = bound({**post, **change}, founder)
    assert ok, (form.errors, members.errors, members.non_form_errors())
