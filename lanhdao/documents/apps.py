from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "lanhdao.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_search_index, sender=self)


def _ensure_search_index(sender, using, **kwargs):
    from django.db import connections

    from .search import ensure_search_index

    ensure_search_index(connections[using])
