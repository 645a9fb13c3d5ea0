"""The two steps every `access_<entity>()` shares (STYLE.md): find the row inside the user's scope or answer 404 —
the same answer for "does not exist" and "not yours" —, and refuse an action the user's roles do not allow."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _


def get_in_scope(qs: QuerySet, pk, not_found: str):
    """The row of `qs` (already scoped to the user) with primary key `pk`; Http404(`not_found`) when there is none
    or `pk` is not a number."""
    try:
        obj = qs.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        obj = None
    if obj is None:
        raise Http404(not_found)
    return obj


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("You may not do this here."))
