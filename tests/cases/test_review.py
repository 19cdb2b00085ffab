"""The reviewer's queue and actions: department only, deadline order, reasons, audit trail, result."""

import datetime as dt

import pytest
from django.utils import timezone

from onestop.accounts.models import User
from onestop.cases import review, services
from onestop.cases.models import Case, Status
from onestop.catalog.models import ServiceItem
from onestop.core import workdays
from onestop.notifications.models import Notice

from .conftest import pdf


def test_accept_sets_a_working_day_deadline(submit, reviewer):
    case = submit()
    case = review.act(case, reviewer, "accept")
    assert case.status == Status.ACCEPTED and case.accepted_at
    expected = workdays.add_working_days(timezone.localdate(case.accepted_at), 5)
    assert case.due_date == expected.date


def test_full_review_path_issues_a_signed_result_into_the_wallet(submit, reviewer, citizen, django_capture_on_commit_callbacks):
    case = submit()
    with django_capture_on_commit_callbacks(execute=True):
        review.act(case, reviewer, "accept")
        review.act(case, reviewer, "start_review")
        case = review.act(case, reviewer, "approve", "经审查符合临时救助条件")
    assert case.status == Status.COMPLETED and case.finished_at
    cert = case.result_certificate
    assert cert.cert_type.name == "审批结果通知书" and cert.holder_person == citizen.person
    assert cert.issuer == case.department and cert.fields["case_number"] == case.number
    assert [e.to_status for e in case.events.all()] == [Status.SUBMITTED, Status.ACCEPTED, Status.IN_REVIEW, Status.COMPLETED]
    assert all(e.actor.startswith("区民政局") for e in case.events.all()[1:])
    assert Notice.objects.filter(user=citizen, title="办件已办结").exists()


@pytest.mark.parametrize("action", ["refuse", "request_supplement"])
def test_negative_actions_need_a_reason(submit, reviewer, action):
    case = submit()
    with pytest.raises(services.CaseError) as exc:
        review.act(case, reviewer, action, " ")
    assert exc.value.code == "reason_required"
    assert Case.objects.get(pk=case.pk).status == Status.SUBMITTED


def test_actions_must_fit_the_state(submit, reviewer):
    case = submit()
    with pytest.raises(services.CaseError) as exc:
        review.act(case, reviewer, "start_review")
    assert exc.value.code == "invalid_transition"
    review.act(case, reviewer, "refuse", "不属于本部门受理范围")
    with pytest.raises(services.CaseError):
        review.act(case, reviewer, "accept")


def test_reviewer_of_another_department_cannot_act(submit):
    case = submit()
    with pytest.raises(services.CaseError) as exc:
        review.act(case, User.objects.get(username="d009-reviewer"), "accept")
    assert exc.value.code == "forbidden"


def test_window_role_cannot_decide(submit):
    case = submit()
    with pytest.raises(services.CaseError):
        review.act(case, User.objects.get(username="d008-window"), "accept")


def test_queue_holds_the_department_only_and_orders_by_deadline(submit, reviewer, item):
    late, early = submit(), submit()
    Case.objects.filter(pk=late.pk).update(due_date=dt.date(2026, 12, 31))
    Case.objects.filter(pk=early.pk).update(due_date=dt.date(2026, 1, 5))
    rows = review.department_queue(reviewer.staff_profile.department)
    numbers = [r.case.number for r in rows]
    assert numbers.index(early.number) < numbers.index(late.number)
    assert all(r.case.department_id == reviewer.staff_profile.department_id for r in rows)
    assert next(r for r in rows if r.case.pk == early.pk).flag == "overdue"
    # Another department's queue never shows these cases (it may hold its own).
    other = review.department_queue(User.objects.get(username="d009-reviewer").staff_profile.department)
    assert not {late.pk, early.pk} & {r.case.pk for r in other}
    assert all(r.case.department.code == "D009" for r in other)


def test_approving_an_item_whose_result_is_a_certificate_issues_that_certificate(submit, citizen):
    item = ServiceItem.objects.get(name="无犯罪记录证明", department__code="D009")
    files = {m.pk: pdf() for m in item.materials.filter(required=True)}
    form = {"name": citizen.person.name, "mobile": "13800138000", "purpose": "就业",
            "receiving_unit": "珠海市斗门区某某科技有限公司"}
    case = submit(target=item, form=form, files=files)
    reviewer = User.objects.get(username="d009-reviewer")
    review.act(case, reviewer, "accept")
    case = review.act(case, reviewer, "approve")
    cert = case.result_certificate
    assert cert.cert_type.name == "无犯罪记录证明" and cert.issuer.code == "D009"
    assert cert.holder_person == citizen.person
    assert cert.fields["purpose"] == "就业" and cert.fields["receiving_unit"] == "珠海市斗门区某某科技有限公司"
    assert "未发现申请人在中国境内有犯罪记录" in cert.fields["conclusion"]
    assert cert.fields["issued_on"] == timezone.localdate().isoformat()
