"""办件进度查询 without logging in: a case number plus the applicant's mobile, or the lookup code
printed on the window receipt. The answer is the status, the steps and the deadline, nothing
personal (no name, no ID number, no form data, no materials).

Against guessing: the same answer for "no such case" and "wrong mobile or code" (the same work is
done either way, compared in constant time), and a limit on failed attempts per address and per
case number, counted in the database so that every app process sees the same count."""

from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass

from django.utils import timezone

from onestop.accounts import services as accounts
from onestop.cases import workflow
from onestop.cases.models import FINAL_STATUSES, Case, Status

from .models import LookupAttempt
from .services import lookup_hash, mobile_hash, normalise_code

WINDOW = dt.timedelta(minutes=15)
IP_LIMIT = 20  # failed lookups from one address in the window
NUMBER_LIMIT = 5  # failed lookups of one case number in the window, from anywhere
NUMBER = re.compile(r"\d{6,30}")
NOT_FOUND = "未查到与所填信息相符的办件。请核对办件编号，以及申请时预留的手机号码或受理回执上的查询码。"


class LookupRefused(Exception):
    def __init__(self, code: str, message: str, retry_after: int = 0):
        super().__init__(message)
        self.code, self.message, self.retry_after = code, message, retry_after


@dataclass(frozen=True)
class Progress:
    number: str
    item: str
    department: str
    status: str
    steps: list[dict]
    submitted_on: dt.date
    accepted_on: dt.date | None
    finished_on: dt.date | None
    due_date: dt.date | None
    due_estimated: bool
    overdue: bool
    history: list[tuple[dt.datetime, str]]  # (time, what happened): the step labels only, no opinions


def _retry_after(number: str, ip: str | None) -> int:
    now = timezone.now()
    recent = LookupAttempt.objects.filter(at__gt=now - WINDOW)
    wait = 0
    checks = [(recent.filter(number=number), NUMBER_LIMIT)]
    if ip:
        checks.append((recent.filter(client_ip=ip), IP_LIMIT))
    for rows, limit in checks:
        times = list(rows.order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            wait = max(wait, int((times[-1] + WINDOW - now).total_seconds()) + 1)
    return wait


def _given(mobile: str, code: str) -> tuple[str, str]:
    """The keyed hashes of what was typed (either may be empty)."""
    mobile_digest = ""
    if mobile.strip():
        try:
            mobile_digest = mobile_hash(accounts.normalise_mobile(mobile))
        except accounts.AccountError:
            raise LookupRefused("invalid_mobile", "请输入11位手机号码") from None
    return mobile_digest, lookup_hash(code) if normalise_code(code) else ""


_DUMMY = "0" * 64  # compared against when there is no case, so that the work is the same


def _equal(given: str, known: str) -> bool:
    same = hmac.compare_digest(given or _DUMMY, known or _DUMMY)
    return bool(given) and bool(known) and same


def _matches(case: Case | None, mobile_digest: str, code_digest: str) -> bool:
    reception = getattr(case, "reception", None) if case is not None else None
    account_mobile = case.applicant_user.mobile if case is not None else ""
    known_mobiles = [mobile_hash(account_mobile) if account_mobile else "", reception.mobile_hash if reception else ""]
    code_on_file = reception.lookup_code_hash if reception else ""
    # Every comparison is made, each in constant time, whether the case exists or not.
    results = [_equal(mobile_digest, known) for known in known_mobiles] + [_equal(code_digest, code_on_file)]
    return any(results)


def lookup(number: str, *, mobile: str = "", code: str = "", client_ip: str | None = None) -> Progress:
    """The case's progress, or LookupRefused: ``not_found`` (the same for every wrong answer),
    ``rate_limited`` (with retry_after in seconds) or a malformed input."""
    number = "".join((number or "").split())
    if not NUMBER.fullmatch(number):
        raise LookupRefused("invalid_number", "请输入受理回执或短信上的办件编号（数字）")
    if not mobile.strip() and not normalise_code(code):
        raise LookupRefused("credential_required", "请输入申请时预留的手机号码，或受理回执上的查询码")
    wait = _retry_after(number, client_ip)
    if wait:
        raise LookupRefused("rate_limited", f"查询过于频繁，请 {max(1, wait // 60)} 分钟后再试", wait)
    mobile_digest, code_digest = _given(mobile, code)
    case = (Case.objects.select_related("item", "department", "applicant_user", "reception")
            .filter(number=number).first())
    if not _matches(case, mobile_digest, code_digest):
        LookupAttempt.objects.filter(at__lt=timezone.now() - 4 * WINDOW).delete()  # only the window counts
        LookupAttempt.objects.create(client_ip=client_ip, number=number)
        raise LookupRefused("not_found", NOT_FOUND)
    return progress_of(case)


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def progress_of(case: Case) -> Progress:
    events = list(case.events.all())
    reached = {e.to_status for e in events}
    *order, end = workflow.PROGRESS
    order.append(case.status if case.status in FINAL_STATUSES else end)
    furthest = max((i for i, s in enumerate(order) if s in reached), default=0)
    steps = [{"label": Status(s).label, "done": i <= furthest, "current": s == case.status} for i, s in enumerate(order)]
    history = [(timezone.localtime(e.at), workflow.ACTIONS.get(e.action, "") or e.to_status_label)
               for e in events if e.action in workflow.ACTIONS and e.action not in ("refer",)]
    today = timezone.localdate()
    return Progress(
        number=case.number, item=case.item.name, department=case.department.full_name,
        status=Status(case.status).label, steps=steps, submitted_on=_local_date(case.submitted_at),
        accepted_on=_local_date(case.accepted_at), finished_on=_local_date(case.finished_at),
        due_date=case.due_date if case.is_open else None, due_estimated=case.due_estimated,
        overdue=bool(case.is_open and case.due_date and case.due_date < today), history=history,
    )
