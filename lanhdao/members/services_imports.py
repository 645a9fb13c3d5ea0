"""Writes of the members' Excel imports (lanhdao.core.imports): the rows of a checked sheet, all in one transaction,
in bulk — the records, their open placements on their units and one audit row for each record created
(audit.services.record_many), with the units' placement ids read in one query for the whole file: 10,000 members
take seconds, not a query per row. The page, the API and the tests all import through these."""

from django.db import transaction
from django.utils.translation import gettext as _

from lanhdao.audit.models import Action
from lanhdao.audit.services import record_many, snapshot
from lanhdao.core.text import fold

from .models import Member, Placement
from .placing import levels_for, place
from .stages import probation_end

# What a checked row holds besides the fields of its record.
_NOT_FIELDS = {"row", "placed_on"}


def members_import(*, actor, rows: list[dict]) -> int:
    """Members already in the Party (excel_members' rows) and their open placements on their cells."""
    levels = levels_for(data["unit"] for data in rows)  # one query for every unit of the file
    members, starts = [], []
    for data in rows:
        fields = {k: v for k, v in data.items() if k not in _NOT_FIELDS}
        member = Member(**fields, created_by=actor, probation_ends_on=probation_end(data["admitted_on"]))
        member.search_name = fold(f"{member.full_name} {member.card_number}")[:250]  # what save() would set
        members.append(place(member, data["unit"], levels))
        starts.append(data["placed_on"])
    note = _("Imported from Excel")
    with transaction.atomic():
        Member.objects.bulk_create(members, batch_size=1000)
        placements = [
            place(Placement(member=member, unit=member.unit, started_on=start), member.unit, levels)
            for member, start in zip(members, starts, strict=True)
        ]
        Placement.objects.bulk_create(placements, batch_size=1000)
        record_many(actor=actor, action=Action.CREATE, note=note, changes=[(m, None, snapshot(m)) for m in members])
        record_many(actor=actor, action=Action.CREATE, note=note, changes=[(p, None, snapshot(p)) for p in placements])
    return len(members)
