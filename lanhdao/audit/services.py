"""Recording changes. Call these inside the transaction that makes the change, so both land or neither does."""

import datetime
import decimal
import uuid
from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Action, AuditEntry


def _json_value(value: object) -> object:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: Sequence[str] | None = None) -> dict[str, object]:
    """The audited state of `obj`: its concrete fields (foreign keys as ids), JSON-ready.

    A model may name the fields worth recording in `audit_fields`; secrets (a password hash) are never recorded.
    """
    names = fields or getattr(obj, "audit_fields", None)
    result: dict[str, object] = {}
    for field in obj._meta.concrete_fields:
        if names is not None and field.name not in names:
            continue
        if field.name in {"password"}:
            continue
        result[field.name] = _json_value(getattr(obj, field.attname))
    return result


def level_of(obj: models.Model) -> int:
    """The confidentiality level of `obj` for its audit rows: what its model says through `audit_confidentiality()`
    (a record without a level of its own that belongs to one that has one: an attachment, a link, a report), else
    its own `confidentiality` field, else 0."""
    method = getattr(obj, "audit_confidentiality", None)
    level = method() if callable(method) else getattr(obj, "confidentiality", 0)
    return int(level or 0)


def record(
    *,
    actor,
    action: Action,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    confidentiality: int = 0,
) -> AuditEntry:
    """One audit row. It carries the level of `obj` or `confidentiality` (for a note or a value that names something
    more confidential than `obj`), whichever is higher: a reader below it sees that a change was made, not what."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        note=note[:300],
        confidentiality=_row_level(obj, before, confidentiality),
    )


def _row_level(obj: models.Model, before: dict | None, given: int) -> int:
    # A record lowered by this change keeps, on this row, the level its values had before it.
    was = (before or {}).get("confidentiality") if isinstance(before, dict) else None
    return max(level_of(obj), int(given or 0), int(was or 0) if isinstance(was, int) else 0)


def record_many(
    *,
    actor,
    action: Action,
    changes: Iterable[tuple[models.Model, dict | None, dict | None]],
    note: str = "",
    batch_size: int = 2000,
    confidentiality: int = 0,
) -> int:
    """One audit row per (object, before, after), written in bulk: the path for imports and restructuring."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    content_types: dict[type, ContentType] = {}
    rows = []
    for obj, before, after in changes:
        model = type(obj)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
        rows.append(
            AuditEntry(
                actor=actor,
                action=action,
                content_type=content_types[model],
                object_id=str(obj.pk),
                object_repr=str(obj)[:300],
                before=before,
                after=after,
                note=note[:300],
                confidentiality=_row_level(obj, before, confidentiality),
            )
        )
    AuditEntry.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def save_audited(
    *,
    actor,
    obj: models.Model,
    changes: dict | None = None,
    note: str = "",
    action: Action | None = None,
    exclude: Sequence[str] | None = None,
) -> models.Model:
    """Save `obj` after its field checks, with its audit row: call it inside the transaction that makes the change.

    Without `changes`, `obj` is new: it is checked (every field but `exclude`), inserted and recorded as created
    (`action`, by default CREATE). With `changes`, only the fields whose value really changes are set, checked, saved
    and recorded with before and after (`action`, by default UPDATE); when nothing changes, nothing is saved nor
    recorded. `exclude` defaults to the relations, which the calling service has checked itself; database
    constraints are left to the database (checking them here costs a query each)."""
    if exclude is None:
        exclude = [field.name for field in obj._meta.fields if field.is_relation]
    if changes is None:
        obj.full_clean(exclude=list(exclude), validate_constraints=False)
        obj.save()
        record(actor=actor, action=action or Action.CREATE, obj=obj, after=snapshot(obj), note=note)
        return obj
    changes = {name: value for name, value in changes.items() if getattr(obj, name) != value}
    if not changes:
        return obj
    before = snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean(exclude=list(exclude), validate_constraints=False)
    obj.save()
    record(actor=actor, action=action or Action.UPDATE, obj=obj, before=before, after=snapshot(obj), note=note)
    return obj
