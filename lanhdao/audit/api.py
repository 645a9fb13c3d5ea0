from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .models import AuditEntry
from .selectors import history_for, readings


class AuditChangeSerializer(serializers.Serializer):
    field = serializers.CharField(source="name", help_text="The key of before/after.")
    label = serializers.CharField(help_text="The field's name in the reader's language.")
    before = serializers.CharField(allow_null=True, help_text="The value before, as a person reads it.")
    after = serializers.CharField(allow_null=True, help_text="The value after, as a person reads it.")


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    hidden = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        default=list,
        help_text="Keys of before/after whose value names a record you may not open (given as null).",
    )
    changes = AuditChangeSerializer(
        source="readable_changes",
        many=True,
        read_only=True,
        default=list,
        help_text="What changed, readable: labels, records by name, choices by label, dates as dd/mm/yyyy.",
    )

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "action", "object_repr", "before", "after", "note", "hidden", "changes"]


def history_response(view, obj):
    """A page of `obj`'s history (audit.selectors.history_for, as its reader sees it: rows above their clearance
    left out) for the API. Values naming a record they may not open are null and listed in `hidden` (README
    "Confidentiality"); `changes` says the same in words."""
    reader = view.request.user
    page = view.paginate_queryset(view.history_entries(history_for(obj, reader=reader)))
    for reading in readings(page, reader):
        entry = reading.entry
        entry.before, entry.after, entry.hidden = reading.before, reading.after, reading.hidden
        entry.readable_changes = reading.changes
    return view.get_paginated_response(AuditEntrySerializer(page, many=True).data)


class HistoryMixin:
    """The `history` action of every viewset over audited records (`/api/<records>/<id>/history/`): the record is
    opened through `history_record(pk)` — by default `access(pk)`, the viewset's access function, which answers 404
    alike for a record that does not exist and one outside the caller's scope."""

    def access(self, pk, *, write=False):
        raise NotImplementedError

    def history_record(self, pk):
        return self.access(pk)

    def history_entries(self, entries):
        """The rows shown (a viewset may leave some out)."""
        return entries

    @extend_schema(responses=AuditEntrySerializer(many=True))
    @action(detail=True)
    def history(self, request, pk=None):
        return history_response(self, self.history_record(pk))


class ScopedViewSet(HistoryMixin, viewsets.GenericViewSet):
    """The base of a viewset over records the caller reads in their scope: `list` pages `in_scope(request)` newest
    first (`date_field`, then pk); `retrieve` and `history` open one record through `access`, which answers 404 alike
    for a record that does not exist and one outside the caller's scope. It lives here rather than in `core` because
    its history is audit's, and core imports no app."""

    date_field = ""

    def in_scope(self, request):
        """The records listed: the caller's scope, narrowed by the query's filters."""
        raise NotImplementedError

    def list(self, request):
        page = self.paginate_queryset(self.in_scope(request).order_by(f"-{self.date_field}", "-pk"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.serializer_class(self.access(pk)).data)
