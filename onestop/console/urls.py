from django.urls import path

from . import certificates, views

app_name = "console"
urlpatterns = [
    path("", views.home, name="home"),
    path("scan/", views.scan, name="scan"),
    path("certificates/", certificates.certificate_list, name="certificates"),
    path("certificates/issue/", certificates.issue, name="issue"),
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/revoke/", certificates.revoke, name="revoke"),
]
