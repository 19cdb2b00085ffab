from django.urls import path

from . import cases, certificates, views

app_name = "console"
urlpatterns = [
    path("", views.home, name="home"),
    path("scan/", views.scan, name="scan"),
    path("certificates/", certificates.certificate_list, name="certificates"),
    path("certificates/issue/", certificates.issue, name="issue"),
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/revoke/", certificates.revoke, name="revoke"),
    path("cases/", cases.queue, name="queue"),
    path("cases/<str:number>/", cases.case_detail, name="case"),
    path("cases/<str:number>/action/", cases.case_action, name="case-action"),
    path("data-sources/", cases.data_sources, name="data-sources"),
]
