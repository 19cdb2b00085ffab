from django.urls import path

from . import views, views_login, views_print

app_name = "kiosk"
urlpatterns = [
    path("", views.home, name="home"),
    path("enrol/<str:code>/", views.enrol, name="enrol"),
    path("startup/", views.startup, name="startup"),
    path("cases/", views.my_cases, name="cases"),
    path("welcome/", views.welcome, name="welcome"),
    path("logout/", views.logout_view, name="logout"),
    path("keepalive/", views.keepalive, name="keepalive"),
    path("login/", views_login.choose, name="login"),
    path("login/qr/", views_login.qr_login, name="qr-login"),
    path("login/qr/status/", views_login.qr_status, name="qr-status"),
    path("login/id/", views_login.id_login, name="id-login"),
    path("login/id/code/", views_login.id_code, name="id-code"),
    path("confirm/<str:token>/", views_login.phone_confirm, name="phone-confirm"),  # on the phone
    path("print/", views_print.certificates, name="print"),
    path("print/<int:pk>/", views_print.print_certificate, name="print-certificate"),
    path("print/<int:pk>/face/", views_print.certificate_face, name="print-face"),
]
