from django.urls import path

from . import views_verify

urlpatterns = [path("", views_verify.verify, name="verify")]
