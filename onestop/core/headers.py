"""Response headers that every page and API answer gets, set in one place.

- Content-Security-Policy: scripts only from this site's own static files (no inline scripts, no
  eval), no plug-ins, no framing. Style *attributes* stay allowed (style-src-attr): the Django admin,
  Swagger UI and ECharts set them; <style> elements do not.
- Cache-Control: private, no-store on everything that belongs to one person: pages under /my/,
  /console/, /admin/, /accounts/ and /kiosk/ (a kiosk's next user must not page back), any answer
  to a signed-in user (pages greet them by name), and API answers to a caller with a key. Browsers,
  proxies and the back button then keep no copy.
"""

from __future__ import annotations

from django.utils.cache import patch_vary_headers

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
PRIVATE_PREFIXES = ("/my/", "/console/", "/admin/", "/accounts/", "/kiosk/")


def is_private(request) -> bool:
    user = getattr(request, "user", None)
    return (
        request.path.startswith(PRIVATE_PREFIXES)
        or bool(user is not None and user.is_authenticated)
        or "Authorization" in request.headers
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if is_private(request):
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
            patch_vary_headers(response, ["Cookie"])
        return response
