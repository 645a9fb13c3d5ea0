from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry


def history_for(obj: models.Model) -> QuerySet[AuditEntry]:
    """The audit trail of one object, newest first. The caller has already checked that the user may see `obj`."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


EMPTY = (None, "", [], {})


def labelled(entries) -> list[tuple[AuditEntry, list[tuple[str, object, object]]]]:
    """Entries with their changes for people to read: each field's verbose name, choices by their label, foreign
    keys by the name of what they point to (one query per related model for the whole list, not per row)."""
    entries = list(entries)
    fields_of: dict[int, dict[str, models.Field]] = {}
    wanted: dict[type, set] = defaultdict(set)
    for entry in entries:
        if entry.content_type_id not in fields_of:
            model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
            fields_of[entry.content_type_id] = {f.name: f for f in model._meta.concrete_fields} if model else {}
        fields = fields_of[entry.content_type_id]
        for name, before, after in entry.changes():
            field = fields.get(name)
            if field is not None and field.is_relation:
                wanted[field.related_model].update(v for v in (before, after) if v not in EMPTY)
    names = {
        model: {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=pks)} for model, pks in wanted.items()
    }

    def show(field, value):
        if value in EMPTY or field is None:
            return value
        if field.is_relation:
            return names.get(field.related_model, {}).get(value, f"#{value}")
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return value

    rows = []
    for entry in entries:
        fields = fields_of[entry.content_type_id]
        changes = []
        for name, before, after in entry.changes():
            if before in EMPTY and after in EMPTY:
                continue
            field = fields.get(name)
            label = str(field.verbose_name) if field is not None else name
            changes.append((label, show(field, before), show(field, after)))
        rows.append((entry, changes))
    return rows
