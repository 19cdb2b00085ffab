"""A kiosk session: a normal Django session for the real-name user, marked as channel "kiosk" (so
core.session_lifetime gives it the kiosk's short limits) and bound to the terminal it began on."""

from __future__ import annotations

from functools import wraps
from urllib.parse import quote

from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.urls import reverse

from onestop.accounts import login_policy
from onestop.core.session_lifetime import CHANNEL, KIOSK_CHANNEL

from .devices import kiosk_of
from .models import Kiosk

KIOSK_ID = "kiosk_id"
ACKNOWLEDGED = "kiosk_account_acknowledged"  # the person saw whose account it is and went on
FLOW = "kiosk_login_flow"  # "qr" or "id": which steps the indicator shows on the account check


def start(request, kiosk: Kiosk, user, flow: str) -> None:
    """Logs the user in on this kiosk. login() gives the session a new key (no fixation by a key
    planted before); whatever the anonymous session held (a pending QR, a typed ID) goes too."""
    request.session.flush()
    login(request, user, backend=login_policy.BACKEND)
    request.session[CHANNEL] = KIOSK_CHANNEL
    request.session[KIOSK_ID] = kiosk.pk
    request.session[ACKNOWLEDGED] = False
    request.session[FLOW] = flow


def end(request) -> None:
    """退出 / idle timeout: the session and everything in it is gone (logout flushes it)."""
    logout(request)


def is_kiosk_session(request, kiosk: Kiosk) -> bool:
    return (request.user.is_authenticated and request.session.get(CHANNEL) == KIOSK_CHANNEL
            and request.session.get(KIOSK_ID) == kiosk.pk)


def kiosk_required(view):
    """Runs the view only in an enrolled kiosk's browser (request.kiosk); a session that is not
    this kiosk's (a portal login in the same browser, another terminal's) is ended first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        kiosk = kiosk_of(request)
        if kiosk is None:
            return render(request, "kiosk/not_a_kiosk.html", status=403)
        if request.user.is_authenticated and not is_kiosk_session(request, kiosk):
            end(request)
        request.kiosk = kiosk
        return view(request, *args, **kwargs)

    return wrapper


def kiosk_login_required(view):
    """kiosk_required, plus a kiosk session whose holder has seen whose account is logged in."""

    @wraps(view)
    @kiosk_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(reverse("kiosk:login") + "?next=" + quote(request.get_full_path()))
        if not request.session.get(ACKNOWLEDGED):
            return redirect(reverse("kiosk:welcome") + "?next=" + quote(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper
