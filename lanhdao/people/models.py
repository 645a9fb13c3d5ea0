"""Work with the people (DOMAIN.md §2.6–2.7): field visits, dialogues, citizen reception, petitions, and the leaders'
personal commitment plans.

Every row keeps the path of its unit (`unit_path`, …) so that a subtree is one prefix query without a join, as tasks
do. Rows recorded by mistake are archived (`archived_at`), never deleted; figures and lists leave them out. Only
facts are stored: a petition's status is derived from them and the date by people.status.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lanhdao.core.text import fold


def _path_index(field: str, name: str) -> models.Index:
    # LIKE 'prefix%' on PostgreSQL whatever the collation (the opclass is ignored elsewhere)
    return models.Index(fields=[field], name=name, opclasses=["varchar_pattern_ops"])


class Recorded(models.Model):
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class FieldVisit(Recorded):
    """Leaders of a unit working directly at a unit or place below (đi cơ sở); seed 004 counts 27 of them."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("visiting unit"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    visited_on = models.DateField(pgettext_lazy("people", "date"), db_index=True)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visitor_name = models.CharField(_("leader"), max_length=200)
    place_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("visited unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place_path = models.CharField(max_length=255, editable=False, blank=True, default="")
    place = models.CharField(_("place"), max_length=300, blank=True)
    purpose = models.CharField(_("purpose"), max_length=500)
    summary = models.TextField(_("situation found"), blank=True)
    search_text = models.CharField(max_length=1100, editable=False, default="")

    audit_fields = (
        "unit",
        "visited_on",
        "visitor",
        "visitor_name",
        "place_unit",
        "place",
        "purpose",
        "summary",
        "archived_at",
    )

    class Meta:
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        indexes = [_path_index("unit_path", "people_visit_path_like"), _path_index("place_path", "people_place_like")]

    def __str__(self) -> str:
        return f"{self.visited_on:%d/%m/%Y} — {self.visitor_name} — {self.where}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.visitor_name} {self.place} {self.purpose}")[:1100]
        super().save(*args, **kwargs)

    @property
    def where(self) -> str:
        return self.place_unit.name if self.place_unit_id else self.place


