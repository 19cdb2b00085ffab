"""The one form of 企业开办: the reserved name, the company, its shareholders and officers, and the
choices of every parallel branch. Server-side validation, one Chinese message per field; works
without JavaScript (the member rows are a formset with blank rows to fill).

``StartupForm.startup_data()`` turns a valid form into a plain ``StartupData`` for the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils import timezone

from onestop.accounts.services import AccountError, normalise_mobile, validate_identity
from onestop.business.branches import options
from onestop.core import workdays

from ..models import NameReservation
from . import choices

MAX_CAPITAL_YUAN = Decimal("100000000000")  # 1,000 亿元: above any real start-up; keeps fen in bigint
MAX_EMPLOYEES = 100000
MAX_MEMBERS = 10
APPOINTMENT_MAX_DAYS = 30
INVOICE_LIMITS = {"10000000": "10 万元", "100000000": "100 万元", "1000000000": "1,000 万元"}


@dataclass(frozen=True)
class Member:
    name: str
    id_number: str
    contribution_fen: int
    roles: tuple[str, ...]


@dataclass(frozen=True)
class StartupData:
    reservation: NameReservation
    company_type: str
    registered_capital_fen: int
    town: str
    address_detail: str
    scope: tuple[str, ...]
    employees: int
    contact_mobile: str
    members: tuple[Member, ...]
    branches: dict = field(default_factory=dict)


def usable_reservations(user, today: dt.date | None = None):
    """The founder's reserved names still kept (Art. 18) and not yet used by a start-up."""
    today = today or timezone.localdate()
    return (NameReservation.objects.filter(applicant=user, expires_on__gt=today, startup__isnull=True)
            .select_related("entry").order_by("-reserved_at"))


class ReservationField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.entry.name}（保留至 {obj.expires_on:%Y年%m月%d日} 前）"


def _choices(mapping) -> list[tuple[str, str]]:
    return list(mapping.items()) if isinstance(mapping, dict) else [(v, v) for v in mapping]


