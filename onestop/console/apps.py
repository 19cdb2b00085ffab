from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "onestop.console"
    verbose_name = "工作台"
