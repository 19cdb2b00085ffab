from django.apps import AppConfig


class WindowConfig(AppConfig):
    name = "onestop.window"
    verbose_name = "综合窗口"
