"""Reading histories. Each audit row carries the confidentiality of the record it is about; the values it stores that
name other records are ids, resolved only when shown and through the reader's access (README "Confidentiality"): a
reader sees that a change was made to something they may not open, or that a hidden record was named, never what."""

from collections import defaultdict

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from lanhdao.accounts.selectors import clearance_of

from .models import AuditEntry

# What a reader may open, for each kind of record a history can name that has confidentiality or a scope of its own:
# its reading selector (`<entity>_for(user)`). A kind not listed is shown if its own `confidentiality` field (when it
# has one) is within the reader's clearance; a kind without one (units, users) is shown as it is.
OPENABLE: dict[str, tuple[str, dict]] = {
    "documents.document": ("lanhdao.documents.selectors.documents_for", {"include_archived": True}),
    "work.task": ("lanhdao.work.selectors.tasks_for", {}),
    "meetings.meeting": ("lanhdao.meetings.selectors.meetings_for", {}),
    "inspections.inspection": ("lanhdao.inspections.selectors.inspections_for", {"include_archived": True}),
    "inspections.discipline": ("lanhdao.inspections.selectors.disciplines_for", {"include_archived": True}),
}

HIDDEN = _("(a confidential record you may not see)")
HIDDEN_CHANGE = _("A change you may not see")


def history_for(obj: models.Model, reader=None) -> QuerySet[AuditEntry]:
    """The audit trail of one object, newest first. The caller has already checked that the user may see `obj`;
    with `reader`, the rows above their clearance are left out (the API; pages show them as hidden changes)."""
    qs = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
    if reader is not None:
        qs = qs.filter(confidentiality__lte=clearance_of(reader))
    return qs


EMPTY = (None, "", [], {})


def openable(model: type[models.Model], reader, pks) -> set:
    """Those of `pks` (records of `model`) that `reader` may open: one query."""
    pks = {pk for pk in pks if pk not in EMPTY}
    if not pks:
        return set()
    entry = OPENABLE.get(model._meta.label_lower)
    if entry is not None:
        path, kwargs = entry
        qs = import_string(path)(reader, **kwargs)
    elif any(f.name == "confidentiality" for f in model._meta.concrete_fields):
        qs = model._default_manager.filter(confidentiality__lte=clearance_of(reader))
    else:
        return pks
    try:
        return set(qs.filter(pk__in=pks).values_list("pk", flat=True))
    except (ValueError, TypeError):  # an id of another type kept in an old row
        return set()


def _references(model: type[models.Model] | None) -> dict[str, type[models.Model]]:
    """Audited keys that name a record without being a foreign key of `model` (`audit_references`)."""
    declared = getattr(model, "audit_references", None) or {}
    return {key: apps.get_model(label) for key, label in declared.items()}


def _related(fields: dict, references: dict, name: str) -> type[models.Model] | None:
    field = fields.get(name)
    if field is not None and field.is_relation:
        return field.related_model
    return references.get(name)


def _ids(value) -> list:
    return list(value) if isinstance(value, list) else [value]


def _fields_of(cache: dict[int, tuple[dict, dict]], content_type_id: int) -> tuple[dict, dict]:
    """(concrete fields by name, extra references) of the model an entry names, looked up once per content type."""
    if content_type_id not in cache:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        fields = {f.name: f for f in model._meta.concrete_fields} if model else {}
        cache[content_type_id] = (fields, _references(model))
    return cache[content_type_id]


def _cleaned(values, fields, references, allowed, hidden: set[str]):
    """`values` with each record the reader may not open replaced by None (or dropped from a list), its key added
    to `hidden`."""
    if values is None:
        return None
    result = {}
    for name, value in values.items():
        related = _related(fields, references, name)
        if related is not None and value not in EMPTY:
            if isinstance(value, list):
                kept = [v for v in value if v in allowed.get(related, ())]
                if len(kept) != len(value):
                    hidden.add(name)
                value = kept
            elif value not in allowed.get(related, ()):
                hidden.add(name)
                value = None
        result[name] = value
    return result


