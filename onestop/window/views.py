"""综合窗口 pages for window staff: the desk (hall and window, the visitor, item search across every
department), an item's counter form (material checklist, form for the visitor, 受理 / 不予受理),
the receipt or refusal notice (page and PDF), and the clerk's own queue."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from onestop.accounts.permissions import can_accept_at_window, staff_profile, staff_required
from onestop.cases import forms as case_forms
from onestop.cases import services as cases
from onestop.cases import workflow
from onestop.cases.models import Status
from onestop.catalog.models import Audience, Hall, ItemStatus, ServiceItem
from onestop.catalog.services import ItemFilters, find_items
from onestop.certs import audit

from . import receipts, services, visitor
from .models import Reception

MAX_RESULTS = 30
window_staff = staff_required(can_accept_at_window)


def _desk(request) -> tuple[Hall | None, str]:
    desk = request.session.get(visitor.DESK_KEY) or {}
    hall = Hall.objects.filter(pk=desk.get("hall")).first() if desk.get("hall") else None
    return hall, desk.get("label", "")


def _progress_url(request) -> str:
    return request.build_absolute_uri(reverse("progress"))


@window_staff
def desk(request):
    """The counter: set the desk, identify the visitor, search any department's items."""
    error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "desk":
            hall = Hall.objects.filter(pk=request.POST.get("hall") or 0).first()
            label = request.POST.get("window_label", "").strip()[:40]
            if hall is None or not label:
                error = "请选择服务大厅并填写窗口号（如“综合窗口 3 号”）"
            else:
                request.session[visitor.DESK_KEY] = {"hall": hall.pk, "label": label}
                return redirect("window:desk")
        elif action == "identify":
            if request.POST.get("card_checked") != "on":
                error = "请先核对身份证原件与办事人本人，再勾选确认"
            else:
                try:
                    person = services.identify_by_id_number(request.user, request.POST.get("id_number", ""))
                except services.CaseError as exc:
                    error = exc.message
                else:
                    visitor.remember(request, person, "核对身份证原件")
                    return redirect("window:desk")
        elif action == "clear":
            visitor.forget(request)
            return redirect("window:desk")
    person, how = visitor.current(request)
    hall, label = _desk(request)
    q = request.GET.get("q", "").strip()[:50]
    results = find_items(ItemFilters(q=q, audience=Audience.PERSON))[:MAX_RESULTS] if q else []
    return render(request, "window/desk.html", {
        "person": person, "how": how, "hall": hall, "window_label": label, "halls": Hall.objects.order_by("sort_order", "name"),
        "q": q, "results": results, "error": error, "profile": staff_profile(request.user),
    }, status=400 if error else 200)


def _counter_context(item, person, *, values=None, errors=None, states=None, key=None, prefill_token="",
                     clerk=None) -> dict:
    applicant = cases.Applicant(person.user, person)
    schema = case_forms.schema_for(item)
    sources = {}
    if values is None:
        prefilled = cases.prefill_for(item, applicant, staff_user=clerk)
        values, sources, prefill_token = prefilled.values, prefilled.sources, cases.sign_prefill(prefilled)
    else:
        sources = cases.prefilled_sources(prefill_token, values)
    return {
        "item": item, "person": person, "fields": case_forms.fields(schema), "values": values, "sources": sources,
        "errors": errors or {}, "prefill_token": prefill_token, "states": states or {},
        "checklist": services.checklist(item, applicant), "consent_terms": cases.case_consent_terms(),
        "idempotency_key": key or secrets.token_urlsafe(16), "reasons": services.REFUSAL_REASONS,
        "mobile": values.get("visitor_mobile") or person.mobile or person.user.mobile or "",
        "working_days": services.working_days(item),
    }


@window_staff
def counter(request, code: str):
    item = get_object_or_404(ServiceItem.objects.select_related("department"), code=code,
                             status=ItemStatus.PUBLISHED, for_person=True)
    person, _ = visitor.current(request)
    if person is None:
        messages.error(request, "请先核验办事人身份（核对身份证原件或扫描其电子证照二维码）")
        return redirect("window:desk")
    hall, label = _desk(request)
    if not label:
        messages.error(request, "请先选择您所在的服务大厅并填写窗口号")
        return redirect("window:desk")
    if request.method == "POST":
        states = {int(k[6:]): v for k, v in request.POST.items() if k.startswith("check_") and k[6:].isdigit()}
        req = services.CounterRequest(
            item=item, person=person, clerk=request.user, form=request.POST, materials=states,
            idempotency_key=request.POST.get("idempotency_key", ""), mobile=request.POST.get("visitor_mobile", ""),
            hall=hall, window_label=label, progress_url=_progress_url(request))
        try:
            if request.POST.get("decision") == "refuse":
                reception = services.refuse(req, request.POST.get("reason_code", ""), request.POST.get("reason_text", ""))
            else:
                reception = services.accept(req)
        except services.CaseError as exc:
            context = _counter_context(item, person, values=request.POST, errors=exc.errors, states=states,
                                       key=request.POST.get("idempotency_key"),
                                       prefill_token=request.POST.get("prefill_token", ""))
            context |= {"error_message": exc.message, "refusing": request.POST.get("decision") == "refuse",
                        "reason_code": request.POST.get("reason_code", ""),
                        "reason_text": request.POST.get("reason_text", "")}
            return render(request, "window/counter.html", context, status=400)
        visitor.forget(request)
        return redirect("window:receipt", number=reception.case.number)
    profile = staff_profile(request.user)
    # Pre-filling the visitor's form reads their data on their behalf: recorded like any staff read.
    audit.append_records([audit.data_read_record(
        source_code="profile", source_name="实名信息", actor=f"{profile.department.name} {profile.name}",
        purpose=f"综合窗口受理“{item.name}”", outcome="ok", holder_person_id=person.pk, actor_user=request.user,
        actor_department=profile.department, service_item_code=item.code,
    )])
    return render(request, "window/counter.html", _counter_context(item, person, clerk=request.user))


def _own_reception(request, number: str) -> Reception:
    reception = (Reception.objects.select_related("case__item", "case__department", "hall", "clerk_department")
                 .filter(case__number=number, clerk=request.user).first())
    if reception is None:
        raise Http404  # another clerk's receipt is theirs to print
    return reception


@window_staff
def receipt(request, number: str):
    reception = _own_reception(request, number)
    context = receipts.document_context(reception, _progress_url(request))
    return render(request, "window/receipt.html", context | {"case": reception.case})


@window_staff
def receipt_pdf(request, number: str):
    reception = _own_reception(request, number)
    pdf = receipts.render_pdf(reception, _progress_url(request))
    kind = "receipt" if reception.outcome == Reception.Outcome.ACCEPTED else "refusal-notice"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{kind}-{number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@window_staff
def queue(request):
    status = request.GET.get("status", "")
    filters = services.QueueFilters(status=status if status in Status.values else "",
                                    since=_date(request.GET.get("since", "")), until=_date(request.GET.get("until", "")))
    rows = services.clerk_queue(request.user, filters)
    return render(request, "window/queue.html", {
        "rows": rows, "filters": filters, "statuses": [(s, Status(s).label) for s in workflow.OPEN]
        + [(s, Status(s).label) for s in (Status.COMPLETED, Status.REFUSED, Status.NOT_APPROVED, Status.WITHDRAWN)],
        "overdue_count": sum(1 for r in rows if r.overdue),
    })
