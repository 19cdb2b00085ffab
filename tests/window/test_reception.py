"""受理 and 不予受理 at the comprehensive window: any department's item, the checklist, the state
the case is left in, what is recorded, idempotency, and who may do it."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from onestop.cases import review
from onestop.cases.models import Case, CaseMaterial, Status
from onestop.core import workdays
from onestop.window import notices, services
from onestop.window.models import Reception

from .conftest import states


def test_a_clerk_accepts_another_departments_item_and_it_goes_to_that_back_office(counter, clerk, item):
    reception = services.accept(counter())
    case = Case.objects.get(pk=reception.case_id)
    assert case.status == Status.ACCEPTED and case.department == item.department
    assert clerk.staff_profile.department != item.department
    assert (reception.clerk, reception.window_label, reception.outcome) == (clerk, "综合窗口 3 号", "accepted")
    assert case.accepted_at is not None and reception.at >= case.accepted_at
    expected = workdays.add_working_days(timezone.localdate(case.accepted_at), item.promised_days).date
    assert case.due_date == expected
    accept_event = case.events.get(action="accept")
    assert "综合窗口 3 号" in accept_event.actor and accept_event.actor_user == clerk
    queue = review.department_queue(item.department, status=Status.ACCEPTED)
    assert case.pk in [row.case.pk for row in queue]


def test_the_checklist_is_recorded_and_an_ecertificate_becomes_a_consented_material(counter, item, visitor):
    reception = services.accept(counter(materials=states(item, 居民身份证=services.ECERT, 医疗=services.MISSING)))
    by_name = {row["name"]: row for row in reception.materials}
    assert by_name["临时救助申请表"]["status"] == services.FORM
    assert by_name["家庭收入情况说明"]["status"] == services.PAPER
    assert by_name["医疗费用票据"]["status"] == services.MISSING  # optional: may be missing
    cert_row = by_name["申请人居民身份证"]
    attached = CaseMaterial.objects.get(case=reception.case, kind=CaseMaterial.Kind.CERTIFICATE)
    assert cert_row["status"] == services.ECERT and cert_row["certificate"] == attached.certificate.number
    assert attached.certificate.holder_person == visitor and attached.consent is not None


def test_a_missing_required_material_is_not_accepted(counter, item):
    with pytest.raises(services.CaseError) as error:
        services.accept(counter(materials=states(item, 收入=services.MISSING)))
    assert error.value.code == "materials_missing" and "家庭收入情况说明" in error.value.message
    assert not Case.objects.filter(item=item).exists()


def test_every_material_must_be_checked(counter, item):
    unchecked = states(item)
    unchecked.pop(item.materials.get(name="家庭收入情况说明").pk)
    with pytest.raises(services.CaseError) as error:
        services.accept(counter(materials=unchecked))
    assert error.value.code == "material_unchecked"


def test_the_same_request_twice_gives_one_case_and_one_reception(counter, item):
    request = counter()
    first, second = services.accept(request), services.accept(request)
    assert first.pk == second.pk
    assert Case.objects.filter(item=item).count() == 1 and Reception.objects.filter(case__item=item).count() == 1


def test_a_reviewer_may_not_work_the_window(counter):
    reviewer = get_user_model().objects.get(username="d008-reviewer")  # of the item's own department
    with pytest.raises(services.CaseError) as error:
        services.accept(counter(clerk=reviewer))
    assert error.value.code == "not_window_staff"


def test_a_desk_is_required(counter):
    with pytest.raises(services.CaseError) as error:
        services.accept(counter(window_label="  "))
    assert error.value.code == "window_required"


def test_refusal_needs_a_listed_reason_and_words_for_other(counter, item):
    for code, text, expected in [("", "", "reason_required"), ("made_up", "x", "reason_required"),
                                 ("other", "不行", "reason_required")]:
        with pytest.raises(services.CaseError) as error:
            services.refuse(counter(), code, text)
        assert error.value.code == expected
    assert not Case.objects.filter(item=item).exists()


def test_refusal_ends_the_case_with_the_reason_and_the_items_legal_basis(counter, item, clerk):
    # A refusal is usually for what is missing: the form need not be complete.
    reception = services.refuse(counter(form={}, materials=states(item, 收入=services.MISSING)),
                                "materials_not_corrected", "缺家庭收入情况说明，办事人表示无法提供")
    case = Case.objects.get(pk=reception.case_id)
    assert case.status == Status.REFUSED and case.finished_at is not None and case.accepted_at is None
    assert reception.outcome == "refused" and reception.clerk == clerk
    assert reception.reason_text.startswith("申请材料不齐全") and "无法提供" in reception.reason_text
    assert "《社会救助暂行办法》第四十七条" in reception.legal_basis and "第三十二条" in reception.legal_basis
    assert case.events.get(action="refuse").reason == reception.reason_text
    missing = [row["name"] for row in reception.materials if row["status"] == services.MISSING]
    assert "家庭收入情况说明" in missing


def test_the_lookup_code_is_kept_encrypted_and_hashed(counter):
    reception = services.accept(counter())
    code = services.lookup_code(reception)
    assert len(code) == services.LOOKUP_CODE_LENGTH and set(code) <= set(services.LOOKUP_ALPHABET)
    assert code not in reception.lookup_code_encrypted and reception.lookup_code_hash == services.lookup_hash(code)


def test_the_receipt_sms_is_sent_after_commit(counter, outside_systems, sms, visitor, django_capture_on_commit_callbacks):
    from onestop.notifications import delivery
    from onestop.notifications.models import Delivery

    with django_capture_on_commit_callbacks(execute=True):
        reception = services.accept(counter(mobile=visitor.user.mobile))
    sms_delivery = Delivery.objects.get(notice__template__key=notices.ACCEPTED, notice__dedupe_key__endswith=reception.case.number,
                                        channel="sms")
    assert delivery.deliver(sms_delivery.pk) == "delivered"  # what the notices worker does
    messages = sms.get(f"/v1/messages?to={visitor.user.mobile}&limit=1").body["messages"]
    assert messages and messages[0]["template"] == "notice"
    text = messages[0]["text"]
    assert reception.case.number in text and services.lookup_code(reception) in text
    due = reception.case.due_date
    assert f"{due.year}年{due.month}月{due.day}日" in text and "5个工作日" in text


def test_the_clerks_queue_filters_and_flags_overdue(counter, clerk, item):
    accepted = services.accept(counter())
    refused = services.refuse(counter(), "not_required", "")
    Case.objects.filter(pk=accepted.case_id).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    rows = services.clerk_queue(clerk, services.QueueFilters())
    mine = {r.pk: r for r in rows}
    assert accepted.pk in mine and refused.pk in mine
    assert mine[accepted.pk].overdue and not mine[refused.pk].overdue
    only_refused = services.clerk_queue(clerk, services.QueueFilters(status=Status.REFUSED))
    assert refused.pk in [r.pk for r in only_refused] and accepted.pk not in [r.pk for r in only_refused]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert services.clerk_queue(clerk, services.QueueFilters(since=tomorrow)) == []
    other = get_user_model().objects.get(username="d008-window")
    assert accepted.pk not in [r.pk for r in services.clerk_queue(other, services.QueueFilters())]


def test_the_receipt_notices_fill_every_placeholder_and_fit_two_sms_parts(counter, item):
    from onestop.notifications import rendering, segments
    from onestop.notifications.models import NoticeTemplate

    accepted = services.receipt_context(services.accept(counter()), code="K7P2M9QX", url="https://zwfw.example.gov.cn/progress/")
    refused = services.receipt_context(services.refuse(counter(), "not_required", ""), code="K7P2M9QX",
                                       url="https://zwfw.example.gov.cn/progress/")
    for key, context in ((notices.ACCEPTED, accepted), (notices.REFUSED, refused)):
        version = NoticeTemplate.objects.get(key=key).current_version()
        values = notices.notice_context(key, context)
        for text in (version.title, version.body, version.sms_text):
            rendering.render(text, values)  # raises on a placeholder the window does not fill
        assert segments.count(segments.signed(rendering.render(version.sms_text, values), "斗门政务")).parts <= 2
