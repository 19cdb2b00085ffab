from django.urls import path

from . import views_startup

app_name = "business"
urlpatterns = [
    path("startup/", views_startup.startup_form, name="startup"),
    path("startup/staff/", views_startup.staff_queue, name="startup-staff"),
    path("startup/staff/<int:step_id>/", views_startup.staff_action, name="startup-staff-action"),
    path("startup/<str:number>/", views_startup.startup_case, name="startup-case"),
]
