from rest_framework import serializers

from .models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor", "action", "object_repr", "before", "after", "note"]
