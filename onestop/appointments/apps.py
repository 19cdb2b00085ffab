from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "onestop.appointments"
    verbose_name = "预约取号"
    default_auto_field = "django.db.models.BigAutoField"
