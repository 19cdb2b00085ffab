from django.conf import settings

ELDERLY_COOKIE = "elderly"


def site(request):
    return {
        "site_name": settings.ONESTOP_SITE_NAME,
        "jurisdiction": settings.ONESTOP_JURISDICTION,
        "elderly_mode": request.COOKIES.get(ELDERLY_COOKIE) == "1",
    }
