from django.urls import path

from . import views_names

app_name = "business"
urlpatterns = [
    path("names/", views_names.declare, name="names"),
    path("names/mine/", views_names.my_names, name="my-names"),
    path("names/<int:pk>/", views_names.reserved, name="name-reserved"),
]
