from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "onestop.complaints"
    verbose_name = "咨询投诉"
