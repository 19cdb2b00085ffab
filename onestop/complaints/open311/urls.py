from django.urls import path, re_path

from . import views

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^v2/services" + FMT, views.services, name="services"),
    re_path(r"^v2/services/(?P<code>[^/]{1,20})" + FMT, views.service_definition, name="service"),
    re_path(r"^v2/requests" + FMT, views.requests_view, name="requests"),
    re_path(r"^v2/requests/(?P<request_id>[^/]{1,40})" + FMT, views.request_view, name="request"),
    re_path(r"^v2/tokens/(?P<token>[^/]{1,64})" + FMT, views.token_view, name="token"),
    path("v2/<path:rest>", views.not_found, name="not-found"),
]
