"""办件进度查询 (public, no login): the form, and the case's status, steps and deadline only."""

from __future__ import annotations

from django.shortcuts import render

from onestop.accounts.login_policy import client_ip

from . import progress


def lookup(request):
    data = request.POST if request.method == "POST" else request.GET
    number, code = data.get("number", "").strip()[:40], data.get("code", "").strip()[:20]
    mobile = data.get("mobile", "").strip()[:20]
    result, error, status, retry_after = None, "", 200, 0
    if number or code or mobile:
        try:
            result = progress.lookup(number, mobile=mobile, code=code, client_ip=client_ip(request))
        except progress.LookupRefused as refused:
            error = refused.message
            status = 429 if refused.code == "rate_limited" else 400
            retry_after = refused.retry_after
    response = render(request, "window/progress.html", {
        "result": result, "error": error, "number": number, "by_code": bool(code) and not mobile, "code": code,
    }, status=status)
    response["Cache-Control"] = "private, no-store"
    # The code may be in the address (the receipt's QR): never sent to another site. (no-referrer would
    # make the browser send "Origin: null" with the form, which the CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    if status == 429:
        response["Retry-After"] = str(retry_after)
    return response
