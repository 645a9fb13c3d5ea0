from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "lanhdao.cadres"
    label = "cadres"
    verbose_name = _("Cadre work")

    def ready(self):
        # The positions held are imported on the members' data pages and API: members offers the kinds of import,
        # cadres adds its own, so that members never imports cadres.
        from lanhdao.members.imports import register

        from .excel import IMPORT

        register(IMPORT)
