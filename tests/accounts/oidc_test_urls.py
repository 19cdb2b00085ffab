"""The project's URLs with the two OIDC views in the ``accounts`` namespace, for the OIDC tests
(``@pytest.mark.urls("tests.accounts.oidc_test_urls")``), whether or not onestop/accounts/urls.py
already routes them."""

from django.urls import include, path

from onestop import urls as project
from onestop.accounts import oidc
from onestop.accounts import urls as accounts

_routed = {p.name for p in accounts.urlpatterns}
_oidc = [
    p for p in (
        path("oidc/start/", oidc.oidc_start, name="oidc-start"),
        path("oidc/callback/", oidc.oidc_callback, name="oidc-callback"),
    )
    if p.name not in _routed
]

urlpatterns = [
    path("accounts/", include(([*accounts.urlpatterns, *_oidc], "accounts"))),
    *[p for p in project.urlpatterns if getattr(p, "app_name", None) != "accounts"],
]

handler400 = project.handler400
handler404 = project.handler404
handler500 = project.handler500