class Dialogue(Recorded):
    """A direct dialogue between the leaders of a unit and citizens (seed 004: 5 by the committee and the People's
    Council, 30+ by the People's Committee's leaders)."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    held_on = models.DateField(pgettext_lazy("people", "date"), db_index=True)
    led_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("led by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    led_by_name = models.CharField(_("led by"), max_length=200)
    topic = models.CharField(_("topic"), max_length=500)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    place = models.CharField(_("place"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    search_text = models.CharField(max_length=1100, editable=False, default="")

    audit_fields = (
        "unit",
        "held_on",
        "led_by",
        "led_by_name",
        "topic",
        "participants",
        "place",
        "summary",
        "archived_at",
    )

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        indexes = [_path_index("unit_path", "people_dialogue_path_like")]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} — {self.topic}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.led_by_name} {self.topic} {self.place}")[:1100]
        super().save(*args, **kwargs)


class Finding(models.Model):
    """A finding of a field visit or an issue raised at a dialogue; it may become a task of the visiting unit."""

    visit = models.ForeignKey(FieldVisit, null=True, blank=True, on_delete=models.CASCADE, related_name="findings")
    dialogue = models.ForeignKey(Dialogue, null=True, blank=True, on_delete=models.CASCADE, related_name="findings")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("finding"))
    task = models.ForeignKey(
        "work.Task", verbose_name=_("task"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("visit", "dialogue", "position", "text", "task")

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(visit__isnull=False, dialogue__isnull=True)
                | models.Q(visit__isnull=True, dialogue__isnull=False),
                name="finding_of_one_event",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Every month, on a day of the month")
    WEEKLY = "weekly", _("Every week, on a weekday")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ReceptionSchedule(models.Model):
    """A unit's regular citizen reception (tiếp công dân): e.g. the 15th of each month, or every Thursday."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    day_of_month = models.PositiveSmallIntegerField(_("day of the month"), null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, null=True, blank=True)
    receivers = models.CharField(_("who receives"), max_length=300, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_fields = ("unit", "frequency", "day_of_month", "weekday", "receivers", "place", "starts_on", "ends_on")

    class Meta:
        verbose_name = _("reception schedule")
        verbose_name_plural = _("reception schedules")
        indexes = [_path_index("unit_path", "people_schedule_path_like")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(frequency="monthly", day_of_month__gte=1, day_of_month__lte=31)
                | models.Q(frequency="weekly", weekday__gte=0, weekday__lte=6),
                name="schedule_rule_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="schedule_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.rule}"

    @property
    def rule(self) -> str:
        if self.frequency == Frequency.MONTHLY:
            return _("day %(day)s of each month") % {"day": self.day_of_month}
        return _("every %(weekday)s") % {"weekday": Weekday(self.weekday).label.lower()}


class ReceptionDay(Recorded):
    """A citizen reception day held: when, who received, how many cases."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    schedule = models.ForeignKey(
        ReceptionSchedule,
        verbose_name=_("schedule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="days",
    )
    held_on = models.DateField(pgettext_lazy("people", "date"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_by_name = models.CharField(_("received by"), max_length=200)
    cases = models.PositiveIntegerField(_("cases"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    audit_fields = ("unit", "schedule", "held_on", "received_by", "received_by_name", "cases", "notes", "archived_at")

    class Meta:
        verbose_name = _("reception day")
        verbose_name_plural = _("reception days")
        indexes = [_path_index("unit_path", "people_reception_path_like")]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "held_on"], condition=models.Q(archived_at__isnull=True), name="one_reception_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} — {self.unit}"


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person, at a reception")
    POST = "post", _("By post")
    EMAIL = "email", _("By e-mail or the portal")
    PHONE = "phone", _("By telephone (hotline)")
    DIALOGUE = "dialogue", _("At a dialogue")
    FORWARDED = "forwarded", _("Forwarded by another body")


class PetitionKind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommendation, reflection (kiến nghị, phản ánh)")
    COMPLAINT = "complaint", _("Complaint (khiếu nại)")
    DENUNCIATION = "denunciation", _("Denunciation (tố cáo)")


class Petition(Recorded):
    """A petition or letter from citizens (đơn thư, kiến nghị): received by a unit, assigned to a unit (the same or
    one below) to answer by a deadline, answered."""

    receiving_unit = models.ForeignKey(
        "org.Unit", verbose_name=pgettext_lazy("petition", "received by"), on_delete=models.PROTECT, related_name="+"
    )
    receiving_path = models.CharField(max_length=255, editable=False, db_index=True)
    assigned_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("assigned to"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_path = models.CharField(max_length=255, editable=False, blank=True, default="")
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    received_on = models.DateField(_("received on"), db_index=True)
    sender = models.CharField(pgettext_lazy("people", "from"), max_length=300)
    sender_contact = models.CharField(_("sender's address or telephone"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    content = models.TextField(_("content"), blank=True)
    kind = models.CharField(
        pgettext_lazy("people", "kind"),
        max_length=20,
        choices=PetitionKind.choices,
        default=PetitionKind.RECOMMENDATION,
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    reception_day = models.ForeignKey(
        ReceptionDay,
        verbose_name=_("received at the reception of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    deadline = models.DateField(_("answer due by"), db_index=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_text = models.CharField(max_length=900, editable=False, default="")

    audit_fields = (
        "receiving_unit",
        "assigned_unit",
        "received_on",
        "sender",
        "sender_contact",
        "subject",
        "content",
        "kind",
        "channel",
        "reception_day",
        "deadline",
        "answered_on",
        "answer",
        "archived_at",
    )

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        indexes = [
            _path_index("receiving_path", "people_petition_recv_like"),
            _path_index("assigned_path", "people_petition_asgn_like"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("received_on")), name="petition_deadline_after_receipt"
            ),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True) | models.Q(answered_on__gte=models.F("received_on")),
                name="petition_answer_after_receipt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_on:%d/%m/%Y} — {self.subject}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.sender} {self.subject}")[:900]
        super().save(*args, **kwargs)


class PeriodKind(models.TextChoices):
    YEAR = "year", _("A year")
    TERM = "term", _("A term")


class CommitmentPlan(models.Model):
    """A leader's personal plan to set an example (kế hoạch cá nhân thực hiện trách nhiệm nêu gương, Regulations
    101-QĐ/TW, 55-QĐ/TW): commitments for a year or a term, published for citizens to follow, self-assessed at the end.

    The leader's name and position are kept as they stood on the plan: that is what the public page shows.
    """

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader (account)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitment_plans",
    )
    leader_name = models.CharField(_("leader"), max_length=150)
    leader_position = models.CharField(_("position"), max_length=200)
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    unit_path = models.CharField(max_length=255, editable=False, db_index=True)
    period_kind = models.CharField(_("period"), max_length=6, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    year_start = models.PositiveSmallIntegerField(_("from year"))
    year_end = models.PositiveSmallIntegerField(_("to year"))
    title = models.CharField(pgettext_lazy("people", "title"), max_length=300)
    internal_note = models.TextField(_("internal note (never published)"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessment_summary = models.TextField(_("self-assessment"), blank=True)
    assessed_at = models.DateTimeField(_("self-assessed at"), null=True, blank=True)
    assessment_published_at = models.DateTimeField(_("self-assessment published at"), null=True, blank=True)
    search_text = models.CharField(max_length=700, editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The plan's commitments are recorded with it, one line each (people.services_plans).
    audit_labels = {"commitments": _("commitments")}
    audit_fields = (
        "leader",
        "leader_name",
        "leader_position",
        "unit",
        "period_kind",
        "year_start",
        "year_end",
        "title",
        "internal_note",
        "published_at",
        "assessment_summary",
        "assessed_at",
        "assessment_published_at",
    )

    class Meta:
        verbose_name = _("personal commitment plan")
        verbose_name_plural = _("personal commitment plans")
        indexes = [_path_index("unit_path", "people_plan_path_like")]
        constraints = [
            models.CheckConstraint(condition=models.Q(year_end__gte=models.F("year_start")), name="plan_years_ordered")
        ]

    def __str__(self) -> str:
        return f"{self.leader_name} — {self.period}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.leader_name} {self.leader_position} {self.title}")[:700]
        super().save(*args, **kwargs)

    @property
    def period(self) -> str:
        return str(self.year_start) if self.year_start == self.year_end else f"{self.year_start}–{self.year_end}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Result(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class Commitment(models.Model):
    plan = models.ForeignKey(CommitmentPlan, on_delete=models.CASCADE, related_name="commitments")
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("commitment"))
    result = models.CharField(_("result"), max_length=14, choices=Result.choices, blank=True)
    assessment = models.TextField(_("self-assessment"), blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="one_commitment_per_position")]

    def __str__(self) -> str:
        return self.text[:80]
