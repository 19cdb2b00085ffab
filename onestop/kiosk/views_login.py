"""On-screen login at the kiosk: 扫码登录 (QR confirmed on the citizen's phone, polled with htmx) and
身份证 + 短信验证码 (typed on the on-screen keypad). Both end in sessions.start()."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from onestop.accounts.permissions import is_citizen, verified_person
from onestop.certs import qr
from onestop.core import protection

from . import login, sessions
from .sessions import kiosk_required
from .views import next_url

PENDING_QR = "kiosk_pending_qr"
PENDING_ID = "kiosk_pending_id_login"
NEXT = "kiosk_login_next"


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _after_login(request):
    target = request.session.get(NEXT) or reverse("kiosk:home")
    return reverse("kiosk:welcome") + "?" + urlencode({"next": target})


def _status_for(error: login.KioskLoginError) -> int:
    return 429 if error.code in {"locked", "otp_too_soon", "otp_rate_limited"} else 400


@kiosk_required
def choose(request):
    if request.user.is_authenticated:
        return redirect(next_url(request, reverse("kiosk:home")))
    request.session[NEXT] = next_url(request, reverse("kiosk:home"))
    return render(request, "kiosk/login_choose.html")


@kiosk_required
def qr_login(request):
    """A new one-time QR for this kiosk; the page polls qr_status until a phone confirms."""
    if request.user.is_authenticated:
        return redirect("kiosk:home")
    token, row = login.create_qr_token(request.kiosk)
    request.session[PENDING_QR] = row.pk
    url = request.build_absolute_uri(reverse("kiosk:phone-confirm", args=[token]))
    png = qr.make_png(url, scale=8)
    context = {"qr_data_url": "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
               "minutes": int(login.QR_TTL.total_seconds() // 60)}
    return render(request, "kiosk/login_qr.html", context)


@kiosk_required
def qr_status(request):
    """The poll: waiting, expired, or logged in (then htmx follows HX-Redirect to the account check)."""
    token_id = request.session.get(PENDING_QR)
    if token_id is None:
        return render(request, "kiosk/_qr_status.html", {"error": "二维码已失效，请刷新后重新扫码。"})
    try:
        user = login.pick_up_qr_login(request.kiosk, token_id)
    except login.KioskLoginError as error:
        request.session.pop(PENDING_QR, None)
        return render(request, "kiosk/_qr_status.html", {"error": error.message})
    if user is None:
        return render(request, "kiosk/_qr_status.html", {"waiting": True})
    target = _after_login(request)
    sessions.start(request, request.kiosk, user, "qr")
    response = HttpResponse(status=204)
    response["HX-Redirect"] = target
    return response


def phone_confirm(request, token: str):
    """On the citizen's phone, logged in on the portal: which kiosk asks, and 在自助终端登录."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    pending = login.open_qr_token(token)
    context = {"pending": pending, "token": token}
    if not is_citizen(request.user) or verified_person(request.user) is None:
        context["error"] = "您的账号尚未完成实名核验，不能在自助终端登录。"
        return render(request, "kiosk/phone_confirm.html", context, status=403)
    context["masked_name"] = login.mask_name(request.user.person.name)
    if request.method == "POST":
        try:
            confirmed = login.confirm_qr_token(token, request.user)
        except login.KioskLoginError as error:
            context.update(error=error.message, pending=None)
            return render(request, "kiosk/phone_confirm.html", context, status=409)
        return render(request, "kiosk/phone_confirm.html", context | {"confirmed": confirmed})
    if pending is None:
        context["error"] = "二维码已失效或已被使用，请在自助终端上点击“刷新二维码”后重新扫码。"
        return render(request, "kiosk/phone_confirm.html", context, status=404)
    return render(request, "kiosk/phone_confirm.html", context)


@kiosk_required
def id_login(request):
    """Step 1: the ID number, from the keypad (or a card reader filling the same field)."""
    if request.user.is_authenticated:
        return redirect("kiosk:home")
    context, status = {"id_number": ""}, 200
    if request.method == "POST":
        id_number = request.POST.get("id_number", "")[:30]
        try:
            mobile, _ = login.start_id_login(request.kiosk, id_number, _client_ip(request))
        except login.KioskLoginError as error:
            context.update(id_number=id_number, error=error.message)
            status = _status_for(error)
        else:
            clean = login.clean_id_number(id_number)
            # Waits in the session encrypted, never in clear (the session table is a database table).
            request.session[PENDING_ID] = {"id": protection.encrypt(clean), "mobile": protection.encrypt(mobile)}
            return redirect("kiosk:id-code")
    return render(request, "kiosk/login_id.html", context, status=status)


@kiosk_required
def id_code(request):
    """Step 2: the six-digit code sent to the account's mobile (shown masked, now that it is sent)."""
    pending = request.session.get(PENDING_ID)
    if request.user.is_authenticated or not pending:
        return redirect("kiosk:id-login")
    id_number, mobile = protection.decrypt(pending["id"]), protection.decrypt(pending["mobile"])
    context, status = {"masked_mobile": protection.mask_mobile(mobile)}, 200
    if request.method == "POST" and request.POST.get("action") == "resend":
        try:
            login.start_id_login(request.kiosk, id_number, _client_ip(request))
        except login.KioskLoginError as error:
            context["error"], status = error.message, _status_for(error)
        else:
            context["notice"] = "验证码已重新发送。"
    elif request.method == "POST":
        try:
            user = login.finish_id_login(request.kiosk, id_number, mobile, request.POST.get("code", "")[:10])
        except login.KioskLoginError as error:
            context["error"], status = error.message, _status_for(error)
        else:
            target = _after_login(request)
            sessions.start(request, request.kiosk, user, "id")
            return redirect(target)
    return render(request, "kiosk/login_code.html", context, status=status)
