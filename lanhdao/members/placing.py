"""Where a fact row sits in the tree: its unit's path and the ids of the unit's depth-2 and depth-3 ancestors."""

from collections.abc import Iterable

from lanhdao.org.models import Unit
from lanhdao.org.selectors import level_ids

from .models import Placed


def place(row: Placed, unit: Unit, levels: dict | None = None) -> Placed:
    """Set `row`'s placement fields from `unit`; pass `levels` (from `levels_for`) when placing many rows."""
    levels = levels if levels is not None else level_ids([unit])
    row.unit_path = unit.path
    row.level2_id, row.level3_id = levels[unit.pk]
    return row


def levels_for(units: Iterable[Unit]) -> dict:
    return level_ids({u.pk: u for u in units}.values())
