from django.urls import path

from . import views

app_name = "console"
urlpatterns = [
    path("", views.home, name="home"),
    path("scan/", views.scan, name="scan"),
]
