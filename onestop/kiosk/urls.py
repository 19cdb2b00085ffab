from django.urls import path

from . import views, views_login, views_print, views_queue, views_startup

app_name = "kiosk"
urlpatterns = [
    path("", views.home, name="home"),
    path("enrol/<str:code>/", views.enrol, name="enrol"),
    path("startup/", views.startup, name="startup"),
    path("startup/name/", views_startup.name_screen, name="startup-name"),
    path("startup/company/", views_startup.company_screen, name="startup-company"),
    path("startup/members/", views_startup.members_screen, name="startup-members"),
    path("startup/branches/", views_startup.branches_screen, name="startup-branches"),
    path("startup/review/", views_startup.review_screen, name="startup-review"),
    path("startup/case/<str:number>/", views_startup.case_screen, name="startup-case"),
    path("startup/case/<str:number>/licence/", views_startup.licence_screen, name="startup-licence"),
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
    path("queue/", views_queue.queue_home, name="queue"),
    path("queue/check-in/", views_queue.check_in, name="queue-check-in"),
    path("queue/walk-in/", views_queue.walk_in, name="queue-walk-in"),
    path("queue/ticket/", views_queue.ticket, name="queue-ticket"),
    path("queue/done/", views_queue.done, name="queue-done"),
    path("print/", views_print.certificates, name="print"),
    path("print/<int:pk>/", views_print.print_certificate, name="print-certificate"),
    path("print/<int:pk>/face/", views_print.certificate_face, name="print-face"),
]
