from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "onestop.ratings"
    verbose_name = "好差评"
