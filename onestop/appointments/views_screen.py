"""The hall screen (叫号屏): public, large type, refreshes itself every few seconds without JavaScript.

The refresh is the HTTP ``Refresh`` header, which browsers treat exactly as ``<meta http-equiv="refresh">``:
axe-core flags the meta element (WCAG 2.2.1, timing adjustable), but the screen is a real-time display
nobody operates (2.2.1's real-time exception), so the header keeps the page axe-clean."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from onestop.catalog.models import Hall

from . import queue

REFRESH_SECONDS = 5


def screen(request, code: str):
    hall = get_object_or_404(Hall, code=code)
    now = timezone.localtime()
    data = queue.screen(hall, now.date())
    latest = data["called"][0] if data["called"] else None
    response = render(request, "appointments/screen.html", {
        "hall": hall, "now": now, "latest": latest, "earlier": data["called"][1:], "waiting": data["waiting"],
    })
    response["Refresh"] = str(REFRESH_SECONDS)
    return response
