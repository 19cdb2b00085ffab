"""The visitor at the counter, kept in the clerk's session for half an hour once identified: by a
valid scan of their certificate QR (console 扫码查验) or by their ID card's number at the window."""

from __future__ import annotations

import time

from onestop.accounts.models import Person

SESSION_KEY = "window_visitor"
TTL_SECONDS = 30 * 60
DESK_KEY = "window_desk"  # the clerk's hall and window for this session: {"hall": id, "label": "3号窗口"}


def remember(request, person: Person, how: str) -> None:
    request.session[SESSION_KEY] = {"person": person.pk, "at": time.time(), "how": how}


def remember_scan(request, verdict) -> None:
    """Called after a scan: a valid certificate of a person makes that person the visitor."""
    certificate = verdict.certificate
    if verdict.code == "valid" and certificate is not None and certificate.holder_person_id:
        remember(request, certificate.holder_person, f"扫描“{certificate.cert_type.name}”二维码")


def current(request) -> tuple[Person | None, str]:
    data = request.session.get(SESSION_KEY) or {}
    if not data or time.time() - data.get("at", 0) > TTL_SECONDS:
        return None, ""
    person = Person.objects.select_related("user").filter(pk=data["person"]).first()
    if person is None or person.user_id is None:
        return None, ""
    return person, data.get("how", "")


def forget(request) -> None:
    request.session.pop(SESSION_KEY, None)
