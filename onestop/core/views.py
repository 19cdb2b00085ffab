from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .context_processors import ELDERLY_COOKIE
from .problems import problem


@require_POST
def toggle_elderly_mode(request):
    """Switch the elderly-friendly mode (larger type, high contrast) and go back to the page."""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.COOKIES.get(ELDERLY_COOKIE) == "1":
        response.delete_cookie(ELDERLY_COOKIE)
    else:
        response.set_cookie(ELDERLY_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def _wants_problem(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    if _wants_problem(request):
        return problem(404, "not_found", "未找到", "请求的资源不存在。")
    return render(request, "core/404.html", status=404)


def permission_denied(request, exception=None):
    if _wants_problem(request):
        return problem(403, "forbidden", "无权访问")
    message = str(exception) if exception and str(exception) else ""
    is_staff = getattr(request.user, "is_authenticated", False) and request.user.kind == "staff"
    return render(request, "core/403.html", {"exception": message, "is_staff": is_staff}, status=403)


def server_error(request):
    if _wants_problem(request):
        return problem(500, "server_error", "服务器内部错误", "请稍后再试。")
    return render(request, "core/500.html", status=500)


def bad_request(request, exception=None):
    if _wants_problem(request):
        return problem(400, "bad_request", "请求有误")
    return render(request, "core/400.html", status=400)


def health(request):
    """200 while the database answers; `warnings` name what an operator should fix soon (e.g. next year's calendar)."""
    from django.db import connection
    from django.http import JsonResponse
    from django.utils import timezone

    from .workdays import calendar_warnings

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "warnings": calendar_warnings(timezone.localdate())})



def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page links: send them to the icon."""
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("core/favicon.svg"))
