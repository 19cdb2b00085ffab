"""How long a signed-in session lasts (README "Sessions"): it ends after a spell without any request
(idle timeout) and, however active, a fixed time after sign-in (absolute lifetime). Staff, who see
other people's data, and citizens have their own limits in settings; a session on a hall's
self-service kiosk (channel "kiosk", set by onestop.kiosk) has the shortest, so that a kiosk left
with its page closed cannot be resumed by the next person."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

STARTED, SEEN, CHANNEL = "_onestop_started", "_onestop_seen", "_onestop_channel"
KIOSK_CHANNEL = "kiosk"
# The last-seen stamp is written at most this often, not on every request (kiosks: every request,
# their idle limit is a few minutes).
SEEN_RESOLUTION_SECONDS = 60


def limits_for(user, session=None) -> tuple[int, int]:
    """(idle seconds, absolute seconds) for this user, in this session."""
    if session is not None and session.get(CHANNEL) == KIOSK_CHANNEL:
        return settings.ONESTOP_KIOSK_IDLE_SECONDS, settings.ONESTOP_KIOSK_MAX_SECONDS
    if getattr(user, "kind", "") == "citizen" and not user.is_staff:
        return settings.ONESTOP_CITIZEN_IDLE_SECONDS, settings.ONESTOP_CITIZEN_MAX_SECONDS
    return settings.ONESTOP_STAFF_IDLE_SECONDS, settings.ONESTOP_STAFF_MAX_SECONDS


@receiver(user_logged_in)
def _stamp_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = request.session[SEEN] = now


def expired(session, user, now: float) -> str:
    """Why the session is over ("idle", "max"), or "" while it lasts."""
    idle, absolute = limits_for(user, session)
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is not None and now - started > absolute:
        return "max"
    if seen is not None and now - seen > idle:
        return "idle"
    return ""


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            reason = expired(request.session, user, now)
            if reason:
                logout(request)
                messages.info(request, "您已长时间未操作，为保护您的信息安全，请重新登录。" if reason == "idle"
                              else "登录已超过有效时长，为保护您的信息安全，请重新登录。")
            else:
                request.session.setdefault(STARTED, now)  # a session from before this check existed
                kiosk = request.session.get(CHANNEL) == KIOSK_CHANNEL
                if kiosk or now - request.session.get(SEEN, 0) >= SEEN_RESOLUTION_SECONDS:
                    request.session[SEEN] = now
        return self.get_response(request)
