from django.apps import AppConfig


class BusinessConfig(AppConfig):
    name = "onestop.business"
    verbose_name = "企业开办"

    def ready(self):
        from .startup import handlers  # noqa: F401 - registers business.register and business.complete
