import functools

from django.conf import settings
from django.urls import reverse

ELDERLY_COOKIE = "elderly"


@functools.cache
def _nav_urls() -> dict[str, str]:
    # Resolved once per process: the layout links are the same on every page.
    names = {"home": "portal:home", "items": "catalog:items", "departments": "catalog:departments",
             "stats": "stats:catalog", "elderly": "toggle-elderly-mode", "wallet": "certs:wallet",
             "console": "console:home", "login": "accounts:login", "register": "accounts:register",
             "logout": "accounts:logout"}
    return {key: reverse(name) for key, name in names.items()}


def site(request):
    return {
        "site_name": settings.ONESTOP_SITE_NAME,
        "jurisdiction": settings.ONESTOP_JURISDICTION,
        "elderly_mode": request.COOKIES.get(ELDERLY_COOKIE) == "1",
        "nav": _nav_urls(),
        "filing": {"sponsor": settings.ONESTOP_SPONSOR, "organiser": settings.ONESTOP_ORGANISER,
                   "site_id": settings.ONESTOP_SITE_ID_CODE, "icp": settings.ONESTOP_ICP_NUMBER,
                   "psb": settings.ONESTOP_PSB_NUMBER},
    }
