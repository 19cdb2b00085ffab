from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "onestop.core"
    verbose_name = "平台基础"

    def ready(self):
        from . import session_lifetime  # noqa: F401 - registers the sign-in stamp (user_logged_in)
