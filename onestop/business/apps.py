from django.apps import AppConfig


class BusinessConfig(AppConfig):
    name = "onestop.business"
    verbose_name = "企业开办"
