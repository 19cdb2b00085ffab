from django.apps import AppConfig


class BusinessConfig(AppConfig):
    name = "onestop.business"
    verbose_name = "企业开办"

    def ready(self):
        # The steps of company start-up register with the process engine (every process, the step
        # workers included, loads the apps): registration and completion, and the four branches.
        from .branches import handlers as branch_handlers  # noqa: F401
        from .startup import handlers  # noqa: F401
