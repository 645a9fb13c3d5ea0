"""Read-only admin views: the product's pages and services do the writing (and the auditing). Members' personal data
are not listed here: the admin shows what a record is, its pages show who it is (and log who looked)."""

from django.contrib import admin

from .models import (
    Award,
    BadgeAward,
    Member,
    MemberEvaluation,
    OrganisationEvaluation,
    Placement,
    ProbationAlert,
    Transfer,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Member)
class MemberAdmin(ReadOnly):
    list_display = ("full_name", "unit", "card_number", "admitted_on", "full_on", "ended_on")
    exclude = Member.PERSONAL_FIELDS
    search_fields = ("search_name",)


@admin.register(Placement)
class PlacementAdmin(ReadOnly):
    list_display = ("member", "unit", "started_on", "ended_on")


@admin.register(Transfer)
class TransferAdmin(ReadOnly):
    list_display = ("member", "from_unit", "to_unit", "sent_on", "received_on", "cancelled_at")


@admin.register(MemberEvaluation)
class MemberEvaluationAdmin(ReadOnly):
    list_display = ("member", "unit", "year", "grade")
    list_filter = ("year", "grade")


@admin.register(OrganisationEvaluation)
class OrganisationEvaluationAdmin(ReadOnly):
    list_display = ("unit", "year", "grade")
    list_filter = ("year", "grade")


@admin.register(Award)
class AwardAdmin(ReadOnly):
    list_display = ("title", "member", "unit", "year", "awarded_on")


@admin.register(BadgeAward)
class BadgeAwardAdmin(ReadOnly):
    list_display = ("member", "years", "awarded_on", "decision")


@admin.register(ProbationAlert)
class ProbationAlertAdmin(ReadOnly):
    list_display = ("member", "probation_ends_on", "sent_at")
