"""Reading histories. Each audit row carries the confidentiality of the record it is about; the values it stores that
name other records are ids, resolved only when shown and through the reader's access (README "Confidentiality"): a
reader sees that a change was made to something they may not open, or that a hidden record was named, never what."""

from collections import defaultdict
from typing import NamedTuple

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from lanhdao.accounts.selectors import clearance_of

from .models import AuditEntry
from .reading import EMPTY, label_of, shown_value

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


class Change(NamedTuple):
    """One field an audit row changed, as its reader reads it: the key, its label, and each side as text (None for
    nothing: shown as a dash)."""

    name: str
    label: str
    before: str | None
    after: str | None


class Reading(NamedTuple):
    """An audit row for one reader: the values naming records they may not open replaced by None (`hidden` lists
    their keys), and its changes as text; `changes` is None for a row above their clearance."""

    entry: AuditEntry
    before: dict | None
    after: dict | None
    hidden: list[str]
    changes: list[Change] | None


class _Model(NamedTuple):
    """What a history needs to know of the model an entry names, looked up once per content type."""

    fields: dict  # concrete and many-to-many fields by name, in the model's order
    references: dict  # audited keys naming a record without being a relation (`audit_references`)
    labels: dict  # labels of audited keys that are not fields (`audit_labels`)


def _model_of(cache: dict[int, _Model], content_type_id: int) -> _Model:
    if content_type_id not in cache:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            cache[content_type_id] = _Model({}, {}, {})
        else:
            fields = {f.name: f for f in [*model._meta.concrete_fields, *model._meta.many_to_many]}
            declared = getattr(model, "audit_references", None) or {}
            references = {key: apps.get_model(label) for key, label in declared.items()}
            cache[content_type_id] = _Model(fields, references, getattr(model, "audit_labels", None) or {})
    return cache[content_type_id]


def _related(info: _Model, name: str) -> type[models.Model] | None:
    field = info.fields.get(name)
    if field is not None and field.is_relation:
        return field.related_model
    return info.references.get(name)


def _ids(value) -> list:
    return list(value) if isinstance(value, list) else [value]


def _cleaned(values, info: _Model, allowed, hidden: set[str]):
    """`values` with each record the reader may not open replaced by None (or dropped from a list), its key added
    to `hidden`."""
    if not isinstance(values, dict):
        return values
    result = {}
    for name, value in values.items():
        related = _related(info, name)
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


def _named(entries, models_of: dict[int, _Model]) -> dict[type, set]:
    """The ids each related model is named by in `entries`, to be looked up once per model."""
    wanted: dict[type, set] = defaultdict(set)
    for entry in entries:
        info = _model_of(models_of, entry.content_type_id)
        for values in (entry.before or {}, entry.after or {}):
            if not isinstance(values, dict):
                continue
            for name, value in values.items():
                related = _related(info, name)
                if related is not None and value not in EMPTY:
                    wanted[related].update(v for v in _ids(value) if v not in EMPTY)
    return wanted


def redacted(entries, reader) -> list[tuple[AuditEntry, dict | None, dict | None, list[str]]]:
    """(entry, before, after, hidden keys) for the API: each value naming a record the reader may not open is
    replaced by None and its key listed in `hidden` (one query per related model for the whole page)."""
    return [(r.entry, r.before, r.after, r.hidden) for r in readings(entries, reader)]


def _shown(names: dict, field, related, raw, value) -> str | None:
    """One side of a change as the reader reads it: a record by its name (or as hidden), a list of records as their
    names, anything else as audit.reading formats it."""
    if related is None:
        return shown_value(field, value)
    if raw not in EMPTY and value in EMPTY:
        return str(HIDDEN)  # the row named a record the reader may not open
    if value in EMPTY:
        return None
    known = names.get(related, {})
    if isinstance(value, list):
        shown = [known.get(v, f"#{v}") for v in value]
        if len(value) != len(_ids(raw)):
            shown.append(str(HIDDEN))
        return ", ".join(shown)
    return known.get(value, f"#{value}")


def _changes(entry, info: _Model, before, after, names) -> list[Change]:
    """The fields the entry changed, in the model's order (keys that are not fields last), as the reader may read
    them."""
    raw_before = entry.before if isinstance(entry.before, dict) else {}
    raw_after = entry.after if isinstance(entry.after, dict) else {}
    before, after = before or {}, after or {}
    order = {name: i for i, name in enumerate(info.fields)}
    keys = sorted(set(raw_before) | set(raw_after), key=lambda k: (order.get(k, len(order)), k))
    changes = []
    for name in keys:
        if raw_before.get(name) == raw_after.get(name):
            continue
        if raw_before.get(name) in EMPTY and raw_after.get(name) in EMPTY:
            continue
        field = info.fields.get(name)
        related = _related(info, name)
        changes.append(
            Change(
                name,
                label_of(name, field, info.labels),
                _shown(names, field, related, raw_before.get(name), before.get(name)),
                _shown(names, field, related, raw_after.get(name), after.get(name)),
            )
        )
    return changes


def _names(model: type[models.Model], pks: set) -> dict:
    try:
        return {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=pks)}
    except (ValueError, TypeError):  # a value of another type kept under a relation's key (a code, in an old row)
        return {}


def readings(entries, reader) -> list[Reading]:
    """Entries as `reader` may read them: before/after with the records they may not open removed, and the changes
    as text — each field's label, choices by their label, records by their name, dates as dd/mm/yyyy (one query per
    related model for the whole list to check access, one to name them, none per row).

    A row above the reader's clearance comes with None instead of its changes (shown as a change they may not
    see); a value naming a record they may not open is shown as a hidden record, without its id or name."""
    entries = list(entries)
    clearance = clearance_of(reader)
    visible = [e for e in entries if e.confidentiality <= clearance]
    models_of: dict[int, _Model] = {}
    wanted = _named(visible, models_of)
    allowed = {model: openable(model, reader, pks) for model, pks in wanted.items()}
    names = {model: _names(model, pks) for model, pks in allowed.items() if pks}
    rows = []
    for entry in entries:
        if entry.confidentiality > clearance:
            rows.append(Reading(entry, None, None, [], None))
            continue
        info = _model_of(models_of, entry.content_type_id)
        hidden: set[str] = set()
        before = _cleaned(entry.before, info, allowed, hidden)
        after = _cleaned(entry.after, info, allowed, hidden)
        rows.append(Reading(entry, before, after, sorted(hidden), _changes(entry, info, before, after, names)))
    return rows


def labelled(entries, reader) -> list[tuple[AuditEntry, list[Change] | None]]:
    """(entry, its changes as text) for a history page (`audit/_entries.html`); see `readings`."""
    return [(r.entry, r.changes) for r in readings(entries, reader)]
