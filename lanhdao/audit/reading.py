"""One value of a history as a person reads it: the value an audit row stores (JSON: ids, ISO dates, choice keys,
lists) turned into text — a choice by its label, a date as dd/mm/yyyy, a moment as dd/mm/yyyy HH:MM in the product's
time zone, a yes/no as Có/Không, a list of texts as lines. Records named by id are resolved by audit.selectors, which
knows what the reader may open; this module only formats."""

import datetime
import re

from django.db import models
from django.utils import dateformat, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EMPTY = (None, "", [], {})
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def label_of(name: str, field, model_labels: dict) -> str:
    """The label of an audited key: the model's own label for it (`audit_labels`), else the field's verbose name;
    a relation whose field has no translated name of its own is named as the kind of record it points to."""
    if name in model_labels:
        return str(model_labels[name])
    if field is None:
        return gettext(name.replace("_", " "))
    verbose = field.verbose_name
    if isinstance(verbose, Promise):
        return str(verbose)
    if field.is_relation:
        return str(field.related_model._meta.verbose_name)
    return gettext(verbose)


def shown_date(value: str) -> str:
    try:
        return dateformat.format(datetime.date.fromisoformat(value), "d/m/Y")
    except ValueError:
        return value


def shown_moment(value: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return dateformat.format(moment, "d/m/Y H:i")


def _choice(field, value):
    labels = dict(field.flatchoices)
    if isinstance(value, list):
        return ", ".join(str(labels.get(v, v)) for v in value)
    return str(labels.get(value, value))


def _plain(value) -> str:
    """A value whose field is unknown (a key that is not a field, an item of a list): dates and moments are
    recognised by their ISO form."""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, str):
        if DATE.match(value):
            return shown_date(value)
        if MOMENT.match(value):
            return shown_moment(value)
        return value
    if isinstance(value, list):
        return "\n".join(_plain(item) for item in value if item not in EMPTY)
    if isinstance(value, dict):
        # A snapshot of a record that was removed (an agenda item, a participant): its texts, not its ids.
        return " — ".join(_plain(v) for v in value.values() if isinstance(v, str) and v)
    return str(value)


def shown_value(field, value) -> str | None:
    """`value` of `field` (None for a key that is not a field) as text; None when empty (shown as a dash)."""
    if value in EMPTY:
        return None
    if field is not None and field.choices:
        return _choice(field, value)
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        return shown_moment(value)
    if isinstance(field, models.DateField) and isinstance(value, str):
        return shown_date(value)
    return _plain(value)
