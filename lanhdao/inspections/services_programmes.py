"""Writes for inspection and supervision programmes (for a full term or for a year)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lanhdao.audit.services import save_audited
from lanhdao.core.access import require
from lanhdao.documents.models import Document
from lanhdao.org.models import Unit

from .models import Programme, ProgrammeSpan
from .permissions import may_record
from .services import archive, check_live_unit, require_text, unknown_fields

PROGRAMME_FIELDS = ("span", "title", "starts_on", "ends_on", "document")
TERM_YEARS = 5


def _check(values: dict) -> dict:
    if values.get("span") not in ProgrammeSpan.values:
        raise ValidationError({"span": _("Choose a programme for the full term or for a year.")})
    values["title"] = require_text(values.get("title"), "title", _("The title is required."))
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on is None:
        raise ValidationError({"starts_on": _("The date is required.")})
    if ends_on is None:
        raise ValidationError({"ends_on": _("The date is required.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
    if values["span"] == ProgrammeSpan.YEAR and starts_on.year != ends_on.year:
        raise ValidationError({"ends_on": _("A programme for a year starts and ends in the same year.")})
    if values["span"] == ProgrammeSpan.TERM and ends_on.year - starts_on.year > TERM_YEARS:
        raise ValidationError({"ends_on": _("A term lasts five years.")})
    return values


def programme_create(
    *,
    actor,
    unit: Unit,
    span: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    document: Document | None = None,
) -> Programme:
    """A committee's inspection and supervision programme for a term or a year (the caller has checked that
    `actor` may see `document`)."""
    require(may_record(actor, unit), _("You may not record programmes of this unit."))
    check_live_unit(unit)
    values = _check({"span": span, "title": title, "starts_on": starts_on, "ends_on": ends_on})
    with transaction.atomic():
        programme = Programme(unit=unit, unit_path=unit.path, document=document, created_by=actor, **values)
        return save_audited(actor=actor, obj=programme, exclude=["unit", "document", "created_by"])


def programme_update(*, actor, programme: Programme, data: dict) -> Programme:
    require(may_record(actor, programme.unit), _("You may not change this programme."))
    if programme.archived_at is not None:
        raise ValidationError(_("This programme is archived."))
    unknown_fields(data, PROGRAMME_FIELDS)
    values = _check({f: getattr(programme, f) for f in PROGRAMME_FIELDS} | data)
    outside = programme.inspections.exclude(starts_on__range=(values["starts_on"], values["ends_on"]))
    if outside.filter(archived_at__isnull=True).exists():
        raise ValidationError({"starts_on": _("Some of the programme's inspections would fall outside its period.")})
    with transaction.atomic():
        return save_audited(actor=actor, obj=programme, changes=values)


def programme_archive(*, actor, programme: Programme, note: str = "") -> Programme:
    """Archive a programme (made by mistake, or replaced): its inspections stay, with their link to it."""
    return archive(actor=actor, obj=programme, note=note)
