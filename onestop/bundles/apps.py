from django.apps import AppConfig


class BundlesConfig(AppConfig):
    name = "onestop.bundles"
    verbose_name = "一件事联办"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import handlers  # noqa: F401 - registers the step that opens a member's case
