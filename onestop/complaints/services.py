"""Every change of state of a report: one function each, in one transaction, audited (ReportEvent),
notices sent after commit (notices.py). Pages, the Open311 API, commands and tests call these."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from onestop.accounts import services as accounts
from onestop.cases import material_files
from onestop.catalog.models import Department
from onestop.core import workdays
from onestop.ratings import services as ratings

from . import notices, photos
from .models import Category, Report, ReportEvent, ReportPhoto
from .routing import router

OTP_PURPOSE = "complaint"
REPLY_DAYS = {Report.Kind.CONSULTATION: 5, Report.Kind.COMPLAINT: 10, Report.Kind.SUGGESTION: 15}  # working days
REOPEN_DAYS = 5
# 斗门区 with a margin (WGS-84): a point outside is a mistake, not a report for this district.
BOUNDS = {"lat": (22.05, 22.50), "lon": (113.00, 113.50)}


class ComplaintError(Exception):
    """A refusal with a stable code (API) and a Chinese message (pages)."""

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


@dataclass(frozen=True)
class Actor:
    label: str  # what the audit trail shows: "区城市管理综合执法局 王晓明", "市民（手机尾号1234）"
    user: object | None = None


def suggest_category(title: str, text: str) -> Category | None:
    """The leaf the router suggests (third level when it names one, else second level)."""
    if not (title.strip() or text.strip()):
        return None
    path = router().suggest(title, text).path
    node = None
    for name in path:
        found = Category.objects.filter(name=name, parent=node).first()
        if found is None:
            break
        node = found
    return node


def send_code(mobile: str, client_ip: str | None = None) -> str:
    """An anonymous citizen's mobile is verified by an SMS code (the accounts' OTP challenge)."""
    try:
        return accounts.request_otp(mobile, OTP_PURPOSE, client_ip=client_ip).mobile
    except accounts.AccountError as exc:
        raise ComplaintError(exc.code, exc.message, exc.field or "mobile") from None


def verify_code(mobile: str, code: str) -> str:
    try:
        return accounts.check_otp(mobile, OTP_PURPOSE, code).mobile
    except accounts.AccountError as exc:
        raise ComplaintError(exc.code, exc.message, "code") from None


def parse_point(lat, lon) -> tuple[Decimal | None, Decimal | None]:
    if lat in (None, "") and lon in (None, ""):
        return None, None
    try:
        la, lo = Decimal(str(lat).strip()), Decimal(str(lon).strip())
    except (InvalidOperation, ValueError):
        raise ComplaintError("invalid_location", "位置须为经纬度数字（WGS-84）", "latitude") from None
    if not (la.is_finite() and lo.is_finite()):
        raise ComplaintError("invalid_location", "位置须为经纬度数字（WGS-84）", "latitude")
    if not (BOUNDS["lat"][0] <= la <= BOUNDS["lat"][1] and BOUNDS["lon"][0] <= lo <= BOUNDS["lon"][1]):
        raise ComplaintError("location_outside", "所选位置不在斗门区范围内", "latitude")
    return la.quantize(Decimal("0.000001")), lo.quantize(Decimal("0.000001"))


def _clean_text(value: str, field: str, label: str, low: int, high: int) -> str:
    value = str(value or "").strip()  # HTML stays text: every page escapes it
    if len(value) < low:
        raise ComplaintError(f"{field}_required" if not value else f"{field}_too_short",
                             f"请填写{label}" if not value else f"{label}至少 {low} 个字", field)
    if len(value) > high:
        raise ComplaintError(f"{field}_too_long", f"{label}不能超过 {high} 个字", field)
    return value


def _new_number(now: dt.datetime) -> str:
    return f"TS{timezone.localdate(now):%Y%m%d}{secrets.randbelow(100_000):05d}"


def submit_report(*, kind: str, category: Category, title: str, description: str, actor: Actor,
                  user=None, mobile: str = "", contact_name: str = "", latitude=None, longitude=None,
                  address: str = "", public: bool = False, uploads=(), channel: str = Report.Channel.PORTAL,
                  api_key=None, suggested: Category | None = None) -> Report:
    """Files a report with the category's department and a deadline in working days."""
    if kind not in Report.Kind.values:
        raise ComplaintError("invalid_kind", "请选择咨询、投诉或建议", "kind")
    if category is None:
        raise ComplaintError("category_required", "请选择诉求分类", "category")
    if not (user or mobile or api_key):  # an Open311 client answers for the reports it files
        raise ComplaintError("contact_required", "请登录，或验证手机号码后提交", "mobile")
    title = _clean_text(title, "title", "标题", 4, 60)
    description = _clean_text(description, "description", "诉求内容", 10, 2000)
    latitude, longitude = parse_point(latitude, longitude)
    uploads = list(uploads)
    if len(uploads) > photos.MAX_PHOTOS:
        raise ComplaintError("too_many_photos", f"最多上传 {photos.MAX_PHOTOS} 张照片", "photos")
    try:
        cleaned = [photos.clean(u) for u in uploads]  # decoded before the transaction opens
    except photos.PhotoError as exc:
        raise ComplaintError("invalid_photo", str(exc), "photos") from None
    now = timezone.now()
    deadline = workdays.add_working_days(timezone.localdate(now), REPLY_DAYS[kind])
    for _attempt in range(5):
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    number=_new_number(now), kind=kind, category=category, suggested_category=suggested,
                    department=category.department, title=title, description=description, latitude=latitude,
                    longitude=longitude, address=str(address or "").strip()[:120], user=user, mobile=mobile,
                    contact_name=str(contact_name or "").strip()[:30], public=bool(public), channel=channel,
                    api_key=api_key, token=secrets.token_hex(16), due_date=deadline.date,
                    due_estimated=deadline.estimated)
                for content, content_type in cleaned:
                    photo = ReportPhoto(report=report, token=secrets.token_hex(16), content_type=content_type,
                                        size=content.size, sha256="")
                    photo.sha256 = hashlib.sha256(content.read()).hexdigest()
                    material_files.store(photo, content)
                    photo.save()
                ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMIT, actor=actor.label,
                                           actor_user=actor.user, to_department=report.department,
                                           note=f"分类：{category.path_label}")
                notices.notify(report, notices.RECEIPT, {
                    "kind": report.get_kind_display(), "number": report.number, "department": report.department.name,
                    "due": f"{report.due_date.month}月{report.due_date.day}日"}, dedupe_key=f"complaint.receipt:{report.number}")
                return report
        except IntegrityError:
            continue  # the random number was taken: draw another
    raise ComplaintError("busy", "提交人数较多，请稍后再试")


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("department", "category").get(pk=report.pk)


