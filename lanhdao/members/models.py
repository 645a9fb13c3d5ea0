"""Party members (DOMAIN.md §2.9); the cadre work done on them (§2.8) is lanhdao.cadres'.

One `Member` row per person in the admission pipeline or in the Party: a candidate introduced by a cell becomes a
member when admitted and a full member after the probationary period. Only facts are stored (the dates of each step);
the stage is derived from them by members.stages, in Python and in SQL, as a task's status is.

Every fact row keeps the path of its unit and the ids of its unit's ancestors at depths 2 and 3 (province, then
district or commune; `level2_id`, `level3_id`), so that a subtree is one prefix range and the figures of a province
group on a plain integer column (STYLE.md, "Lessons from the field"). They are written by the services, never by
hand, and rewritten by restructuring.

Personal data (birth date, identity number, addresses, phone, ethnicity, religion) is seen only by roles on the
member's own cell and by organisation-board roles above it (members.permissions); every view of it is logged.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lanhdao.core.text import fold

# Party Charter (Điều lệ Đảng, 2011) Art. 5: a member admitted is probationary for twelve months.
PROBATION_MONTHS = 12
# Party Charter (2011) Art. 1 cl. 2: "Công dân Việt Nam từ mười tám tuổi trở lên ... đều có thể được xét để kết nạp vào
# Đảng." Regulation 232-QĐ/TW of 20/01/2025 on implementing the Charter, on that clause: "Tại thời điểm chi bộ xét
# kết nạp, người vào Đảng phải đủ 18 tuổi đến đủ 60 tuổi (tính theo tháng). Việc kết nạp vào Đảng những người trên 60
# tuổi do cấp uỷ trực thuộc Trung ương xem xét, quyết định." The lower bound is a rule (members.services refuses a
# proposal or an admission before the 18th birthday); above 60 a committee directly under the Centre decides, which
# the record cannot know, so it is not refused.
ADMISSION_AGE_YEARS = 18
# Huy hiệu Đảng: awarded at 30, 40, 45, 50 … 90 years of membership (Quy định 06-QĐ/TW and its successors).
BADGE_YEARS = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)


def _path_index(field: str, name: str) -> models.Index:
    # LIKE 'prefix%' on PostgreSQL whatever the collation (the opclass is ignored elsewhere)
    return models.Index(fields=[field], name=name, opclasses=["varchar_pattern_ops"])


class Placed(models.Model):
    """A fact recorded on a unit: its path and the ids of its depth-2 and depth-3 ancestors (or itself)."""

    unit_path = models.CharField(max_length=255, editable=False, default="")
    level2_id = models.IntegerField(null=True, editable=False)
    level3_id = models.IntegerField(null=True, editable=False)

    class Meta:
        abstract = True


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class TheoryLevel(models.TextChoices):
    """Political theory (lý luận chính trị)."""

    NONE = "", _("None")
    ELEMENTARY = "elementary", _("Elementary (sơ cấp)")
    INTERMEDIATE = "intermediate", _("Intermediate (trung cấp)")
    ADVANCED = "advanced", _("Advanced (cao cấp)")
    BACHELOR = "bachelor", _("Bachelor of political science (cử nhân)")


class Qualification(models.TextChoices):
    """Professional qualification (trình độ chuyên môn)."""

    NONE = "", _("None")
    VOCATIONAL = "vocational", _("Vocational / college")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    DOCTOR = "doctor", _("Doctor")


class EndReason(models.TextChoices):
    NOT_RECOGNISED = "not_recognised", _("Not recognised as a full member")
    REMOVED = "removed", _("Name removed (xóa tên)")
    EXPELLED = "expelled", _("Expelled (khai trừ)")
    RESIGNED = "resigned", _("Left the Party at own request")
    DIED = "died", _("Died")
    WITHDRAWN = "withdrawn", _("Candidacy withdrawn")


# How each one leaves: a member leaves the Party (not recognised at the end of the probation: its own step); a candidate
# is not in it yet, so their candidacy stops (withdrawn by the cell or by themselves, or on their death).
MEMBER_END_REASONS = (EndReason.REMOVED, EndReason.EXPELLED, EndReason.RESIGNED, EndReason.DIED)
CANDIDATE_END_REASONS = (EndReason.WITHDRAWN, EndReason.DIED)


class Member(Placed):
    """A person in the admission pipeline or in the Party, with the cell (or grassroots organisation) they belong to."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("party cell"), on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(_("full name"), max_length=200)
    search_name = models.CharField(max_length=250, editable=False, default="")
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    # personal data: protected, every view logged
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    identity_number = models.CharField(_("citizen identity number"), max_length=20, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True)
    religion = models.CharField(_("religion"), max_length=50, blank=True)
    hometown = models.CharField(_("home town"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # what the Party record shows
    card_number = models.CharField(_("party card number"), max_length=20, blank=True)
    education = models.CharField(_("general education"), max_length=20, blank=True, help_text=_("e.g. 12/12"))
    qualification = models.CharField(
        _("professional qualification"), max_length=16, choices=Qualification.choices, blank=True
    )
    theory_level = models.CharField(_("political theory"), max_length=16, choices=TheoryLevel.choices, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    # the pipeline: facts only
    introduced_on = models.DateField(_("introduced as a candidate on"), null=True, blank=True)
    trained_on = models.DateField(_("completed the course on the Party on"), null=True, blank=True)
    proposed_on = models.DateField(_("proposed for admission on"), null=True, blank=True)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    admission_decision = models.CharField(_("admission decision"), max_length=100, blank=True)
    probation_ends_on = models.DateField(_("probation ends on"), null=True, blank=True, editable=False)
    full_on = models.DateField(_("full member from"), null=True, blank=True)
    full_decision = models.CharField(_("full membership decision"), max_length=100, blank=True)
    ended_on = models.DateField(_("left the Party on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=16, choices=EndReason.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    PERSONAL_FIELDS = ("birth_date", "identity_number", "ethnicity", "religion", "hometown", "address", "phone")
    audit_fields = (
        "unit",
        "full_name",
        "gender",
        *PERSONAL_FIELDS,
        "card_number",
        "education",
        "qualification",
        "theory_level",
        "position",
        "introduced_on",
        "trained_on",
        "proposed_on",
        "admitted_on",
        "admission_decision",
        "full_on",
        "full_decision",
        "ended_on",
        "end_reason",
    )

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        indexes = [
            _path_index("unit_path", "member_path_like"),
            models.Index(fields=["level2_id", "level3_id"], name="member_levels"),
            models.Index(fields=["unit", "full_name"], name="member_unit_name"),
            # The admissions (full memberships) of a period, with the member's id to join the placements: read from
            # the index alone (bench/bench_indicators.py: 760 ms -> 120 ms for the largest province).
            models.Index(fields=["admitted_on", "id"], name="member_admitted_id"),
            models.Index(fields=["full_on", "id"], name="member_full_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(full_on__isnull=True) | models.Q(admitted_on__isnull=False),
                name="member_full_after_admitted",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | ~models.Q(end_reason=""),
                name="member_end_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.full_name} {self.card_number}")[:250]
        super().save(*args, **kwargs)


class Placement(Placed):
    """Where a member was active and when (sinh hoạt đảng): one open row per member; a transfer closes it and opens
    the next, so the history of every cell stays true."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="placements")
    unit = models.ForeignKey("org.Unit", verbose_name=_("party cell"), on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("member", "unit", "started_on", "ended_on")

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["started_on", "id"]
        indexes = [_path_index("unit_path", "placement_path_like")]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(ended_on__isnull=True), name="placement_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.unit}"


class TransferKind(models.TextChoices):
    OFFICIAL = "official", _("Official transfer")
    TEMPORARY = "temporary", _("Temporary transfer")


class Transfer(models.Model):
    """A transfer of party activity (chuyển sinh hoạt đảng) from one organisation to another. Sent by the member's
    organisation; received by the destination (at once when the sender may manage both)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    kind = models.CharField(
        pgettext_lazy("transfer", "kind"), max_length=12, choices=TransferKind.choices, default=TransferKind.OFFICIAL
    )
    from_unit = models.ForeignKey(
        "org.Unit", verbose_name=pgettext_lazy("transfer", "from"), on_delete=models.PROTECT, related_name="+"
    )
    from_path = models.CharField(max_length=255, editable=False, default="")
    to_unit = models.ForeignKey(
        "org.Unit", verbose_name=pgettext_lazy("transfer", "to"), on_delete=models.PROTECT, related_name="+"
    )
    to_path = models.CharField(max_length=255, editable=False, default="")
    sent_on = models.DateField(pgettext_lazy("transfer", "sent on"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # A temporary transfer is for a period (members.services_transfers.TEMPORARY_MONTHS): the day it is meant to end.
    until = models.DateField(_("temporary until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = (
        "member",
        "kind",
        "from_unit",
        "to_unit",
        "sent_on",
        "until",
        "received_on",
        "cancelled_at",
        "note",
    )

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-sent_on", "-id"]
        indexes = [
            _path_index("from_path", "transfer_from_like"),
            _path_index("to_path", "transfer_to_like"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(received_on__isnull=True, cancelled_at__isnull=True),
                name="transfer_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.from_unit} → {self.to_unit}"

    @property
    def is_pending(self) -> bool:
        return self.received_on is None and self.cancelled_at is None


class TemporaryPlacement(models.Model):
    """Temporary party activity (sinh hoạt đảng tạm thời) in another organisation, for a period, after a temporary
    transfer is received. The member stays a member of their official cell (their `Placement` stays open and they are
    counted there, not here: Regulation 232-QĐ/TW, 6.3.2 — see members.services_transfers)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="temporary_placements")
    transfer = models.OneToOneField(Transfer, on_delete=models.PROTECT, related_name="temporary_placement")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("temporary party organisation"), on_delete=models.PROTECT, related_name="+"
    )
    started_on = models.DateField(_("from"))
    until = models.DateField(_("temporary until"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("member", "transfer", "unit", "started_on", "until", "ended_on")

    class Meta:
        verbose_name = _("temporary placement")
        verbose_name_plural = _("temporary placements")
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.member} — {self.unit} ({self.started_on:%d/%m/%Y}–{self.until:%d/%m/%Y})"


class BadgeAward(models.Model):
    """A Party membership badge (Huy hiệu Đảng) awarded for years of membership."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="badges")
    years = models.PositiveSmallIntegerField(_("years of membership"))
    awarded_on = models.DateField(_("awarded on"))
    decision = models.CharField(_("decision"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("member", "years", "awarded_on", "decision")

    class Meta:
        verbose_name = _("membership badge")
        verbose_name_plural = _("membership badges")
        constraints = [models.UniqueConstraint(fields=["member", "years"], name="badge_once")]

    def __str__(self) -> str:
        return _("%(years)s-year badge") % {"years": self.years}


class Grade(models.TextChoices):
    """Annual classification (Quy định 124-QĐ/TW, 2023): the same four levels for members and organisations; for an
    organisation `excellent` is "clean and strong, exemplary" (trong sạch, vững mạnh tiêu biểu)."""

    EXCELLENT = "excellent", _("Excellently completed duties")
    GOOD = "good", _("Well completed duties")
    COMPLETED = "completed", _("Completed duties")
    NOT_COMPLETED = "not_completed", _("Did not complete duties")


class MemberEvaluation(Placed):
    """A member's classification for a year, on the cell they belonged to that year."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="evaluations")
    unit = models.ForeignKey("org.Unit", verbose_name=_("party cell"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.CharField(_("classification"), max_length=16, choices=Grade.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("member", "unit", "year", "grade", "note")

    class Meta:
        verbose_name = _("member classification")
        verbose_name_plural = _("member classifications")
        ordering = ["-year"]
        indexes = [
            _path_index("unit_path", "member_eval_path_like"),
            models.Index(fields=["year", "grade"], name="member_eval_year"),
        ]
        constraints = [models.UniqueConstraint(fields=["member", "year"], name="member_eval_once_a_year")]

    def __str__(self) -> str:
        return f"{self.member} — {self.year}: {self.get_grade_display()}"


class OrganisationEvaluation(Placed):
    """A party organisation's classification for a year."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("party organisation"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    grade = models.CharField(_("classification"), max_length=16, choices=Grade.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("unit", "year", "grade", "note")

    class Meta:
        verbose_name = _("organisation classification")
        verbose_name_plural = _("organisation classifications")
        ordering = ["-year"]
        indexes = [
            _path_index("unit_path", "org_eval_path_like"),
            models.Index(fields=["year", "grade"], name="org_eval_year"),
        ]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="org_eval_once_a_year")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}: {self.get_grade_display()}"


class Award(Placed):
    """An award (khen thưởng) to a member or to an organisation."""

    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.CASCADE, related_name="awards")
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organisation awarded, or the member's cell."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("award"), max_length=300)
    awarded_on = models.DateField(_("awarded on"))
    decision = models.CharField(_("decision"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    audit_fields = ("member", "unit", "year", "title", "awarded_on", "decision")

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-awarded_on"]
        indexes = [_path_index("unit_path", "award_path_like")]

    def __str__(self) -> str:
        return self.title


class ProbationAlert(models.Model):
    """An alert sent because a probation ended without a decision: one per member and probation end, so running the
    reminders again sends nothing twice (a new admission date makes a new probation end, alerted again)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    probation_ends_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("probation alert")
        verbose_name_plural = _("probation alerts")
        constraints = [models.UniqueConstraint(fields=["member", "probation_ends_on"], name="probation_alert_once")]

    def __str__(self) -> str:
        return f"{self.member} — {self.probation_ends_on}"
