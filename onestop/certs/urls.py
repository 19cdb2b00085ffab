from django.urls import path

from . import views

app_name = "certs"
urlpatterns = [
    path("", views.wallet, name="wallet"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/qr/", views.show_qr, name="qr"),
    path("certificates/<int:pk>/offline-qr/", views.show_offline_qr, name="offline-qr"),
    path("access-history/", views.access_history, name="access-history"),
]
