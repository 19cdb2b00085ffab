from django.apps import AppConfig


class KioskConfig(AppConfig):
    name = "onestop.kiosk"
    verbose_name = "自助服务终端"
