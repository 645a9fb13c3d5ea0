"""Cadre work (công tác cán bộ, DOMAIN.md §2.8) done on party members: the posts they hold, the succession plans that
name them, their trainings, their rotations and transfers, their nominations.

These models lived in members until issue 14 and keep the tables they had there (`members_…`, Meta.db_table): the
move was made in the migration state only (members 0005_cadres_move_out, cadres 0001_initial), no row was copied.
Each row is placed on a unit as the members' facts are (members.models.Placed).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lanhdao.members.models import Member, Placed


def _path_index(field: str, name: str) -> models.Index:
    # LIKE 'prefix%' on PostgreSQL whatever the collation (the opclass is ignored elsewhere)
    return models.Index(fields=[field], name=name, opclasses=["varchar_pattern_ops"])


class PositionHeld(Placed):
    """A post a member held in a body (which body, which post, from–to). `unit_path` is the body's."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey("org.Unit", verbose_name=_("body"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("post"), max_length=200)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("member", "unit", "title", "started_on", "ended_on", "decision")

    class Meta:
        db_table = "members_positionheld"  # the table it had in members: moved in the state only
        verbose_name = _("position held")
        verbose_name_plural = _("positions held")
        ordering = ["-started_on"]
        indexes = [_path_index("unit_path", "position_path_like")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="position_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.unit}"


class SuccessionEntry(Placed):
    """A name on a succession plan (quy hoạch) of a body for a term, for a post."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="succession")
    unit = models.ForeignKey("org.Unit", verbose_name=_("body"), on_delete=models.PROTECT, related_name="+")
    term = models.CharField(_("term"), max_length=9, help_text=_("e.g. 2025-2030"))
    title = models.CharField(_("post"), max_length=200)
    added_on = models.DateField(_("added on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("member", "unit", "term", "title", "added_on", "removed_on", "decision")

    class Meta:
        db_table = "members_successionentry"  # the table it had in members: moved in the state only
        verbose_name = _("succession plan entry")
        verbose_name_plural = _("succession plan entries")
        ordering = ["term", "title"]
        indexes = [_path_index("unit_path", "succession_path_like")]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "unit", "term", "title"],
                condition=models.Q(removed_on__isnull=True),
                name="succession_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.title} ({self.term})"


class TrainingKind(models.TextChoices):
    THEORY = "theory", _("Political theory")
    EXPERTISE = "expertise", _("Professional expertise")
    STATE_MANAGEMENT = "state_management", _("State management")
    REFRESHER = "refresher", _("Refresher course (bồi dưỡng)")


class Training(Placed):
    """A course a member attended (đào tạo, bồi dưỡng). `unit_path` is the member's cell at the time."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="trainings")
    unit = models.ForeignKey("org.Unit", verbose_name=_("party cell"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(pgettext_lazy("training", "kind"), max_length=16, choices=TrainingKind.choices)
    course = models.CharField(_("course"), max_length=300)
    level = models.CharField(_("level reached"), max_length=16, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    completed = models.BooleanField(_("completed"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("member", "unit", "kind", "course", "level", "institution", "started_on", "ended_on", "completed")

    class Meta:
        db_table = "members_training"  # the table it had in members: moved in the state only
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-started_on"]
        indexes = [_path_index("unit_path", "training_path_like")]

    def __str__(self) -> str:
        return self.course


class MovementKind(models.TextChoices):
    ROTATION = "rotation", _("Rotation (luân chuyển)")
    TRANSFER = "transfer", _("Transfer (điều động)")
    SECONDMENT = "secondment", _("Secondment (biệt phái)")


class Movement(Placed):
    """A rotation or transfer of a cadre, decided by a unit. `unit` and `unit_path` are the deciding unit's."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="movements")
    unit = models.ForeignKey("org.Unit", verbose_name=_("deciding unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(pgettext_lazy("movement", "kind"), max_length=12, choices=MovementKind.choices)
    from_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=pgettext_lazy("movement", "from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=pgettext_lazy("movement", "to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    destination = models.CharField(_("destination"), max_length=300, blank=True)
    post = models.CharField(_("post"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = (
        "member",
        "unit",
        "kind",
        "from_unit",
        "to_unit",
        "destination",
        "post",
        "decided_on",
        "starts_on",
        "ends_on",
        "decision",
    )

    class Meta:
        db_table = "members_movement"  # the table it had in members: moved in the state only
        verbose_name = _("rotation or transfer")
        verbose_name_plural = _("rotations and transfers")
        ordering = ["-decided_on"]
        indexes = [_path_index("unit_path", "movement_path_like")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.member}"


class NominationKind(models.TextChoices):
    ELECTION = "election", _("Nomination for election (giới thiệu ứng cử)")
    APPOINTMENT = "appointment", _("Introduction for appointment (giới thiệu bổ nhiệm)")


class NominationOutcome(models.TextChoices):
    PENDING = "", _("Pending")
    ELECTED = "elected", _("Elected / appointed")
    NOT_ELECTED = "not_elected", _("Not elected / not appointed")
    WITHDRAWN = "withdrawn", pgettext_lazy("nomination", "Withdrawn")


class Nomination(Placed):
    """A nomination for election or an introduction for appointment, by a unit (seed 003: 239 grassroots
    nominations; 8 introduced for chair and vice-chair of People's Committees)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="nominations")
    unit = models.ForeignKey("org.Unit", verbose_name=_("nominating unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(pgettext_lazy("nomination", "kind"), max_length=12, choices=NominationKind.choices)
    body = models.ForeignKey(
        "org.Unit", verbose_name=_("body"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField(_("post"), max_length=200)
    nominated_on = models.DateField(pgettext_lazy("nomination", "date"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=NominationOutcome.choices, blank=True)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("member", "unit", "kind", "body", "post", "nominated_on", "outcome", "outcome_on")

    class Meta:
        db_table = "members_nomination"  # the table it had in members: moved in the state only
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-nominated_on"]
        indexes = [_path_index("unit_path", "nomination_path_like")]

    def __str__(self) -> str:
        return f"{self.member} — {self.post}"
