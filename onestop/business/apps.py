from django.apps import AppConfig


class BusinessConfig(AppConfig):
    name = "onestop.business"
    verbose_name = "企业开办"

    def ready(self):
        # The branch steps of company start-up register with the process engine (every process,
        # the step workers included, loads the apps).
        from .branches import handlers  # noqa: F401