def reroute(report: Report, *, category: Category | None = None, department: Department | None = None,
            reason: str, actor: Actor) -> Report:
    """转办: another category or department; the reason is required and audited."""
    reason = str(reason or "").strip()
    if len(reason) < 4:
        raise ComplaintError("reason_required", "请填写转办理由（至少 4 个字）", "reason")
    with transaction.atomic():
        report = _locked(report)
        if report.status == Report.Status.CLOSED:
            raise ComplaintError("closed", "该诉求已办结，不能转办")
        target = department or (category.department if category else None)
        if target is None:
            raise ComplaintError("target_required", "请选择转办的分类或部门", "department")
        before = report.department
        if category is not None:
            report.category = category
        report.department = target
        report.save(update_fields=["category", "department", "updated_at"])
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.REROUTE, actor=actor.label,
                                   actor_user=actor.user, from_department=before, to_department=target, note=reason)
    return report


def reply(report: Report, *, text: str, actor: Actor) -> Report:
    text = _clean_text(text, "reply", "答复内容", 10, 2000)
    with transaction.atomic():
        report = _locked(report)
        if report.status != Report.Status.PROCESSING:
            raise ComplaintError("not_processing", "该诉求当前不在办理中")
        report.status, report.reply, report.replied_at = Report.Status.REPLIED, text, timezone.now()
        report.replied_by = actor.label[:50]
        report.save(update_fields=["status", "reply", "replied_at", "replied_by", "updated_at"])
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.REPLY, actor=actor.label,
                                   actor_user=actor.user, note=text)
        notices.notify(report, notices.REPLY, {"number": report.number, "department": report.department.name},
                       dedupe_key=f"complaint.reply:{report.number}:{report.replied_at:%Y%m%d%H%M%S}")
    return report


def rate(report: Report, *, rating, resolved: bool, comment: str = "", actor: Actor) -> Report:
    """The citizen rates the reply (1–5). "Not resolved" reopens the report once; after that, or
    when resolved, the report is closed."""
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ComplaintError("invalid_rating", "请选择 1 至 5 星的满意度", "rating")
    comment = str(comment or "").strip()[:300]
    with transaction.atomic():
        report = _locked(report)
        if report.status != Report.Status.REPLIED:
            raise ComplaintError("not_replied", "该诉求尚未答复或已经评价")
        now = timezone.now()
        report.rating, report.rating_comment, report.rated_at = rating, comment, now
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.RATE, actor=actor.label,
                                   actor_user=actor.user, note=f"{rating} 星；{'已解决' if resolved else '未解决'}。{comment}")
        if not resolved and report.reopened_at is None:
            deadline = workdays.add_working_days(timezone.localdate(now), REOPEN_DAYS)
            report.status, report.reopened_at = Report.Status.PROCESSING, now
            report.due_date, report.due_estimated = deadline.date, deadline.estimated
            ReportEvent.objects.create(report=report, action=ReportEvent.Action.REOPEN, actor=actor.label,
                                       actor_user=actor.user, note="市民评价未解决，重新办理")
        else:
            report.status, report.closed_at = Report.Status.CLOSED, now
            # The closing rating is the report's 好差评 (stars 5…1 are 非常满意…非常不满意; a bad one opens a
            # follow-up); a "not resolved" first rating reopens the report instead, its own 整改.
            service = ratings.RatedService(ratings.Target.COMPLAINT, report.pk, report.number, report.department_id, None,
                                           ratings.Channel.WEB, report.user_id)
            try:
                ratings.rate_service(service, rater=actor.user, grade=rating, comment=comment, now=now)
            except ratings.RatingError as error:
                raise ComplaintError(error.code, error.message) from None
            ReportEvent.objects.create(report=report, action=ReportEvent.Action.CLOSE, actor="系统", note="评价后办结")
        report.save()
    return report


def can_act_as_citizen(report: Report, user, verified_mobile: str | None) -> bool:
    """The citizen who filed it: the same account, or the same verified mobile (anonymous)."""
    if report.user_id:
        return getattr(user, "pk", None) == report.user_id
    return bool(verified_mobile) and secrets.compare_digest(verified_mobile, report.mobile)


def queue(department: Department, today: dt.date, status: str | None = None):
    """The department's reports, soonest deadline first, each with its deadline flag."""
    rows = Report.objects.filter(department=department).select_related("category")
    rows = rows.filter(status=status) if status else rows.exclude(status=Report.Status.CLOSED)
    calendar = workdays.current_calendar()
    out = []
    for report in rows.order_by("due_date", "created_at")[:300]:
        flag = calendar.deadline_status(report.due_date, today) if report.status == Report.Status.PROCESSING else None
        out.append((report, flag))
    return out
