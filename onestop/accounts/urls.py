from django.urls import path
from django.views.generic import RedirectView

from . import oidc, views, window

app_name = "accounts"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/verify/", views.register_verify, name="register-verify"),
    path("login/", views.login_start, name="login"),
    path("login/verify/", views.login_verify, name="login-verify"),
    path("code/resend/", views.resend_code, name="resend-code"),
    path("staff-login/", views.StaffLoginView.as_view(), name="staff-login"),
    path("logout/", views.logout_view, name="logout"),
    # Moved to the notifications app; old links and bookmarks still arrive.
    path("messages/", RedirectView.as_view(url="/my/messages/", permanent=True), name="notifications"),
    path("unverified/", views.unverified, name="unverified"),
    path("window-verify/", window.window_verify, name="window-verify"),
    path("oidc/start/", oidc.oidc_start, name="oidc-start"),
    path("oidc/callback/", oidc.oidc_callback, name="oidc-callback"),
]
