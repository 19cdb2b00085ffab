"""Kiosk pages: home, enrolment of a terminal, the start-up steps, 办件进度, the account check
after login, 退出 and the keep-alive of 继续办理."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from onestop.cases.models import Case

from . import devices, sessions
from .login import mask_name
from .sessions import kiosk_login_required, kiosk_required

# 企业开办 at the kiosk, one screen per step (views_startup).
STARTUP_STEPS = [
    ("名称申报", "输入拟用的企业名称，系统即时比对是否重名、是否含禁用字词，确认后保留两个月"),
    ("企业信息", "企业类型、注册资本、住所和经营范围"),
    ("股东和人员", "股东的出资，以及执行董事、经理、监事"),
    ("并联事项", "银行开户预约、公章刻制、税务登记、社保和住房公积金，与执照同时办理"),
    ("核对并提交", "核对全部信息，一次提交"),
    ("办理进度", "各事项并联办理，进度在屏幕上实时更新"),
    ("领取执照", "营业执照核发后，在本机打印纸质执照"),
]


def next_url(request, default: str) -> str:
    """Only kiosk pages of this site: a link can never send the kiosk elsewhere."""
    target = request.POST.get("next") or request.GET.get("next") or default
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}) and target.startswith("/kiosk/")
    return target if safe else default


@kiosk_required
def home(request):
    return render(request, "kiosk/home.html", {"said_goodbye": request.GET.get("bye") == "1"})


def enrol(request, code: str):
    """The administrator's one-time link, opened on the terminal: GET names the terminal, POST
    (a tap on the terminal, not a link preview) enrols this browser."""
    kiosk = devices.pending_enrolment(code)
    if request.method == "POST" and kiosk is not None:
        try:
            kiosk, secret = devices.enrol(code)
        except devices.EnrolmentError as error:
            return render(request, "kiosk/enrol.html", {"error": error.message}, status=400)
        sessions.end(request)
        response = redirect("kiosk:home")
        devices.set_device_cookie(response, kiosk, secret)
        return response
    if kiosk is None:
        return render(request, "kiosk/enrol.html", {"error": "登记链接无效、已过期或已被使用，请联系管理员重新生成。"},
                      status=404)
    return render(request, "kiosk/enrol.html", {"pending": kiosk})


@kiosk_required
def startup(request):
    return render(request, "kiosk/startup.html", {"steps": STARTUP_STEPS})


@kiosk_login_required
def my_cases(request):
    cases = Case.objects.filter(applicant_user=request.user).select_related("item").order_by("-submitted_at")[:20]
    return render(request, "kiosk/cases.html", {"cases": cases})


@kiosk_required
def welcome(request):
    """Whose account the kiosk is now logged in to, before anything is shown or done: after a QR
    login it is the account of whoever confirmed on their phone, which may not be the person here."""
    if not request.user.is_authenticated:
        return redirect("kiosk:login")
    target = next_url(request, reverse("kiosk:home"))
    if request.method == "POST":
        request.session[sessions.ACKNOWLEDGED] = True
        return redirect(target)
    person = request.user.person
    flow = request.session.get(sessions.FLOW, "qr")
    context = {"masked_name": mask_name(person.name), "masked_id": person.id_masked, "next": target,
               "flow": flow, "step": 3 if flow == "qr" else 4}
    return render(request, "kiosk/welcome.html", context)


@require_POST
@kiosk_required
def logout_view(request):
    sessions.end(request)
    return redirect(reverse("kiosk:home") + "?bye=1")


@require_POST
@kiosk_required
def keepalive(request):
    """继续办理: a request, so the server's idle clock (core.session_lifetime) starts again."""
    return HttpResponse(status=204)
