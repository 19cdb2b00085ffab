from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "onestop.catalog"
    verbose_name = "事项库"

    def ready(self):
        from . import revision

        revision.connect()
