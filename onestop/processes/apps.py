from importlib import import_module

from django.apps import AppConfig
from django.conf import settings


class ProcessesConfig(AppConfig):
    name = "onestop.processes"
    verbose_name = "流程引擎"

    def ready(self):
        # Apps register their step handlers in their own ready(); deployments (and the tests'
        # worker processes) can name extra handler modules in ONESTOP_PROCESS_HANDLER_MODULES.
        for module in getattr(settings, "ONESTOP_PROCESS_HANDLER_MODULES", []):
            import_module(module)
