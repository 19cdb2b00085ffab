from django.apps import AppConfig


class CertsConfig(AppConfig):
    name = "onestop.certs"
    verbose_name = "电子证照库"
