from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import AuditEntry


def history_for(obj: models.Model) -> QuerySet[AuditEntry]:
    """The audit trail of one object, newest first. The caller has already checked that the user may see `obj`."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
