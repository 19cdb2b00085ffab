from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "onestop.exchange"
    verbose_name = "数据共享"
