"""The two steps every `access_<entity>()` shares (STYLE.md): find the row inside the user's scope or answer 404 —
the same answer for "does not exist" and "not yours" —, and refuse an action the user's roles do not allow."""

import re

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

# The largest id a 64-bit key holds: a longer number names no row, and the database would refuse it (SQLite raises
# OverflowError, PostgreSQL "out of range") instead of finding nothing.
MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """`value` as a row id, or None when it cannot be one: not a whole positive number in plain ASCII digits
    (`null,null`, `true`, `5e-324`, `١٢`, `1_0`, a JSON object), or too large for a key. Every id that comes from a
    path, a query string or a body goes through this before it reaches a query, so a malformed one is "not found"
    (404) or a field error (400), never a server error."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 0 < number <= MAX_ID else None


def get_in_scope(qs: QuerySet, pk, not_found: str):
    """The row of `qs` (already scoped to the user) with primary key `pk`; Http404(`not_found`) when there is none
    or `pk` is not an id (`parse_id`)."""
    number = parse_id(pk)
    obj = qs.filter(pk=number).first() if number is not None else None
    if obj is None:
        raise Http404(not_found)
    return obj


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not do this here."))
