from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionKey(models.Model):
    """One submission of a create, claimed before the view runs (lanhdao.core.idempotence): the one-time token of a
    page's form, or the Idempotency-Key header of an API call. The unique (user, key) makes a second submission with
    the same key wait for, or be answered with, the first one's result instead of creating a second record."""

    class Status(models.TextChoices):
        IN_FLIGHT = "in_flight", _("in flight")
        DONE = "done", _("done")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # what was sent: a key reused for another request is refused
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.IN_FLIGHT)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    location = models.CharField(max_length=2000, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="submissionkey_user_key")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
