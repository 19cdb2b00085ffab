from django.urls import path

from . import views, views_pdf

app_name = "certs"
urlpatterns = [
    path("", views.wallet, name="wallet"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/qr/", views.show_qr, name="qr"),
    path("certificates/<int:pk>/pdf/", views_pdf.certificate_pdf, name="certificate-pdf"),
    path("certificates/<int:pk>/offline-qr/", views.show_offline_qr, name="offline-qr"),
    path("access-history/", views.access_history, name="access-history"),
    path("certificates/<int:pk>/consent/", views.grant_consent, name="grant-consent"),
    path("consents/", views.consents, name="consents"),
    path("consents/<int:consent_id>/withdraw/", views.withdraw_consent, name="withdraw-consent"),
]
