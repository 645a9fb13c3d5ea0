"""Read-only admin views: the product's pages and services do the writing (and the auditing)."""

from django.contrib import admin

from .models import CommitmentPlan, Dialogue, FieldVisit, Petition, ReceptionDay, ReceptionSchedule


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FieldVisit)
class FieldVisitAdmin(ReadOnly):
    list_display = ("visited_on", "unit", "visitor_name", "purpose")
    date_hierarchy = "visited_on"


@admin.register(Dialogue)
class DialogueAdmin(ReadOnly):
    list_display = ("held_on", "unit", "topic", "participants")


@admin.register(ReceptionSchedule)
class ReceptionScheduleAdmin(ReadOnly):
    list_display = ("unit", "frequency", "day_of_month", "weekday", "starts_on", "ends_on")


@admin.register(ReceptionDay)
class ReceptionDayAdmin(ReadOnly):
    list_display = ("held_on", "unit", "received_by_name", "cases")


@admin.register(Petition)
class PetitionAdmin(ReadOnly):
    list_display = ("received_on", "receiving_unit", "subject", "deadline", "answered_on")


@admin.register(CommitmentPlan)
class CommitmentPlanAdmin(ReadOnly):
    list_display = ("leader_name", "unit", "year_start", "year_end", "published_at")
