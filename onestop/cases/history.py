"""The applicant's other cases of the same item, as 秒批 rules read them: the builtin ``earlier``
(docs/data-exchange.md, "The platform's own records").

A 民政 department does not grant the same benefit twice: an application while another for the same
item and applicant is being handled, or after one was approved and its result still stands, is a
duplicate. The rule set says what a duplicate does (reject or refer); this module only states the
facts. It runs inside the transaction that decides, after ``lock_applicant``, so that two decisions
for one applicant never both see "no earlier case" (DESIGN §3: one transaction per change of state).

Which cases count against the one being decided:
- approved (已办结) cases whose result is not revoked and has not expired, submitted before or after;
- open cases (submitted, accepted, in review, waiting for material) submitted *before* it. A later
  open case does not count: it sees this one when its own turn comes. So of two applications sent
  at once, whichever is decided first, exactly one can be approved.
Rejected, refused and withdrawn cases never count: the applicant may apply again.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from onestop.accounts.models import Company, Person

from .models import OPEN_STATUSES, Case, Status

MAX_LISTED = 10  # the newest cases listed in the input; `count` counts them all


def lock_applicant(case: Case) -> None:
    """Serialises the decisions of one applicant: a row lock on the person (or company) until the
    transaction ends. PostgreSQL only; on SQLite the decision's first statement is a write, which
    already holds the database's single write lock (``instant._claim``)."""
    if case.applicant_company_id:
        rows = Company.objects.filter(pk=case.applicant_company_id)
    else:
        rows = Person.objects.filter(pk=case.applicant_person_id)
    list(rows.select_for_update(no_key=True).values_list("pk", flat=True))


def _same_applicant(case: Case) -> Q:
    if case.applicant_company_id:
        return Q(applicant_company_id=case.applicant_company_id)
    return Q(applicant_person_id=case.applicant_person_id, applicant_company__isnull=True)


def earlier_cases(case: Case) -> dict:
    """``{"count", "open", "approved", "summary", "cases": [{number, status, submitted_on, approved}]}``,
    newest first; ``summary`` names them for the trace (“无” when there are none)."""
    today = timezone.localdate()
    standing = Q(result_certificate__isnull=True) | Q(
        Q(result_certificate__valid_until__isnull=True) | Q(result_certificate__valid_until__gte=today),
        result_certificate__revoked_at__isnull=True,
    )
    counted = Q(status__in=OPEN_STATUSES, pk__lt=case.pk) | Q(standing, status=Status.COMPLETED)
    rows = list(
        Case.objects.filter(_same_applicant(case), counted, item_id=case.item_id).exclude(pk=case.pk)
        .order_by("-submitted_at", "-pk").values_list("number", "status", "submitted_at")
    )
    listed = [{"number": number, "status": Status(status).label,
               "submitted_on": timezone.localdate(submitted).isoformat(), "approved": status == Status.COMPLETED}
              for number, status, submitted in rows[:MAX_LISTED]]
    approved = sum(1 for _, status, _ in rows if status == Status.COMPLETED)
    summary = "、".join(f"{c['number']}（{c['submitted_on']} 提交，{c['status']}）" for c in listed) or "无"
    return {"count": len(rows), "open": len(rows) - approved, "approved": approved, "summary": summary,
            "cases": listed}
