"""Values read from a query string: one parser per kind, shared by pages and the API.

A malformed or absurd value is the caller's mistake, so it answers 400 with a message that names the parameter
(`BadParameter`, a Django `BadRequest`: pages show it on the 400 page, the API as `{"<name>": ["…"]}` through
`lanhdao.core.api.exception_handler`), never a server error. Dates are held to years 1900–2200: no record of the
product lies outside them, and the far ends of Python's calendar (0001-01-01, 9999-12-31) break the arithmetic of
periods, months and weeks (the month after 9999-12 does not exist).
"""

import datetime

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

from .access import parse_id
from .dates import DateTextError, parse_day

FIRST_YEAR = 1900
LAST_YEAR = 2200
# No list is that long; a larger page number would only overflow the database's offset.
MAX_PAGE = 100_000


class BadParameter(BadRequest):
    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


def _in_range(day: datetime.date, name: str) -> datetime.date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise BadParameter(
            name, _("Give a date between the years %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return day


def parse_date(value, name: str) -> datetime.date | None:
    """An ISO date (YYYY-MM-DD) between FIRST_YEAR and LAST_YEAR; None when absent."""
    if value is None or value == "":
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise BadParameter(name, _("Give a date as YYYY-MM-DD.")) from error
    return _in_range(day, name)


def date_param(params, name: str, default: datetime.date | None = None) -> datetime.date | None:
    """The date named `name` in a query string (`request.GET` or DRF's `request.query_params`), read by
    `parse_date` (400 when malformed); `default` when absent."""
    return parse_date(params.get(name), name) or default


def parse_typed_date(value, name: str) -> datetime.date | None:
    """A date a page's filter box sends: dd/mm/yyyy as typed (or ISO, as the page's own links write it); None when
    absent. The API keeps `parse_date` (ISO only)."""
    try:
        return parse_day(value or "")
    except DateTextError as error:
        raise BadParameter(name, error.message) from error


def parse_month(value, name: str) -> datetime.date | None:
    """A month as YYYY-MM: its first day; None when absent."""
    if value is None or value == "":
        return None
    try:
        year, month = str(value).split("-")
        first = datetime.date(int(year), int(month), 1) if len(year) == 4 and len(month) == 2 else None
    except ValueError:
        first = None
    if first is None:
        raise BadParameter(name, _("Give a month as YYYY-MM."))
    return _in_range(first, name)


def parse_year(value, name: str) -> int | None:
    """A year between FIRST_YEAR and LAST_YEAR; None when absent."""
    if value is None or value == "":
        return None
    if not (isinstance(value, str) and value.isascii() and value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR):
        raise BadParameter(
            name, _("Give a year between %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return int(value)


def parse_id_param(value, name: str) -> int | None:
    """A row id named in a filter (`?member=`, `?document=`); None when absent. Malformed: 400; an id that names no
    row simply matches nothing."""
    if value is None or value == "":
        return None
    number = parse_id(value)
    if number is None:
        raise BadParameter(name, _("Give an id as a whole number."))
    return number


def parse_number(value, name: str, *, low: int, high: int) -> int | None:
    """A whole number between `low` and `high`; None when absent."""
    if value is None or value == "":
        return None
    if not (isinstance(value, str) and value.isascii() and value.isdigit() and low <= int(value) <= high):
        raise BadParameter(name, _("Give a whole number between %(low)d and %(high)d.") % {"low": low, "high": high})
    return int(value)