def redacted(entries, reader) -> list[tuple[AuditEntry, dict | None, dict | None, list[str]]]:
    """(entry, before, after, hidden keys) for the API: each value naming a record the reader may not open is
    replaced by None and its key listed in `hidden` (one query per related model for the whole page)."""
    entries = list(entries)
    models_of: dict[int, tuple[dict, dict]] = {}
    wanted: dict[type, set] = defaultdict(set)
    for entry in entries:
        fields, references = _fields_of(models_of, entry.content_type_id)
        for values in (entry.before or {}, entry.after or {}):
            for name, value in values.items():
                related = _related(fields, references, name)
                if related is not None and value not in EMPTY:
                    wanted[related].update(v for v in _ids(value) if v not in EMPTY)
    allowed = {model: openable(model, reader, pks) for model, pks in wanted.items()}
    rows = []
    for entry in entries:
        fields, references = models_of[entry.content_type_id]
        hidden: set[str] = set()
        before = _cleaned(entry.before, fields, references, allowed, hidden)
        after = _cleaned(entry.after, fields, references, allowed, hidden)
        rows.append((entry, before, after, sorted(hidden)))
    return rows


def _shown(names: dict, field, related, raw, value):
    """One side of a change as the reader reads it: a record by its name (or as hidden), a choice by its label."""
    if related is not None:
        if raw not in EMPTY and value in EMPTY:
            return HIDDEN  # the row named a record the reader may not open
        if isinstance(value, list):
            shown = [names.get(related, {}).get(v, f"#{v}") for v in value]
            if len(value) != len(_ids(raw)):
                shown.append(str(HIDDEN))
            return ", ".join(shown)
        return value if value in EMPTY else names.get(related, {}).get(value, f"#{value}")
    if value in EMPTY or field is None:
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def _changes(entry, fields, references, cleaned, names) -> list[tuple[str, object, object]]:
    """(label, before, after) of each field the entry changed, as the reader may read them."""
    raw_before, raw_after = entry.before or {}, entry.after or {}
    before, after = cleaned
    before, after = before or {}, after or {}
    changes = []
    for name in sorted(set(raw_before) | set(raw_after)):
        if raw_before.get(name) == raw_after.get(name):
            continue
        if raw_before.get(name) in EMPTY and raw_after.get(name) in EMPTY:
            continue
        field = fields.get(name)
        related = _related(fields, references, name)
        label = str(field.verbose_name) if field is not None else _label(name)
        changes.append(
            (
                label,
                _shown(names, field, related, raw_before.get(name), before.get(name)),
                _shown(names, field, related, raw_after.get(name), after.get(name)),
            )
        )
    return changes


def labelled(entries, reader) -> list[tuple[AuditEntry, list[tuple[str, object, object]] | None]]:
    """Entries with their changes for `reader` to read: each field's verbose name, choices by their label, foreign
    keys by the name of what they point to (one query per related model for the whole list, not per row).

    A row above the reader's clearance comes with None instead of its changes (shown as a change they may not
    see); a value naming a record they may not open is shown as a hidden record, without its id or name."""
    clearance = clearance_of(reader)
    visible = [e for e in entries if e.confidentiality <= clearance]
    cleaned = {entry.pk: (before, after) for entry, before, after, _hidden in redacted(visible, reader)}
    fields_of: dict[int, tuple[dict, dict]] = {}
    wanted: dict[type, set] = defaultdict(set)
    for entry in visible:
        fields, references = _fields_of(fields_of, entry.content_type_id)
        before, after = cleaned[entry.pk]
        for name in set(before or {}) | set(after or {}):
            related = _related(fields, references, name)
            if related is not None:
                for value in ((before or {}).get(name), (after or {}).get(name)):
                    wanted[related].update(v for v in _ids(value) if v not in EMPTY)
    names = {
        model: {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=pks)} for model, pks in wanted.items()
    }
    rows = []
    for entry in entries:
        if entry.confidentiality > clearance:
            rows.append((entry, None))
            continue
        fields, references = fields_of[entry.content_type_id]
        rows.append((entry, _changes(entry, fields, references, cleaned[entry.pk], names)))
    return rows


LABELS = {"linked_document": _("linked document"), "coordinating_units": _("coordinating units")}


def _label(name: str) -> str:
    return str(LABELS.get(name, name))
