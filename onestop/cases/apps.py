from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "onestop.cases"
    verbose_name = "办件"

    def ready(self):
        from . import instant_step  # noqa: F401 - registers the 秒批 step handler with the process engine
