from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "onestop.assistant"
    verbose_name = "智能问答"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals

        signals.connect()
