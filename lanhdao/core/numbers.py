"""Whole numbers typed into a grid of cells (staffing rows, a year's plan): each bad cell is named, none is lost."""

from django.utils.translation import gettext as _


def whole_number(value, key: str, errors: dict, *, low: int, high: int, too_low: str) -> int | None:
    """`value` as an int between `low` and `high`; None for an empty cell. A bad one is put in `errors[key]` (the
    message `too_low` below `low`) and the caller goes on, so that every bad cell is reported at once."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            errors[key] = _("Give a whole number.")
            return None
    if value < low:
        errors[key] = too_low
    elif value > high:
        errors[key] = _("That number is too large.")
    return value
