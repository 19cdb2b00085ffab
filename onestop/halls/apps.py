from django.apps import AppConfig


class HallsConfig(AppConfig):
    name = "onestop.halls"
    verbose_name = "服务大厅地图"
