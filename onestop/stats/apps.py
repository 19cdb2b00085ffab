from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "onestop.stats"
    verbose_name = "统计"
