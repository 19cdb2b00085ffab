"""The page language: Chinese unless the visitor chose English with the language switch.

Django's LocaleMiddleware would guess from the browser's Accept-Language header, so an English-language
browser in a Doumen service hall would get English pages. A government site's first language is Chinese
whatever the browser says; the choice is the visitor's, stored by Django's set_language view in the
LANGUAGE_COOKIE_NAME cookie and read here.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request) -> str:
    """The language of the cookie when it names one of LANGUAGES, else the site default (Chinese)."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if code in dict(settings.LANGUAGES):
        return code
    return settings.LANGUAGE_CODE


class CookieLanguageMiddleware:
    """Activates the chosen language for the request (in place of LocaleMiddleware's guess)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        # Caches must keep the Chinese and the English page apart.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
