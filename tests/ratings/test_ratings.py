import datetime as dt

import pytest
from django.utils import timezone

from onestop.accounts.models import User
from onestop.cases.models import Case, Status
from onestop.notifications.models import Notice
from onestop.ratings import services
from onestop.ratings.grades import DISSATISFIED, SATISFIED, VERY_SATISFIED
from onestop.ratings.models import FollowUp, Rating, Target
from onestop.ratings.services import RatingError

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def test_the_applicant_rates_a_finished_case_once(finished_case, citizen):
    rating = services.rate_case(finished_case, rater=citizen, grade=SATISFIED, reasons=["efficient", "attitude"], comment="很快")
    assert (rating.target_kind, rating.target_id, rating.department_id) == (Target.CASE, finished_case.pk, finished_case.department_id)
    assert rating.reasons == ["efficient", "attitude"] and not FollowUp.objects.filter(rating=rating).exists()
    with pytest.raises(RatingError) as twice:
        services.rate_case(finished_case, rater=citizen, grade=VERY_SATISFIED)
    assert (twice.value.code, twice.value.status) == ("already_rated", 409)
    assert Rating.objects.filter(target_kind=Target.CASE, target_id=finished_case.pk).count() == 1


def test_someone_elses_case_is_refused(finished_case, other_citizen):
    with pytest.raises(RatingError) as refused:
        services.rate_case(finished_case, rater=other_citizen, grade=DISSATISFIED, reasons=["many_trips"])
    assert (refused.value.code, refused.value.status) == ("not_yours", 403)
    assert not Rating.objects.filter(target_id=finished_case.pk, target_kind=Target.CASE).exists()


def test_an_unfinished_case_a_bad_grade_or_a_reason_of_the_other_group_is_refused(finished_case, citizen):
    with pytest.raises(RatingError) as wrong_reason:
        services.rate_case(finished_case, rater=citizen, grade=SATISFIED, reasons=["many_trips"])
    assert wrong_reason.value.code == "invalid_reason"
    for grade in (0, 6, "x", None):
        with pytest.raises(RatingError) as invalid:
            services.rate_case(finished_case, rater=citizen, grade=grade)
        assert invalid.value.code == "invalid_grade"
    with pytest.raises(RatingError) as long:
        services.rate_case(finished_case, rater=citizen, grade=SATISFIED, comment="好" * 501)
    assert long.value.code == "comment_too_long"
    Case.objects.filter(pk=finished_case.pk).update(status=Status.IN_REVIEW)
    finished_case.refresh_from_db()
    with pytest.raises(RatingError) as open_case:
        services.rate_case(finished_case, rater=citizen, grade=SATISFIED)
    assert open_case.value.code == "not_finished"
    assert not Rating.objects.filter(target_id=finished_case.pk, target_kind=Target.CASE).exists()


def test_a_bad_rating_opens_a_follow_up_due_in_ten_working_days_across_national_day(finished_case, citizen):
    monday = dt.datetime(2026, 9, 28, 10, 0, tzinfo=SHANGHAI)
    rating = services.rate_service(services.service_of_case(finished_case), rater=citizen, grade=DISSATISFIED,
                                   reasons=["many_trips", "not_told_once"], comment="跑了三次", now=monday)
    follow_up = rating.follow_up
    # 29, 30 Sep; 1–7 Oct off; 8, 9, 10 (调休 Saturday), 12–16 Oct.
    assert follow_up.due_date == dt.date(2026, 10, 16) and not follow_up.due_estimated
    assert follow_up.department_id == finished_case.department_id and follow_up.status == FollowUp.Status.OPEN
    rows = services.follow_ups_of([finished_case.department_id], dt.date(2026, 10, 19))
    assert [row.overdue for row in rows if row.pk == follow_up.pk] == [True]


def test_the_follow_up_reply_notifies_the_rater_once(finished_case, citizen):
    rating = services.rate_case(finished_case, rater=citizen, grade=DISSATISFIED, reasons=["overdue"])
    staff = User.objects.get(username="d008-reviewer")
    with pytest.raises(RatingError) as empty:
        services.reply_follow_up(rating.follow_up, rectification="", reply="已整改", staff=staff)
    assert empty.value.code == "rectification_required"
    services.reply_follow_up(rating.follow_up, rectification="已核实：审核超时，已增设复核岗。", reply="已整改，感谢您的监督。", staff=staff)
    follow_up = FollowUp.objects.get(rating=rating)
    assert follow_up.status == FollowUp.Status.REPLIED and follow_up.replied_by == staff
    notices = Notice.objects.filter(user=citizen, dedupe_key=f"rating.follow_up_reply:{follow_up.pk}")
    assert notices.count() == 1 and "已整改，感谢您的监督。" in notices.get().body and notices.get().kind == "rating"
    with pytest.raises(RatingError) as again:
        services.reply_follow_up(follow_up, rectification="再次", reply="再次", staff=staff)
    assert again.value.code == "already_replied"


def test_distribution_counts_grades_and_the_satisfaction_rate(finished_case, citizen):
    today = timezone.localdate()
    department = finished_case.department
    before = services.distribution(today, today, department=department)
    services.rate_case(finished_case, rater=citizen, grade=DISSATISFIED, reasons=["overdue"])
    after = services.distribution(today, today, department=department)
    assert after["total"] == before["total"] + 1 and after["satisfied"] == before["satisfied"]
    assert [g["count"] for g in after["grades"] if g["grade"] == DISSATISFIED][0] == \
        [g["count"] for g in before["grades"] if g["grade"] == DISSATISFIED][0] + 1
    assert after["satisfaction_rate"] == after["satisfied"] / after["total"]
    assert services.distribution(today - dt.timedelta(days=400), today - dt.timedelta(days=399), department=department)["satisfaction_rate"] is None
