"""Meetings of committees and their bodies, submissions of the State bodies to the Standing Board, and the
assignment of committee members to follow grassroots organisations (DOMAIN.md §2.3, §2.4, §2.10).

Only facts are stored (dates, who, what was decided); states such as "held", "overdue" or "decided without the
required opinion" are derived from them and the date (`rules.py`), so the figures of a review report come from
recorded events.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lanhdao.accounts.roles import Clearance


class MeetingKind(models.TextChoices):
    STANDING_MEMBERS = "standing_members", _("Standing members meeting")
    STANDING_BOARD = "standing_board", _("Standing Board meeting")
    PLENUM = "plenum", _("Executive Committee plenum")
    LIAISON = "liaison", _("Liaison meeting (giao ban)")
    THEMATIC = "thematic", _("Thematic conference")
    REVIEW = "review", _("Review conference")
    CELL_MONTHLY = "cell_monthly", _("Monthly cell meeting")
    COUNCIL_SESSION = "council_session", _("People's Council session")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee meeting")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")
    AS_NEEDED = "as_needed", _("As needed (no regular meeting)")


class Matter(models.TextChoices):
    PROGRAMME = "programme", _("Programme")
    BUDGET = "budget", _("Budget")
    PERSONNEL = "personnel", _("Personnel under the committee's management")
    OTHER = "other", _("Other matter")


class Outcome(models.TextChoices):
    AGREED = "agreed", _("Agreed")
    AGREED_WITH_CHANGES = "agreed_with_changes", _("Agreed with changes")
    NOT_AGREED = "not_agreed", _("Not agreed")
    CONCLUSION = "conclusion", _("Conclusion")


def path_index(field: str, name: str) -> models.Index:
    # A subtree is `field LIKE 'prefix%'`: on PostgreSQL only a pattern index serves it whatever the collation.
    return models.Index(fields=[field], name=name, opclasses=["varchar_pattern_ops"])


class Meeting(models.Model):
    """A meeting of a unit or of one of its bodies (the Standing Board, the Executive Committee…), on a date.

    A meeting whose date has come and that was not cancelled counts as held.
    """

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit or body that meets"), on_delete=models.PROTECT)
    # The unit's path, kept on the row: figures over a subtree filter by prefix without a join.
    unit_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("subject"), max_length=300, blank=True)
    date = models.DateField(pgettext_lazy("meeting", "date"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chair_name = models.CharField(_("chair (name)"), max_length=150, blank=True)
    member_count = models.PositiveSmallIntegerField(
        _("members of the body"),
        null=True,
        blank=True,
        help_text=_("For the quorum; when empty, the members among the participants are counted."),
    )
    minutes = models.TextField(_("minutes"), blank=True)
    # Personnel matters are discussed in Standing Board meetings: such a meeting is seen only by those cleared for it.
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Clearance.choices, default=Clearance.NORMAL
    )
    conclusion_text = models.TextField(_("conclusion notice"), blank=True)
    conclusion_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("conclusion notice (registered document)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    conclusion_issued_on = models.DateField(_("conclusion notice dated"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancellation"), max_length=300, blank=True)
    # When the attendance was last recorded: until then nobody is marked present, and that is not yet a missed
    # quorum (the meeting page says the attendance is not yet taken instead of warning).
    attendance_taken_at = models.DateTimeField(_("attendance recorded at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What a removed agenda item or participant was, recorded on the meeting (meetings.services).
    audit_labels = {"agenda_item": _("agenda item"), "participant": _("participant")}
    audit_fields = (
        "unit",
        "kind",
        "title",
        "date",
        "location",
        "chair",
        "chair_name",
        "member_count",
        "minutes",
        "confidentiality",
        "conclusion_text",
        "conclusion_document",
        "conclusion_issued_on",
        "cancelled_at",
        "cancel_reason",
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            path_index("unit_path", "meeting_unit_path_like"),
            models.Index(fields=["unit", "kind", "date"], name="meeting_unit_kind_date_idx"),
            models.Index(fields=["date"], name="meeting_date_idx"),
        ]

    def __str__(self) -> str:
        label = self.title or self.get_kind_display()
        return f"{label} — {self.date:%d/%m/%Y}"

    @property
    def chair_display(self) -> str:
        return str(self.chair) if self.chair_id else self.chair_name


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("agenda item"), max_length=500)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submission = models.ForeignKey(
        "Submission",
        verbose_name=_("submission"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )

    audit_fields = ("meeting", "position", "text", "document", "submission")

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Participant(models.Model):
    """Someone invited to a meeting: a user of the system, or a name typed in. `is_member`: a member of the body
    that meets (counted for the quorum), not a guest."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    is_member = models.BooleanField(_("member of the body"), default=True)
    present = models.BooleanField(_("present"), default=False)

    audit_fields = ("meeting", "user", "name", "is_member", "present")

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(name=""), name="participant_user_or_name"
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=models.Q(user__isnull=False), name="one_participation_per_user"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user) if self.user_id else self.name


