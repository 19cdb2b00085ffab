"""Registration and login pages (citizens: real name + SMS code; staff: password)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from onestop.core import protection

from . import identity, login_policy, oidc, services
from .forms import CodeForm, MobileForm, RegisterForm, StaffLoginForm
from .permissions import verified_person

PENDING = "pending_registration"
PENDING_LOGIN = "pending_login_mobile"


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _next_url(request, default: str = "/my/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else default


def _add_error(form, error: services.AccountError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            carrier_result = services.start_registration(data["name"], data["id_number"], data["mobile"],
                                                         _client_ip(request))
        except services.AccountError as error:
            _add_error(form, error)
        else:
            # The ID number waits in the session encrypted, never in clear.
            request.session[PENDING] = {
                "name": data["name"],
                "id_number": protection.encrypt(data["id_number"].strip().upper()),
                "mobile": services.normalise_mobile(data["mobile"]),
                "carrier_consistent": carrier_result == "consistent",
            }
            return redirect("accounts:register-verify")
    return render(request, "accounts/register.html", {"form": form}, status=400 if form.errors else 200)


def register_verify(request):
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("accounts:register")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.finish_registration(
                pending["name"], protection.decrypt(pending["id_number"]), pending["mobile"], form.cleaned_data["code"]
            )
        except services.AccountError as error:
            _add_error(form, error)
        else:
            del request.session[PENDING]
            login(request, user, backend=login_policy.BACKEND)
            if verified_person(user) is None:
                messages.warning(request, "注册成功。您的身份尚未核验，核验后方可查看证照、办理事项。")
                return redirect("accounts:unverified")
            messages.success(request, "注册成功，已为您登录。")
            return redirect("certs:wallet")
    context = {"form": form, "mobile": protection.mask_mobile(pending["mobile"]), "purpose": "register",
               "carrier_consistent": pending.get("carrier_consistent", True)}
    return render(request, "accounts/verify_code.html", context, status=400 if form.errors else 200)


def login_start(request):
    form = MobileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_login(form.cleaned_data["mobile"], _client_ip(request))
        except services.AccountError as error:
            _add_error(form, error)
        else:
            request.session[PENDING_LOGIN] = services.normalise_mobile(form.cleaned_data["mobile"])
            request.session["login_next"] = _next_url(request)
            return redirect("accounts:login-verify")
    context = {"form": form, "next": _next_url(request), "oidc_enabled": oidc.enabled(), "oidc_provider_name": oidc.provider_name()}
    return render(request, "accounts/login.html", context, status=400 if form.errors else 200)


def login_verify(request):
    mobile = request.session.get(PENDING_LOGIN)
    if not mobile:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.finish_login(mobile, form.cleaned_data["code"])
        except services.AccountError as error:
            _add_error(form, error)
        else:
            target = request.session.pop("login_next", "/my/")
            del request.session[PENDING_LOGIN]
            login(request, user, backend=login_policy.BACKEND)
            return redirect(target)
    context = {"form": form, "mobile": protection.mask_mobile(mobile), "purpose": "login"}
    return render(request, "accounts/verify_code.html", context, status=400 if form.errors else 200)


@require_POST
def resend_code(request):
    pending = request.session.get(PENDING)
    mobile = pending["mobile"] if pending else request.session.get(PENDING_LOGIN)
    if not mobile:
        return redirect("accounts:login")
    purpose = "register" if pending else "login"
    subject = f"{pending['name']}|{protection.decrypt(pending['id_number'])}" if pending else ""
    try:
        services.request_otp(mobile, purpose, _client_ip(request), subject=subject)
    except services.AccountError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "验证码已重新发送。")
    return redirect("accounts:register-verify" if pending else "accounts:login-verify")


class StaffLoginView(LoginView):
    """Password login for staff; the lockout is login_policy's, shared with the admin login."""

    template_name = "accounts/staff_login.html"
    authentication_form = StaffLoginForm
    redirect_authenticated_user = False

    def get_context_data(self, **kwargs):
        # LoginView names the site after the request's host ("127.0.0.1:18800"); the page says ours.
        return super().get_context_data(**kwargs) | {"site_name": settings.ONESTOP_SITE_NAME}

    def get_default_redirect_url(self):
        return "/console/"

    def form_invalid(self, form):
        locked = form.has_error("__all__", "locked")
        context = self.get_context_data(form=form, locked=locked)
        response = self.render_to_response(context, status=429 if locked else 400)
        if locked:
            response["Retry-After"] = str(self.request.login_retry_after)
        return response


def admin_login(request):
    """The admin site's own login page, answering a locked login as the staff login does: 429 with
    Retry-After, so that scripts and proxies see the lock and not a page that looks like success."""
    from django.contrib import admin

    # Django's LoginView names the site after the request's host ("127.0.0.1:18800") unless told.
    response = admin.site.login(request, extra_context={"site_name": settings.ONESTOP_SITE_NAME})
    wait = getattr(request, "login_retry_after", 0)
    if wait and request.method == "POST":
        response.status_code = 429
        response["Retry-After"] = str(wait)
    return response


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, "您已安全退出。")
    return redirect("portal:home")


def unverified(request):
    """What an account bound to nobody yet can do: verify at a window or by the provincial login."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if verified_person(request.user) is not None:
        return redirect("certs:wallet")
    context = {"claim": identity.pending_claim(request.user), "oidc_enabled": oidc.enabled(),
               "oidc_provider_name": oidc.provider_name()}
    return render(request, "accounts/unverified.html", context)
