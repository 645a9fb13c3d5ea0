"""Reads of cadre work: the rows a user may see, the lists of the pages and the API, the access to one row, and the
figures the reviews quote.

A cadre row is seen by whoever sees its member (the member's record shows all of it) or the unit it is placed on (a
body's viewers see who holds and who is planned for its posts). The figures apply no user scope: the caller checks
that its user may see the unit (`access_unit`), as the other apps' figures do.
"""

import datetime

from django.db.models import Count, Q, QuerySet

from lanhdao.members.models import Member
from lanhdao.members.selectors import scoped
from lanhdao.org.models import Unit
from lanhdao.org.records import Source
from lanhdao.org.selectors import path_prefix_q

from .models import (
    Movement,
    MovementKind,
    Nomination,
    NominationKind,
    NominationOutcome,
    PositionHeld,
    SuccessionEntry,
    Training,
    TrainingKind,
)

# --- what a user may see -------------------------------------------------------------------------------------------


def _visible(model, user) -> QuerySet:
    return scoped(model.objects.all(), user, "unit_path", "member__unit_path")


def positions_for(user) -> QuerySet[PositionHeld]:
    return _visible(PositionHeld, user)


def succession_for(user) -> QuerySet[SuccessionEntry]:
    return _visible(SuccessionEntry, user)


def trainings_for(user) -> QuerySet[Training]:
    return _visible(Training, user)


def movements_for(user) -> QuerySet[Movement]:
    return _visible(Movement, user)


def nominations_for(user) -> QuerySet[Nomination]:
    return _visible(Nomination, user)


# --- lists ---------------------------------------------------------------------------------------------------------


def in_subtree(qs: QuerySet, unit: Unit | None, field: str = "unit_path") -> QuerySet:
    return qs.filter(path_prefix_q(unit.path, field)) if unit is not None else qs


