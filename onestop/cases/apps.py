from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "onestop.cases"
    verbose_name = "办件"
