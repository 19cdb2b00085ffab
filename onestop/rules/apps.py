from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "onestop.rules"
    verbose_name = "秒批规则"
