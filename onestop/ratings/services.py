"""好差评: rate a service once, open a follow-up (整改) for a bad rating, reply to the citizen, and
summarise per department. Every change of state is one named function in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from onestop.cases.models import Case
from onestop.cases.models import Status as CaseStatus
from onestop.core import workdays
from onestop.notifications.services import notify

from .grades import BAD_GRADES, COMMENT_MAX, GRADES, SATISFIED_GRADES, reasons_for
from .models import Channel, FollowUp, Rating, Target

# 国办发〔2019〕51号 requires every 差评 to be verified, rectified (核实整改) and the rater called back (回访);
# it sets no figure that we could verify here, so the platform gives the department 10 working days.
FOLLOW_UP_WORKING_DAYS = 10
CASE_CHANNELS = {"online": Channel.WEB, "window": Channel.WINDOW, "kiosk": Channel.KIOSK, "api": Channel.WEB}


class RatingError(Exception):
    """A rating that cannot be made; ``code`` is stable, ``message`` is shown to the citizen."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass(frozen=True)
class RatedService:
    """What is being rated, as the owning app describes it. ``owner_id`` is the account that may rate
    (None: the calling app has already checked the rater, e.g. an anonymous complainant's verified mobile)."""

    kind: str
    target_id: int
    label: str
    department_id: int
    item_id: int | None
    channel: str
    owner_id: int | None


def service_of_case(case: Case) -> RatedService:
    kind = Target.WINDOW if case.channel == "window" else Target.CASE
    return RatedService(kind, case.pk, case.number, case.department_id, case.item_id,
                        CASE_CHANNELS.get(case.channel, Channel.WEB), case.applicant_user_id)


def case_is_ratable(case: Case) -> bool:
    return case.status in {CaseStatus.COMPLETED, CaseStatus.NOT_APPROVED, CaseStatus.REFUSED}


def rating_of(kind: str, target_id: int) -> Rating | None:
    return Rating.objects.filter(target_kind=kind, target_id=target_id).select_related("follow_up").first()


def rate_case(case: Case, *, rater, grade, reasons=(), comment: str = "") -> Rating:
    if not case_is_ratable(case):
        raise RatingError("not_finished", "办件办结后才能评价")
    return rate_service(service_of_case(case), rater=rater, grade=grade, reasons=reasons, comment=comment)


def _clean_grade(grade) -> int:
    try:
        grade = int(grade)
    except (TypeError, ValueError):
        grade = 0
    if grade not in GRADES:
        raise RatingError("invalid_grade", "请选择评价等级：非常满意、满意、基本满意、不满意或非常不满意")
    return grade


def rate_service(service: RatedService, *, rater, grade, reasons=(), comment: str = "", now=None) -> Rating:
    """Records the rating (once per service) and, for 不满意 / 非常不满意, the department's follow-up
    with its deadline in working days."""
    grade = _clean_grade(grade)
    rater_id = getattr(rater, "pk", None)
    if service.owner_id is not None and rater_id != service.owner_id:
        raise RatingError("not_yours", "只有办件申请人或诉求人本人可以评价该服务", 403)
    allowed = reasons_for(grade)
    reasons = list(dict.fromkeys(str(r) for r in reasons or ()))
    unknown = [r for r in reasons if r not in allowed]
    if unknown:
        raise RatingError("invalid_reason", "所选评价理由与评价等级不符，请重新选择")
    comment = str(comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise RatingError("comment_too_long", f"文字评价不超过{COMMENT_MAX}字")
    now = now or timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the unique constraint decides "twice", not a read
                rating = Rating.objects.create(
                    target_kind=service.kind, target_id=service.target_id, target_label=service.label[:200],
                    department_id=service.department_id, item_id=service.item_id, channel=service.channel,
                    rater=rater if rater_id else None, grade=grade, reasons=reasons, comment=comment, created_at=now)
        except IntegrityError:
            raise RatingError("already_rated", "该服务已经评价过，每项服务只能评价一次", 409) from None
        if grade in BAD_GRADES:
            deadline = workdays.add_working_days(timezone.localdate(now), FOLLOW_UP_WORKING_DAYS)
            FollowUp.objects.create(rating=rating, department_id=service.department_id, due_date=deadline.date,
                                    due_estimated=deadline.estimated, created_at=now)
    return rating


def reply_follow_up(follow_up: FollowUp, *, rectification: str, reply: str, staff) -> FollowUp:
    """The department records its 整改 and its reply; the rater is told (回访)."""
    rectification, reply = str(rectification or "").strip(), str(reply or "").strip()
    if not rectification:
        raise RatingError("rectification_required", "请填写核实整改情况")
    if not reply:
        raise RatingError("reply_required", "请填写给评价人的回复")
    if len(rectification) > 2000 or len(reply) > 1000:
        raise RatingError("too_long", "整改情况不超过2000字，回复不超过1000字")
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update(of=("self",)).select_related("rating", "rating__rater", "department").get(pk=follow_up.pk)
        if follow_up.status != FollowUp.Status.OPEN:
            raise RatingError("already_replied", "该差评已整改回复", 409)
        follow_up.rectification, follow_up.reply = rectification, reply
        follow_up.status, follow_up.replied_at, follow_up.replied_by = FollowUp.Status.REPLIED, timezone.now(), staff
        follow_up.save()
        rating = follow_up.rating
        if rating.rater is not None:
            notify(rating.rater, "rating.follow_up_reply",
                   {"target": rating.get_target_kind_display(), "number": rating.target_label,
                    "department": follow_up.department.name, "reply": reply},
                   dedupe_key=f"rating.follow_up_reply:{follow_up.pk}")
    return follow_up


def follow_ups_of(department_ids, today: dt.date):
    """A department's follow-ups, open first and soonest deadline first, each with ``overdue``."""
    rows = list(FollowUp.objects.filter(department_id__in=list(department_ids))
                .select_related("rating", "rating__item", "department").order_by("-status", "due_date", "pk"))
    for row in rows:
        row.overdue = row.status == FollowUp.Status.OPEN and row.due_date < today
    return rows


def distribution(start: dt.date, end: dt.date, department=None) -> dict:
    """好差评 per grade between two local dates (both included): counts, total and the satisfaction
    rate (非常满意 + 满意 + 基本满意) / all, None when nobody rated."""
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tz)
    rows = Rating.objects.filter(created_at__gte=since, created_at__lt=until)
    if department is not None:
        rows = rows.filter(department=department)
    counts = rows.aggregate(**{f"g{g}": Count("pk", filter=Q(grade=g)) for g in GRADES})
    per_grade = [{"grade": g, "label": label, "count": counts[f"g{g}"]} for g, label in GRADES.items()]
    total = sum(row["count"] for row in per_grade)
    satisfied = sum(row["count"] for row in per_grade if row["grade"] in SATISFIED_GRADES)
    return {"grades": per_grade, "total": total, "satisfied": satisfied,
            "satisfaction_rate": satisfied / total if total else None}
