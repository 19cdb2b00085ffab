"""企业开办 at the kiosk, one step per screen: 1 名称申报, 2 企业信息, 3 股东和人员, 4 并联事项,
5 核对并提交, 6 办理进度, 7 领取执照. The checks are the portal's (business.services,
business.startup.form); the draft is kept in the kiosk session (startup_draft)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from onestop.accounts.permissions import verified_person
from onestop.business import services as names
from onestop.business.api import MAX_NAME
from onestop.business.startup.form import APPOINTMENT_MAX_DAYS, usable_reservations
from onestop.business.startup.services import StartupError, case_for_key, process_for, submit_startup
from onestop.cases.models import Case, Channel
from onestop.core import workdays
from onestop.processes import services as processes
from onestop.processes.models import ProcessState

from . import printing, startup_draft
from .sessions import kiosk_login_required
from .startup_summary import summary
from .views_print import print_screen

SCREEN_URLS = {startup_draft.NAME: "kiosk:startup-name", startup_draft.COMPANY: "kiosk:startup-company",
               startup_draft.MEMBERS: "kiosk:startup-members", startup_draft.BRANCHES: "kiosk:startup-branches",
               startup_draft.REVIEW: "kiosk:startup-review"}
SCREEN_TEMPLATES = {startup_draft.COMPANY: "kiosk/startup/company.html",
                    startup_draft.MEMBERS: "kiosk/startup/members.html",
                    startup_draft.BRANCHES: "kiosk/startup/branches.html"}
PART_FIELDS = (("region", "行政区划"), ("trade_name", "字号"), ("industry", "行业或经营特点"), ("form", "组织形式"))
PART_LIMIT = 40
REFRESH_SECONDS = 3
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def _refuse_skipping(request, checked, screen: int):
    """A screen whose earlier steps are not done yet: back to the first one that is not."""
    if checked.first_open >= screen:
        return None
    messages.info(request, "请先完成前面的步骤，再继续办理。")
    return redirect(SCREEN_URLS[checked.first_open])


def _name_input_problem(name: str) -> str:
    if not name:
        return "请输入拟申报的企业名称，如“珠海市斗门区华澜餐饮有限公司”。"
    if len(name) > MAX_NAME:
        return f"名称过长：现为 {len(name)} 个字符，企业名称不超过 {MAX_NAME} 个字符，请删减后再查询。"
    return ""


def _corrected_parts(post, name: str) -> dict | None:
    if post.get("parts_for") != name:
        return None  # parts shown for another name: read the new name afresh
    parts = {key: post.get(f"part_{key}", "").strip()[:PART_LIMIT] for key, _ in PART_FIELDS}
    return parts if any(parts.values()) else None


@kiosk_login_required
def name_screen(request):
    """Check a name (parts shown and correctable), accept its warnings, reserve it; or go on with
    a name reserved before."""
    kept = usable_reservations(request.user)
    context = {"kept": kept, "part_fields": PART_FIELDS, "max_name": MAX_NAME, "step": startup_draft.NAME}
    if request.method != "POST":
        return render(request, "kiosk/startup/name.html", context)
    action = request.POST.get("action", "")
    if action == "use":
        chosen = kept.filter(pk=request.POST.get("reservation") or 0).first()
        if chosen is None:
            context["problem"] = "该名称不在您的保留名称中，或已过保留期、已被使用，请重新选择。"
            return render(request, "kiosk/startup/name.html", context, status=400)
        startup_draft.set_reservation(request.session, chosen.pk)
        return redirect("kiosk:startup-company")
    name = request.POST.get("name", "").strip()
    context["name"] = name
    problem = _name_input_problem(name)
    if problem:
        context["problem"] = problem
        return render(request, "kiosk/startup/name.html", context, status=400)
    parts = _corrected_parts(request.POST, name)
    verdict = names.check_name(name, parts)
    context.update(verdict=verdict, parts_for=name)
    if action == "reserve":
        accepted = all(request.POST.get(f"accept_{i}") for i, r in enumerate(verdict.reasons)
                       if r.severity == "warning")
        try:
            reservation = names.reserve_name(request.user, name, parts, accept_warnings=accepted)
        except names.NameNotAvailable as refused:
            context.update(verdict=refused.verdict, refusal=refused.message)
            return render(request, "kiosk/startup/name.html", context, status=409)
        startup_draft.set_reservation(request.session, reservation.pk)
        messages.success(request, f"名称“{reservation.entry.name}”已申报保留，保留至"
                                  f"{reservation.expires_on:%Y年%m月%d日}。")
        return redirect("kiosk:startup-company")
    return render(request, "kiosk/startup/name.html", context)


def appointment_days(count: int = 10) -> list[tuple[str, str]]:
    """The next working days the form accepts for the bank appointment, as tiles to tap."""
    today = timezone.localdate()
    days = (today + dt.timedelta(days=n) for n in range(1, APPOINTMENT_MAX_DAYS + 1))
    working = [d for d in days if workdays.is_working_day(d)][:count]
    return [(d.isoformat(), f"{d.month}月{d.day}日 {WEEKDAYS[d.weekday()]}") for d in working]


def _form_screen(request, screen: int):
    """企业信息, 股东和人员, 并联事项: the screen's fields of the portal form, kept in the draft."""
    founder = verified_person(request.user)
    draft = startup_draft.load(request.session)
    checked = startup_draft.check(draft, user=request.user, founder=founder)
    refused = _refuse_skipping(request, checked, screen)
    if refused:
        return refused
    status = 200
    if request.method == "POST":
        startup_draft.store_screen(request.session, screen, request.POST)
        if request.POST.get("go") == "back":
            return redirect(SCREEN_URLS[screen - 1])
        checked = startup_draft.check(draft, user=request.user, founder=founder)
        if not checked.errors_on(screen):
            return redirect(SCREEN_URLS[screen + 1])
        status = 400
        form, members = checked.form, checked.members
    elif startup_draft.has_screen(draft, screen):
        form, members = checked.form, checked.members  # what was typed before, as it was typed
    else:
        form, members = startup_draft.blank_forms(founder, request.user)
    if screen == startup_draft.BRANCHES:
        form.fields["bank_appointment"].choices = appointment_days()
    context = {"form": form, "members": members, "step": screen, "back": SCREEN_URLS[screen - 1],
               "reservation": checked.form.cleaned_data.get("reservation"), "invalid": status == 400}
    return render(request, SCREEN_TEMPLATES[screen], context, status=status)


