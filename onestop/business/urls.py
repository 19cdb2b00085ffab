from django.urls import path

from . import views_names, views_startup

app_name = "business"
urlpatterns = [
    path("names/", views_names.declare, name="names"),
    path("names/mine/", views_names.my_names, name="my-names"),
    path("names/<int:pk>/", views_names.reserved, name="name-reserved"),
    path("startup/", views_startup.startup_form, name="startup"),
    path("startup/staff/", views_startup.staff_queue, name="startup-staff"),
    path("startup/staff/<int:step_id>/", views_startup.staff_action, name="startup-staff-action"),
    path("startup/<str:number>/", views_startup.startup_case, name="startup-case"),
]