class StartupForm(forms.Form):
    reservation = ReservationField(label="企业名称", queryset=NameReservation.objects.none(), empty_label="请选择已保留的名称",
                                   error_messages={"required": "请选择已自主申报并保留的企业名称",
                                                   "invalid_choice": "该名称不在您的保留名称中，或已过保留期、已被使用"})
    company_type = forms.ChoiceField(label="企业类型", choices=[("", "请选择")] + _choices(choices.COMPANY_TYPES),
                                     error_messages={"required": "请选择企业类型", "invalid_choice": "请从列表中选择企业类型"})
    registered_capital_yuan = forms.DecimalField(
        label="注册资本（出资额，元）", min_value=Decimal("1"), max_value=MAX_CAPITAL_YUAN, decimal_places=2,
        max_digits=14, error_messages={"required": "请填写注册资本", "invalid": "注册资本请填写金额数字，如 100000",
                                       "min_value": "注册资本须大于 0 元", "max_value": "注册资本不能超过 1,000 亿元",
                                       "max_decimal_places": "注册资本最多精确到分（两位小数）",
                                       "max_digits": "注册资本不能超过 1,000 亿元"})
    town = forms.ChoiceField(label="住所所在镇（街道）", choices=[("", "请选择")] + _choices(choices.TOWNS),
                             error_messages={"required": "请选择住所所在的镇（街道）",
                                             "invalid_choice": "住所须位于斗门区的镇（街道）"})
    address_detail = forms.CharField(label="详细地址", min_length=4, max_length=80, strip=True,
                                     help_text="路、街、巷、门牌号及房号，如“井湾路 123 号 2 栋 301 房”",
                                     error_messages={"required": "请填写住所的详细地址",
                                                     "min_length": "详细地址过短，请写明路名、门牌号和房号",
                                                     "max_length": "详细地址不能超过 80 个字"})
    scope = forms.MultipleChoiceField(label="经营范围", choices=[(w, f"{w}（{k}）") for w, k in choices.SCOPE],
                                      widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": "请至少选择一项经营范围",
                                                      "invalid_choice": "请从经营范围规范表述目录中选择"})
    employees = forms.IntegerField(label="从业人数", min_value=0, max_value=MAX_EMPLOYEES,
                                   help_text="含法定代表人，用于社保登记",
                                   error_messages={"required": "请填写从业人数", "invalid": "从业人数请填写整数",
                                                   "min_value": "从业人数不能为负数",
                                                   "max_value": f"从业人数不能超过 {MAX_EMPLOYEES} 人"})
    contact_mobile = forms.CharField(label="联系手机", max_length=20,
                                     error_messages={"required": "请填写联系手机号码"})
    bank = forms.ChoiceField(label="开户银行", choices=[("", "请选择")] + _choices(options.BANKS),
                             error_messages={"required": "请选择预约开户的银行", "invalid_choice": "请从列表中选择银行"})
    bank_appointment = forms.DateField(label="开户预约日期", widget=forms.DateInput(attrs={"type": "date"}),
                                       error_messages={"required": "请选择开户预约日期",
                                                       "invalid": "请按 年-月-日 填写预约日期"})
    seal_maker = forms.ChoiceField(label="刻章服务点", choices=[("", "请选择")] + _choices(options.SEAL_MAKERS),
                                   error_messages={"required": "请选择刻章服务点",
                                                   "invalid_choice": "请从列表中选择刻章服务点"})
    seal_kinds = forms.MultipleChoiceField(label="刻制印章", choices=_choices(options.SEAL_KINDS),
                                           widget=forms.CheckboxSelectMultiple, initial=list(options.SEAL_KINDS),
                                           error_messages={"required": "请选择要刻制的印章",
                                                           "invalid_choice": "请从列表中选择印章种类"})
    taxpayer_type = forms.ChoiceField(label="纳税人类型", choices=_choices(options.TAXPAYER_TYPES),
                                      initial="small_scale", widget=forms.RadioSelect,
                                      error_messages={"required": "请选择纳税人类型",
                                                      "invalid_choice": "请从列表中选择纳税人类型"})
    invoice_kinds = forms.MultipleChoiceField(label="申领发票", choices=_choices(options.INVOICE_KINDS),
                                              widget=forms.CheckboxSelectMultiple, initial=["digital_ordinary"],
                                              error_messages={"required": "请至少选择一种发票",
                                                              "invalid_choice": "请从列表中选择发票种类"})
    monthly_invoice_limit_fen = forms.ChoiceField(label="每月发票开具额度", choices=_choices(INVOICE_LIMITS),
                                                  initial="10000000",
                                                  error_messages={"required": "请选择每月发票开具额度",
                                                                  "invalid_choice": "请从列表中选择额度"})
    housing_fund = forms.BooleanField(label="同时办理住房公积金单位缴存登记", required=False, initial=True)

    def __init__(self, *args, user, founder, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.founder, self.today = founder, today or timezone.localdate()
        self.fields["reservation"].queryset = usable_reservations(user, self.today)

    def clean_contact_mobile(self):
        try:
            return normalise_mobile(self.cleaned_data["contact_mobile"])
        except AccountError as error:
            raise forms.ValidationError("请输入 11 位手机号码") from error

    def clean_scope(self):
        scope = self.cleaned_data["scope"]
        if len(scope) > choices.MAX_SCOPE:
            raise forms.ValidationError(f"经营范围最多选择 {choices.MAX_SCOPE} 项")
        return scope

    def clean_bank_appointment(self):
        day = self.cleaned_data["bank_appointment"]
        if day <= self.today:
            raise forms.ValidationError("开户预约日期须晚于今天（营业执照核发后）")
        if day > self.today + dt.timedelta(days=APPOINTMENT_MAX_DAYS):
            raise forms.ValidationError(f"开户预约日期须在 {APPOINTMENT_MAX_DAYS} 天以内")
        if not workdays.is_working_day(day):
            raise forms.ValidationError("银行对公业务只在工作日办理，请选择工作日")
        return day

    def clean_seal_kinds(self):
        kinds = self.cleaned_data["seal_kinds"]
        missing = [options.SEAL_KINDS[k] for k in options.REQUIRED_SEAL_KINDS if k not in kinds]
        if missing:
            raise forms.ValidationError(f"{'、'.join(missing)}为必刻印章，请勾选")
        return kinds

    def startup_data(self, members: tuple[Member, ...]) -> StartupData:
        d = self.cleaned_data
        return StartupData(
            reservation=d["reservation"], company_type=d["company_type"],
            registered_capital_fen=int(d["registered_capital_yuan"] * 100), town=d["town"],
            address_detail=d["address_detail"], scope=tuple(d["scope"]), employees=d["employees"],
            contact_mobile=d["contact_mobile"], members=members,
            branches={
                "bank": {"bank_code": d["bank"], "appointment_date": d["bank_appointment"].isoformat()},
                "seal": {"maker_code": d["seal_maker"],
                         "kinds": [k for k in options.SEAL_KINDS if k in d["seal_kinds"]]},
                "tax": {"taxpayer_type": d["taxpayer_type"],
                        "invoice_kinds": [k for k in options.INVOICE_KINDS if k in d["invoice_kinds"]],
                        "monthly_invoice_limit_fen": int(d["monthly_invoice_limit_fen"])},
                "social_insurance": {"employees": d["employees"], "housing_fund": d["housing_fund"]},
            })


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=30, required=False)
    id_number = forms.CharField(label="身份证号码", max_length=18, required=False)
    contribution_yuan = forms.DecimalField(label="认缴出资（元）", min_value=Decimal("0"), max_value=MAX_CAPITAL_YUAN,
                                           decimal_places=2, max_digits=14, required=False,
                                           error_messages={"invalid": "出资额请填写金额数字",
                                                           "min_value": "出资额不能为负数",
                                                           "max_value": "出资额不能超过 1,000 亿元",
                                                           "max_decimal_places": "出资额最多精确到分"})
    roles = forms.MultipleChoiceField(label="职务", choices=_choices(choices.ROLES), required=False,
                                      widget=forms.CheckboxSelectMultiple,
                                      error_messages={"invalid_choice": "请从执行董事、经理、监事中选择"})

    def clean(self):
        data = super().clean()
        if not data.get("name") and not data.get("id_number") and not data.get("contribution_yuan") \
                and not data.get("roles"):
            return data  # a blank row
        try:
            data["name"], data["id_number"] = validate_identity(data.get("name", ""), data.get("id_number", ""))
        except AccountError as error:
            self.add_error(error.field, error.message)
        if not data.get("contribution_yuan") and not data.get("roles") and "roles" not in self.errors:
            self.add_error("contribution_yuan", "请填写该股东的出资额，或勾选其担任的职务")
        return data

    @property
    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {})
        return not (d.get("name") or d.get("id_number") or d.get("contribution_yuan") or d.get("roles"))


