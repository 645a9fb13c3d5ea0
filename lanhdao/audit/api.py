from rest_framework import serializers

from lanhdao.accounts.selectors import clearance_of

from .models import AuditEntry
from .selectors import redacted


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    hidden = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        default=list,
        help_text="Keys of before/after whose value names a record you may not open (given as null).",
    )

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "action", "object_repr", "before", "after", "note", "hidden"]


def history_response(view, entries):
    """The `history` action of every viewset: a page of `entries` (audit.selectors.history_for) as the caller may see
    it. Rows above their clearance are left out; values naming a record they may not open are null and listed in
    `hidden` (README "Confidentiality")."""
    reader = view.request.user
    page = view.paginate_queryset(entries.filter(confidentiality__lte=clearance_of(reader)))
    for entry, before, after, hidden in redacted(page, reader):
        entry.before, entry.after, entry.hidden = before, after, hidden
    return view.get_paginated_response(AuditEntrySerializer(page, many=True).data)