class MeetingFrequency(models.Model):
    """How often a body holds a kind of meeting, from a date on (seed 004: liaison meetings moved from monthly to
    quarterly). The setting in force on a day is the one with the latest `effective_from` not after it."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit or body"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    frequency = models.CharField(_("how often"), max_length=12, choices=Frequency.choices)
    effective_from = models.DateField(_("in force from"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("unit", "kind", "frequency", "effective_from", "note")

    class Meta:
        verbose_name = _("meeting frequency")
        verbose_name_plural = _("meeting frequencies")
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "effective_from"], name="one_frequency_per_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_frequency_display()} ({self.effective_from:%d/%m/%Y})"


class Submission(models.Model):
    """A submission (tờ trình) of a State body (or any unit) asking the Standing Board's opinion on a matter.

    Tracked until the Board's opinion or conclusion (`opinion_on`). If the State body decided the matter
    (`decided_on`) before any opinion was given, it is a matter decided without the required opinion.
    """

    from_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey("org.Unit", verbose_name=_("submitted to"), on_delete=models.PROTECT, related_name="+")
    from_path = models.CharField(max_length=255, editable=False)
    to_path = models.CharField(max_length=255, editable=False)
    matter = models.CharField(_("matter"), max_length=12, choices=Matter.choices)
    title = models.CharField(_("subject"), max_length=500)
    symbol = models.CharField(_("symbol"), max_length=80, blank=True)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("registered document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True)
    sent_on = models.DateField(_("sent on"))
    opinion_due = models.DateField(_("opinion due by"))
    opinion_on = models.DateField(_("opinion given on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    opinion_text = models.TextField(_("opinion or conclusion"), blank=True)
    opinion_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("opinion document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("given at meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    decided_on = models.DateField(_("decided by the State body on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_fields = (
        "from_unit",
        "to_unit",
        "matter",
        "title",
        "symbol",
        "document",
        "summary",
        "sent_on",
        "opinion_due",
        "opinion_on",
        "outcome",
        "opinion_text",
        "opinion_document",
        "opinion_meeting",
        "decided_on",
        "withdrawn_at",
        "withdraw_reason",
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        indexes = [
            path_index("to_path", "submission_to_path_like"),
            path_index("from_path", "submission_from_path_like"),
            models.Index(fields=["opinion_due"], name="submission_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opinion_due__gte=models.F("sent_on")), name="submission_due_after_sent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}".strip() if self.symbol else self.title


class ConclusionPoint(models.Model):
    """One point of a conclusion notice (of a meeting, or of the Board's opinion on a submission), turned into a
    task of the work app."""

    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="points")
    submission = models.ForeignKey(Submission, null=True, blank=True, on_delete=models.PROTECT, related_name="points")
    position = models.PositiveSmallIntegerField(default=0)
    task = models.OneToOneField("work.Task", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("meeting", "submission", "position", "task")

    class Meta:
        verbose_name = _("conclusion point")
        verbose_name_plural = _("conclusion points")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meeting__isnull=False, submission__isnull=True)
                | models.Q(meeting__isnull=True, submission__isnull=False),
                name="point_of_meeting_or_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.task_id}"


class Responsibility(models.Model):
    """A member of the Standing Board or the Executive Committee of `committee`, assigned to follow a grassroots
    organisation under it (phân công phụ trách), from `starts_on` to `ends_on` (open-ended when empty)."""

    committee = models.ForeignKey("org.Unit", verbose_name=_("committee"), on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("organisation followed"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("committee", "member", "unit", "starts_on", "ends_on", "note")

    class Meta:
        verbose_name = _("responsibility assignment")
        verbose_name_plural = _("responsibility assignments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="responsibility_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.unit}"