class BaseMemberFormSet(forms.BaseFormSet):
    def __init__(self, *args, company_type: str = "", capital_fen: int | None = None, founder=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.company_type, self.capital_fen, self.founder = company_type, capital_fen, founder

    def members(self) -> tuple[Member, ...]:
        return tuple(Member(f.cleaned_data["name"], f.cleaned_data["id_number"],
                            int((f.cleaned_data.get("contribution_yuan") or 0) * 100),
                            tuple(r for r in choices.ROLES if r in f.cleaned_data.get("roles", [])))
                     for f in self.forms if not f.is_blank)

    def clean(self):
        if any(self.errors):
            return
        members = self.members()
        ids = [m.id_number for m in members]
        if len(set(ids)) != len(ids):
            raise forms.ValidationError("同一身份证号码填写了两次，请合并为一行")
        founder = next((m for m in members if self.founder and m.id_number == self.founder.id_number()), None)
        shareholders = [m for m in members if m.contribution_fen > 0]
        if founder is None:
            raise forms.ValidationError("法定代表人（即您本人）须列入股东及主要人员，请填写本人姓名和身份证号码")
        if founder.name != self.founder.name:
            raise forms.ValidationError("本人姓名与实名信息不一致，请核对")
        if not shareholders:
            raise forms.ValidationError("请至少填写一名股东（投资人）及其出资额")
        if self.capital_fen is not None and sum(m.contribution_fen for m in shareholders) != self.capital_fen:
            raise forms.ValidationError("各股东认缴出资额之和须等于注册资本")
        self._check_type(members, founder, shareholders)

    def _check_type(self, members, founder, shareholders) -> None:
        if self.company_type == choices.SOLE_PROPRIETORSHIP:
            if len(shareholders) != 1 or shareholders[0] is not founder:
                raise forms.ValidationError("个人独资企业由一名自然人投资，投资人须为您本人（《个人独资企业法》第二条）")
            return
        if self.company_type not in choices.LIMITED_COMPANIES:
            return  # the company type's own error is shown on its field
        if self.company_type == choices.SOLE_PERSON_LLC and len(shareholders) != 1:
            raise forms.ValidationError("自然人独资的有限责任公司只能有一名股东")
        if self.company_type == choices.PERSONS_LLC and len(shareholders) < 2:
            raise forms.ValidationError("自然人投资或控股的有限责任公司须有两名以上股东；一名股东请选择“自然人独资”")
        if not {choices.DIRECTOR, choices.MANAGER} & set(founder.roles):
            raise forms.ValidationError("法定代表人须由执行董事或经理担任（《公司法》第十条），请为本人勾选职务")
        if not any(choices.DIRECTOR in m.roles for m in members):
            raise forms.ValidationError("有限责任公司须设执行董事（董事），请为一名成员勾选“执行董事”")
        if not any(choices.SUPERVISOR in m.roles for m in members):
            raise forms.ValidationError("请为一名成员勾选“监事”；不设监事的须经全体股东一致同意，请到窗口办理")
        for m in members:
            if choices.SUPERVISOR in m.roles and {choices.DIRECTOR, choices.MANAGER} & set(m.roles):
                raise forms.ValidationError(f"{m.name}：董事、高级管理人员不得兼任监事（《公司法》第七十六条）")


MemberFormSet = forms.formset_factory(MemberForm, formset=BaseMemberFormSet, extra=2, min_num=1,
                                      max_num=MAX_MEMBERS, validate_max=True, absolute_max=MAX_MEMBERS)


def bind_forms(data, *, user, founder, today: dt.date | None = None) -> tuple[StartupForm, BaseMemberFormSet]:
    """The form and its member rows, bound to ``data`` (None: blank, the founder in the first row).
    The rows are checked against the company type and capital the main form read."""
    form = StartupForm(data, user=user, founder=founder, today=today, initial={"contact_mobile": founder.mobile})
    capital = None
    if data is not None and form.is_valid():
        capital = int(form.cleaned_data["registered_capital_yuan"] * 100)
    members = MemberFormSet(data, prefix="m", company_type=(data or {}).get("company_type", ""),
                            capital_fen=capital, founder=founder, initial=[{"name": founder.name}])
    return form, members