def in_period(qs: QuerySet, field: str, start: datetime.date | None, end: datetime.date | None) -> QuerySet:
    if start:
        qs = qs.filter(**{f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


def overlapping(qs: QuerySet, start: datetime.date | None, end: datetime.date | None) -> QuerySet:
    """Rows running at some point of the period (`started_on` … `ended_on`, open-ended when not ended)."""
    if end:
        qs = qs.filter(started_on__lte=end)
    if start:
        qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    return qs


def cadre_record(member: Member) -> dict[str, QuerySet]:
    """Everything of a member's cadre work, for their record (one query per section)."""
    return {
        "positions": member.positions.select_related("unit").order_by("-started_on", "-pk"),
        "succession": member.succession.select_related("unit").order_by("-term", "title", "-pk"),
        "trainings": member.trainings.select_related("unit").order_by("-started_on", "-pk"),
        "movements": member.movements.select_related("unit", "from_unit", "to_unit").order_by("-decided_on", "-pk"),
        "nominations": member.nominations.select_related("unit", "body").order_by("-nominated_on", "-pk"),
    }


def open_positions(member: Member) -> QuerySet[PositionHeld]:
    return member.positions.filter(ended_on__isnull=True).select_related("unit").order_by("-started_on")


def succession_plan(qs: QuerySet[SuccessionEntry], *, unit: Unit, term: str, include_removed: bool = False):
    """A plan (quy hoạch) of the bodies in `unit`'s subtree for `term`, by body and post."""
    qs = in_subtree(qs, unit).filter(term=term)
    if not include_removed:
        qs = qs.filter(removed_on__isnull=True)
    return qs.select_related("unit", "member", "member__unit").order_by("unit_path", "title", "member__full_name")


def terms(qs: QuerySet[SuccessionEntry]) -> list[str]:
    return list(qs.order_by("-term").values_list("term", flat=True).distinct())


def nomination_counts(qs: QuerySet[Nomination]) -> dict[str, int]:
    """The nominations of `qs` by kind and outcome, in one query."""
    return qs.aggregate(**_nomination_counts())


# --- figures for the reviews ----------------------------------------------------------------------------------------


def _where(unit: Unit, subtree: bool) -> Q:
    return path_prefix_q(unit.path, "unit_path") if subtree else Q(unit_path=unit.path)


def _count(condition: Q | None = None) -> Count:
    return Count("pk", filter=condition) if condition is not None else Count("pk")


def movement_figures(unit: Unit, start, end, *, subtree: bool = True) -> dict[str, int]:
    """Rotations, transfers and secondments decided in the period (one query)."""
    counts = {"movements": _count()} | {f"{k.value}s": _count(Q(kind=k)) for k in MovementKind}
    return Movement.objects.filter(_where(unit, subtree), decided_on__gte=start, decided_on__lte=end).aggregate(
        **counts
    )


def training_figures(unit: Unit, start, end, *, subtree: bool = True) -> dict[str, int]:
    """Courses started in the period and courses completed in it, by kind (one query)."""
    started = Q(started_on__gte=start, started_on__lte=end)
    completed = Q(completed=True, ended_on__gte=start, ended_on__lte=end)
    counts = {"trainings_started": _count(started), "trainings_completed": _count(completed)}
    for kind in TrainingKind:
        counts[f"trainings_started_{kind.value}"] = _count(started & Q(kind=kind))
        counts[f"trainings_completed_{kind.value}"] = _count(completed & Q(kind=kind))
    return Training.objects.filter(_where(unit, subtree)).filter(started | completed).aggregate(**counts)


def _outcome_key(outcome: str) -> str:
    return outcome or "pending"


def _nomination_counts() -> dict[str, Count]:
    counts = {"nominations": _count()}
    for kind in NominationKind:
        counts[f"nominations_{kind.value}"] = _count(Q(kind=kind))
    for outcome in NominationOutcome:
        counts[f"nominations_{_outcome_key(outcome.value)}"] = _count(Q(outcome=outcome))
        for kind in NominationKind:
            counts[f"nominations_{kind.value}_{_outcome_key(outcome.value)}"] = _count(Q(kind=kind, outcome=outcome))
    return counts


def nomination_figures(unit: Unit, start, end, *, subtree: bool = True) -> dict[str, int]:
    """Nominations made in the period by kind, and what became of them (one query)."""
    qs = Nomination.objects.filter(_where(unit, subtree), nominated_on__gte=start, nominated_on__lte=end)
    return qs.aggregate(**_nomination_counts())


def position_figures(unit: Unit, start, end, *, subtree: bool = True) -> dict[str, int]:
    """Posts taken up and left in the period, in the bodies of the subtree (one query)."""
    started = Q(started_on__gte=start, started_on__lte=end)
    ended = Q(ended_on__gte=start, ended_on__lte=end)
    return (
        PositionHeld.objects.filter(_where(unit, subtree))
        .filter(started | ended)
        .aggregate(positions_started=_count(started), positions_ended=_count(ended))
    )


def succession_figures(unit: Unit, start, end, *, subtree: bool = True) -> dict[str, int]:
    """Names added to and removed from succession plans in the period (one query)."""
    added = Q(added_on__gte=start, added_on__lte=end)
    removed = Q(removed_on__gte=start, removed_on__lte=end)
    return (
        SuccessionEntry.objects.filter(_where(unit, subtree))
        .filter(added | removed)
        .aggregate(succession_added=_count(added), succession_removed=_count(removed))
    )


def cadre_figures(*, unit: Unit, start: datetime.date, end: datetime.date, subtree: bool = True) -> dict[str, int]:
    """Every figure of cadre work for `unit` (and its subtree) over the closed period `start`…`end`: five queries,
    whatever the size of the subtree."""
    figures: dict[str, int] = {}
    for function in (movement_figures, training_figures, nomination_figures, position_figures, succession_figures):
        figures |= {k: v or 0 for k, v in function(unit, start, end, subtree=subtree).items()}
    return figures


FIGURE_KEYS: tuple[str, ...] = (
    "movements",
    *(f"{k.value}s" for k in MovementKind),
    "trainings_started",
    "trainings_completed",
    *(f"trainings_{state}_{k.value}" for state in ("started", "completed") for k in TrainingKind),
    *_nomination_counts(),
    "positions_started",
    "positions_ended",
    "succession_added",
    "succession_removed",
)


# Where the reviews find the cadre work on the members of a unit and its subtree (reports.selectors).
MOVEMENT_RECORDS = Source(Movement, related=("member",))
TRAINING_RECORDS = Source(Training, related=("member",))
NOMINATION_RECORDS = Source(Nomination, related=("member",))
