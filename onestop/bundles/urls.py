from django.urls import path

from . import views

app_name = "bundles"
urlpatterns = [
    path("bundles/", views.bundle_list, name="list"),
    path("bundles/<slug:code>/apply/", views.apply, name="apply"),
    path("my/bundles/", views.mine, name="mine"),
    path("my/bundles/<str:number>/", views.status, name="status"),
]
