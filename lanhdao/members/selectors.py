"""Reads of members and cadre work. Every list starts from `members_for(user)` (or a `<things>_for(user)`): the rows
on a unit in the user's view scope. Personal data is never filtered or ordered on here: who may see it is decided
per member by members.permissions."""

import datetime

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Collate
from django.utils import timezone

from lanhdao.accounts.models import RoleAssignment
from lanhdao.accounts.roles import ROLE_PERMS, Perm, roles_with
from lanhdao.accounts.selectors import role_paths, scope_paths
from lanhdao.core.access import parse_id
from lanhdao.core.search import filter_folded
from lanhdao.org.kinds import PARTY_ORGANISATIONS
from lanhdao.org.models import Unit
from lanhdao.org.records import Source
from lanhdao.org.selectors import children, path_prefix_q, subtree_q

from .models import Member, Placement, TemporaryPlacement, Transfer
from .stages import Stage, in_party_q, probation_overdue_q, stage_expression, stage_q


def _visible(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def scoped(qs: QuerySet, user, *path_fields: str) -> QuerySet:
    """Rows of `qs` whose unit (any of `path_fields`, default `unit_path`) lies in `user`'s view scope."""
    if not _visible(user):
        return qs.none()
    if user.is_superuser:
        return qs
    roots = scope_paths(user, Perm.VIEW)
    condition = Q(pk__in=[])
    for field in path_fields or ("unit_path",):
        condition |= subtree_q(roots, field)
    return qs.filter(condition)


def members_for(user) -> QuerySet[Member]:
    """Everyone in the pipeline or in the Party (and those who left) on a unit in `user`'s view scope."""
    return scoped(Member.objects.all(), user)


def search_members(qs: QuerySet[Member], query: str) -> QuerySet[Member]:
    """By name or party card number, with or without diacritics."""
    return filter_folded(qs, "search_name", query) if query.strip() else qs


def personal_paths(user) -> tuple[list[str], set[str]]:
    """Where `user` may see members' personal data: (subtree roots where they hold MEMBER_RECORDS, paths of the
    units they hold any role on — a member's own cell sees its members)."""
    return scope_paths(user, Perm.MEMBER_RECORDS), {path for _, path in role_paths(user)}


def personal_q(user, field: str = "unit_path") -> Q:
    """The rows whose unit lets `user` see personal data (for lists that show it, such as exports)."""
    if user.is_superuser:
        return Q()
    roots, own = personal_paths(user)
    return subtree_q(roots, field) | Q(**{f"{field}__in": own})


# --- lists and history of members --------------------------------------------------------------------------------


def in_subtree(qs: QuerySet, unit: Unit, field: str = "unit_path") -> QuerySet:
    return qs.filter(path_prefix_q(unit.path, field))


def in_list_order(qs: QuerySet[Member], unit: Unit) -> QuerySet[Member]:
    """The members of `unit`'s subtree in the list's order (cell path, name). On PostgreSQL both the range and the
    order use the path under the "C" collation, which the member_list_order index serves (migration 0003); a
    pattern index cannot give an order and the default collation is not the path order."""
    if connection.vendor != "postgresql":
        return in_subtree(qs, unit).order_by("unit_path", "full_name", "pk")
    path = Collate("unit_path", "C")
    return (
        qs.alias(c_path=path)
        .filter(c_path__gte=unit.path, c_path__lt=unit.path + "~")
        .order_by(path.asc(), "full_name", "pk")
    )


def filter_members(
    qs: QuerySet[Member], *, stage: str = "", query: str = "", overdue_on: datetime.date | None = None
) -> QuerySet[Member]:
    """The list's filters: a derived stage, a name or card number (diacritics or not), and — with `overdue_on` —
    the probationary members whose probation ended before that day without a decision."""
    if stage in Stage.values:
        qs = qs.filter(stage_q(stage))
    if overdue_on is not None:
        qs = qs.filter(probation_overdue_q(overdue_on))
    return search_members(qs, query)


def with_stage(qs: QuerySet[Member]) -> QuerySet[Member]:
    return qs.annotate(stage=stage_expression())


def members_on(unit: Unit, day: datetime.date, *, subtree: bool = True) -> QuerySet[Member]:
    """The members (probationary or full) active in `unit`'s subtree (or in `unit` alone) on `day`, past or present,
    read from their placements: a transfer since then does not move them out of the day's answer."""
    placed = Placement.objects.filter(started_on__lte=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    placed = in_subtree(placed, unit) if subtree else placed.filter(unit=unit)
    return Member.objects.filter(in_party_q(day), pk__in=placed.values("member_id"))


def member_history(member: Member) -> dict[str, list]:
    """Everything recorded about one member's party life, each list oldest or newest first as a reader expects."""
    return {
        "placements": list(member.placements.select_related("unit").order_by("started_on", "pk")),
        "temporary_placements": list(member.temporary_placements.select_related("unit").order_by("started_on", "pk")),
        "transfers": list(member.transfers.select_related("from_unit", "to_unit").order_by("-sent_on", "-pk")),
        "evaluations": list(member.evaluations.select_related("unit").order_by("-year")),
        "awards": list(member.awards.select_related("unit").order_by("-awarded_on", "-pk")),
        "badges": list(member.badges.order_by("years")),
    }


def open_placement(member: Member) -> Placement | None:
    return member.placements.filter(ended_on__isnull=True).first()


def open_temporary_placement(member: Member, day: datetime.date | None = None) -> TemporaryPlacement | None:
    """The member's temporary stay in another organisation on `day` (today): received, its period not over."""
    day = day or timezone.localdate()
    stays = member.temporary_placements.filter(ended_on__isnull=True, started_on__lte=day, until__gt=day)
    return stays.select_related("unit").first()


def people_managing(unit: Unit) -> list:
    """The active users who may manage the members of `unit` (members.permissions.may_manage_members): a role with
    RECORD on the unit itself, or an organisation-board role (MEMBER_RECORDS, which comes with RECORD) on it or above.
    One query."""
    paths = [*unit.ancestor_paths(), unit.path]
    board = [role for role in roles_with(Perm.MEMBER_RECORDS) if Perm.RECORD in ROLE_PERMS[role]]
    own = roles_with(Perm.RECORD)
    roles = (
        RoleAssignment.objects.active()
        .filter(Q(unit__path__in=paths, role__in=board) | Q(unit__path=unit.path, role__in=own))
        .filter(unit__archived_at__isnull=True, user__is_active=True)
        .select_related("user")
    )
    return list({r.user_id: r.user for r in roles}.values())


def party_organisation(*, code: str = "", pk: int | None = None) -> Unit | None:
    """A live party organisation anywhere in the tree, by its exact code or id: the destination of a transfer may lie
    outside the sender's scope (a member moving to another province), so this lookup is not scoped; it tells only
    that a unit with that code exists and its name."""
    qs = Unit.objects.filter(kind__in=PARTY_ORGANISATIONS, archived_at__isnull=True)
    if pk is not None:
        number = parse_id(pk)
        return qs.filter(pk=number).first() if number else None
    return qs.filter(code=code.strip()).first() if code.strip() else None


def party_children(unit: Unit) -> QuerySet[Unit]:
    """The live party organisations right under `unit` (its cells, grassroots organisations or committees)."""
    return children(unit).filter(kind__in=PARTY_ORGANISATIONS)


# --- transfers -----------------------------------------------------------------------------------------------------


def transfers_for(user) -> QuerySet[Transfer]:
    """Transfers from or to a unit in the user's view scope: a pending transfer to one's unit is seen before the
    member is received (and so before the member is in scope)."""
    return scoped(Transfer.objects.all(), user, "from_path", "to_path")


def transfers_in_subtree(qs: QuerySet[Transfer], unit: Unit) -> QuerySet[Transfer]:
    return qs.filter(path_prefix_q(unit.path, "from_path") | path_prefix_q(unit.path, "to_path"))


def pending_transfers(qs: QuerySet[Transfer]) -> QuerySet[Transfer]:
    return qs.filter(received_on__isnull=True, cancelled_at__isnull=True)


def incoming_transfers(user, unit: Unit) -> QuerySet[Transfer]:
    """Pending transfers into `unit`'s subtree that the user may see: what waits to be received there."""
    qs = pending_transfers(transfers_for(user)).filter(path_prefix_q(unit.path, "to_path"))
    return qs.select_related("member", "from_unit", "to_unit").order_by("sent_on", "pk")


def manageable_q(user, field: str = "unit_path") -> Q:
    """Rows whose unit (`field`) lets `user` record and change members: `permissions.may_manage_members` in SQL (RECORD
    there, and the right to see its members' personal data)."""
    if user.is_superuser:
        return Q()
    return subtree_q(scope_paths(user, Perm.RECORD), field) & personal_q(user, field)


def transfers_to_receive(user) -> QuerySet[Transfer]:
    """Pending transfers that `user` may receive (home page): into a unit where they may manage the members (an
    organisation board sees every one into its subtree, as it may receive them there)."""
    qs = pending_transfers(transfers_for(user)).filter(manageable_q(user, "to_path"))
    return qs.select_related("member", "from_unit", "to_unit").order_by("sent_on", "pk")


def probations_undecided(user, today: datetime.date) -> QuerySet[Member]:
    """Probationary members whose twelve months (Party Charter Art. 5) ended before `today` without a decision, on a
    unit where `user` may record it (home page): the members list's "probation ended without a decision"."""
    qs = members_for(user).filter(probation_overdue_q(today)).filter(manageable_q(user))
    return qs.select_related("unit").order_by("probation_ends_on", "pk")


def pending_transfer_of(member: Member) -> Transfer | None:
    return pending_transfers(member.transfers.all()).select_related("to_unit").first()


# Where the reviews find the placements of a unit and its subtree (an admission or a full membership counts where the
# member was placed on its day). Admissions and full memberships are found through two different indexes of the
# members by date (member_admitted_id, member_full_id): counted apart.
PLACEMENT_RECORDS = Source(Placement, related=("member",), apart=True)
