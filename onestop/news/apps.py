from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "onestop.news"
    verbose_name = "政务公开"
