"""Dates as people type them: dd/mm/yyyy (the form the product shows), also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy and ISO
yyyy-mm-dd (pasted or sent by an old page). The API keeps ISO only; this is for forms and page filters.

The reasons a text is refused are told apart, because "31/02/2026" deserves "February 2026 has 28 days", not a
generic "invalid date"."""

import calendar
import datetime
import re

from django.utils.translation import gettext as _

# Years outside these hold no record of the product (see core.params for why the far ends of the calendar break it).
FIRST_YEAR = 1900
LAST_YEAR = 2200
SHOWN = "%d/%m/%Y"

_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class DateTextError(ValueError):
    """A text that is not a date; `message` says why, in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_day(written: str) -> datetime.date | None:
    """The date `written` names, None for an empty text; DateTextError with the reason otherwise."""
    written = (written or "").strip()
    if not written:
        return None
    if match := _DAY_FIRST.fullmatch(written):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(written):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise DateTextError(_("Enter a date as dd/mm/yyyy, for example 07/12/2026."))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateTextError(
            _("Give a date between the years %(first)d and %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if not 1 <= month <= 12:
        raise DateTextError(_("%(written)s: the month must be between 1 and 12.") % {"written": written})
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateTextError(
            _("%(written)s does not exist: month %(month)d/%(year)d has %(days)d days.")
            % {"written": written, "month": month, "year": year, "days": days}
        )
    return datetime.date(year, month, day)
