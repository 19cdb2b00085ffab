"""Citizens' pages: submit (logged in, or anonymous with a mobile verified by SMS code), their own
reports (reply, rating, reopen once), and the public list of replied reports with personal data masked."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from onestop.accounts import permissions
from onestop.cases import material_files

from . import presentation, services
from .models import Category, Report, ReportPhoto
from .services import Actor, ComplaintError
from .similar import find_similar

SESSION_MOBILE = "complaint_verified_mobile"


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _citizen(request):
    """(user, verified mobile): a citizen's account, or the mobile this session verified by code."""
    user = request.user if permissions.is_citizen(request.user) else None
    mobile = request.session.get(SESSION_MOBILE, "")
    if user is not None and not mobile:
        mobile = user.mobile or ""
    return user, mobile


def _actor(user, mobile: str) -> Actor:
    if user is not None:
        return Actor(f"市民账号 {user.username}", user)
    return Actor(f"市民（手机尾号{mobile[-4:]}）")


def _verify_step(request, errors: dict) -> str | None:
    """Handles the two anonymous verification buttons; returns the mobile the code went to."""
    action = request.POST.get("action")
    mobile = request.POST.get("mobile", "")
    try:
        if action == "send_code":
            sent = services.send_code(mobile, _ip(request))
            messages.info(request, f"验证码已发送至 {sent[:3]}****{sent[-4:]}，5 分钟内有效。")
            return sent
        if action == "verify_code":
            request.session[SESSION_MOBILE] = services.verify_code(mobile, request.POST.get("code", ""))
            request.session.cycle_key()
            messages.success(request, "手机号码已验证。")
    except ComplaintError as exc:
        errors[exc.field or "mobile"] = exc.message
    return mobile or None


@require_http_methods(["GET", "POST"])
def submit(request):
    user, mobile = _citizen(request)
    if request.user.is_authenticated and user is None:
        return render(request, "complaints/staff_not_citizen.html", status=403)
    errors: dict[str, str] = {}
    # A guide's 咨询 link names the kind and the item (?kind=consultation&title=…): the form starts from them.
    data = request.POST if request.method == "POST" else {k: request.GET[k][:60] for k in ("kind", "title") if k in request.GET}
    code_sent_to = None
    action = data.get("action", "")
    if action in ("send_code", "verify_code"):
        code_sent_to = _verify_step(request, errors)
        user, mobile = _citizen(request)
    context = {"data": data, "errors": errors, "verified": bool(user or mobile), "user_citizen": user,
               "mobile_masked": f"{mobile[:3]}****{mobile[-4:]}" if mobile else "", "code_sent_to": code_sent_to,
               "kinds": Report.Kind.choices, "groups": presentation.category_groups(), "stage": "write"}
    if action in ("check", "submit") and context["verified"]:
        title, text = data.get("title", ""), data.get("description", "")
        suggested = services.suggest_category(title, text)
        context["suggested"] = suggested
        chosen = _chosen_category(data.get("category"), suggested)
        context["chosen"] = chosen
        try:
            lat, lon = services.parse_point(data.get("latitude"), data.get("longitude"))
        except ComplaintError as exc:
            errors[exc.field] = exc.message
            lat = lon = None
        context["similar"] = find_similar(title, text, None if lat is None else float(lat),
                                          None if lon is None else float(lon), chosen)
        context["stage"] = "confirm"
        if action == "submit" and not errors:
            try:
                report = services.submit_report(
                    kind=data.get("kind", ""), category=chosen, title=title, description=text,
                    actor=_actor(user, mobile), user=user, mobile=mobile, contact_name=data.get("contact_name", ""),
                    latitude=data.get("latitude"), longitude=data.get("longitude"), address=data.get("address", ""),
                    public=data.get("public") == "1", uploads=request.FILES.getlist("photos"), suggested=suggested)
            except ComplaintError as exc:
                errors[exc.field or "form"] = exc.message
            else:
                messages.success(request, f"提交成功，编号 {report.number}。{report.department.name}将于"
                                          f"{report.due_date:%Y年%m月%d日}前答复。")
                return redirect("complaints:detail", number=report.number)
    status = 422 if errors and request.method == "POST" else 200
    return render(request, "complaints/submit.html", context, status=status)


def _chosen_category(code: str | None, suggested: Category | None) -> Category | None:
    if code:
        found = Category.objects.filter(code=str(code)[:8]).select_related("department", "parent").first()
        if found is not None:
            return found
    return suggested


def _own_report(request, number: str) -> Report:
    report = get_object_or_404(Report.objects.select_related("category", "department"), number=number)
    user, mobile = _citizen(request)
    if not services.can_act_as_citizen(report, user, mobile):
        raise Http404
    return report


@require_http_methods(["GET", "POST"])
def mine(request):
    """The citizen's reports; an anonymous citizen verifies the mobile first."""
    errors: dict[str, str] = {}
    code_sent_to = None
    if request.method == "POST":
        code_sent_to = _verify_step(request, errors)
    user, mobile = _citizen(request)
    reports = Report.objects.none()
    if user is not None:
        reports = Report.objects.filter(user=user)
    elif mobile:
        reports = Report.objects.filter(user__isnull=True, mobile=mobile)
    return render(request, "complaints/mine.html", {
        "reports": reports.select_related("department", "category")[:100], "verified": bool(user or mobile),
        "errors": errors, "code_sent_to": code_sent_to, "data": request.POST})


@require_http_methods(["GET", "POST"])
def detail(request, number: str):
    report = _own_report(request, number)
    user, mobile = _citizen(request)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            services.rate(report, rating=request.POST.get("rating"), resolved=request.POST.get("resolved") == "yes",
                          comment=request.POST.get("comment", ""), actor=_actor(user, mobile))
        except ComplaintError as exc:
            errors[exc.field or "form"] = exc.message
        else:
            messages.success(request, "感谢您的评价。")
            return redirect("complaints:detail", number=number)
    report.refresh_from_db()
    return render(request, "complaints/detail.html", {
        "report": report, "events": report.events.select_related("to_department"), "errors": errors,
        "photos": report.photos.all(), "rating_choices": presentation.RATINGS}, status=422 if errors else 200)


def public_list(request):
    rows = Report.objects.filter(public=True, status__in=[Report.Status.REPLIED, Report.Status.CLOSED])
    first = request.GET.get("category", "")
    if first:
        rows = rows.filter(category__code__startswith=first[:2])
    page = Paginator(rows.select_related("department", "category").order_by("-replied_at"), 20).get_page(
        request.GET.get("page"))
    return render(request, "complaints/public_list.html", {
        "page": page, "items": [presentation.public_view(r) for r in page], "firsts": Category.objects.filter(level=1),
        "first": first[:2]})


def public_detail(request, number: str):
    report = get_object_or_404(Report.objects.select_related("department", "category"), number=number, public=True,
                               status__in=[Report.Status.REPLIED, Report.Status.CLOSED])
    return render(request, "complaints/public_detail.html", {"item": presentation.public_view(report)})


def photo(request, token: str):
    """A photo: for the citizen who filed it and for staff of the department that has it."""
    row = get_object_or_404(ReportPhoto.objects.select_related("report"), token=token)
    user, mobile = _citizen(request)
    profile = permissions.staff_profile(request.user)
    allowed = services.can_act_as_citizen(row.report, user, mobile) or (
        profile is not None and permissions.can_handle_cases(request.user) and profile.department_id == row.report.department_id)
    if not allowed:
        raise Http404
    response = HttpResponse(material_files.read(row), content_type=row.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