@kiosk_login_required
def company_screen(request):
    return _form_screen(request, startup_draft.COMPANY)


@kiosk_login_required
def members_screen(request):
    return _form_screen(request, startup_draft.MEMBERS)


@kiosk_login_required
def branches_screen(request):
    return _form_screen(request, startup_draft.BRANCHES)


@kiosk_login_required
def review_screen(request):
    """Everything on one screen; 提交 binds the whole draft again and submits it as the portal does."""
    resent = case_for_key(request.user, request.POST.get("idempotency_key", "")) if request.method == "POST" else None
    if resent is not None:  # a second tap on 提交: the case the first one made
        return redirect("kiosk:startup-case", number=resent.number)
    founder = verified_person(request.user)
    draft = startup_draft.load(request.session)
    checked = startup_draft.check(draft, user=request.user, founder=founder)
    refused = _refuse_skipping(request, checked, startup_draft.REVIEW)
    if refused:
        return refused
    context = {"summary": summary(checked.form, checked.members), "key": draft["key"],
               "step": startup_draft.REVIEW}
    if request.method == "POST":
        form, members = startup_draft.final_forms(draft, user=request.user, founder=founder)
        members_ok = members.is_valid()
        if not (form.is_valid() and members_ok):
            context["error"] = "申请信息有误，请返回相应步骤修改后再提交。"
            return render(request, "kiosk/startup/review.html", context, status=400)
        try:
            case = submit_startup(request.user, form.startup_data(members.members()), draft["key"],
                                  channel=Channel.KIOSK)
        except StartupError as error:
            context["error"] = error.message
            return render(request, "kiosk/startup/review.html", context, status=409)
        startup_draft.discard(request.session)
        return redirect("kiosk:startup-case", number=case.number)
    return render(request, "kiosk/startup/review.html", context)


def _own_startup_case(user, number: str) -> Case:
    case = Case.objects.select_related("item", "startup__company", "startup__licence__cert_type").filter(
        number=number, applicant_user=user, startup__isnull=False).first()
    if case is None:
        raise Http404  # someone else's case: not even whether it exists
    return case


def _progress_context(case: Case) -> dict:
    process = process_for(case)
    _, branches = processes.timeline(process) if process else ([], [])
    running = process is not None and process.state == ProcessState.RUNNING
    return {"case": case, "app": case.startup, "process": process, "branches": branches,
            "refresh": REFRESH_SECONDS if running else None, "step": startup_draft.PROGRESS}


@kiosk_login_required
def case_screen(request, number: str):
    """办理进度: the branches as they run; the list below refreshes itself (htmx) until they end."""
    context = _progress_context(_own_startup_case(request.user, number))
    template = "kiosk/startup/_progress.html" if request.htmx else "kiosk/startup/progress.html"
    return render(request, template, context)


@kiosk_login_required
def licence_screen(request, number: str):
    """领取执照: the licence on the kiosk's own print page, each print recorded."""
    case = _own_startup_case(request.user, number)
    licence = case.startup.licence
    certificate = printing.own_certificate(request.user, licence.pk) if licence else None
    if certificate is None:
        messages.info(request, "营业执照尚未核发，请稍候。")
        return redirect("kiosk:startup-case", number=case.number)
    back = reverse("kiosk:startup-case", args=[case.number])
    return print_screen(request, certificate, {"startup_case": case, "back": back})
