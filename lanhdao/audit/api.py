from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from lanhdao.accounts.selectors import clearance_of

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


def history_response(view, entries):
    """The `history` action of every viewset: a page of `entries` (audit.selectors.history_for) as the caller may see
    it. Rows above their clearance are left out; values naming a record they may not open are null and listed in
    `hidden` (README "Confidentiality"); `changes` says the same in words."""
    reader = view.request.user
    page = view.paginate_queryset(entries.filter(confidentiality__lte=clearance_of(reader)))
    for reading in readings(page, reader):
        entry = reading.entry
        entry.before, entry.after, entry.hidden = reading.before, reading.after, reading.hidden
        entry.readable_changes = reading.changes
    return view.get_paginated_response(AuditEntrySerializer(page, many=True).data)


class ScopedViewSet(viewsets.GenericViewSet):
    """The base of a viewset over records the caller reads in their scope: `list` pages `in_scope(request)` newest
    first (`date_field`, then pk); `retrieve` and `history` open one record through `access`, which answers 404 alike
    for a record that does not exist and one outside the caller's scope. It lives here rather than in `core` because
    its history is audit's, and core imports no app."""

    date_field = ""

    def access(self, pk, *, write=False):
        raise NotImplementedError

    def in_scope(self, request):
        """The records listed: the caller's scope, narrowed by the query's filters."""
        raise NotImplementedError

    def list(self, request):
        page = self.paginate_queryset(self.in_scope(request).order_by(f"-{self.date_field}", "-pk"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.serializer_class(self.access(pk)).data)

    @extend_schema(responses=AuditEntrySerializer(many=True))
    @action(detail=True)
    def history(self, request, pk=None):
        return history_response(self, history_for(self.access(pk)))
