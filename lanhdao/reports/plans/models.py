"""The model of the plans: a unit's target for a year on one indicator. Part of the reports app (its label, its
table reports_indicatortarget), kept beside the rest of the plans; reports/models.py imports it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorTarget(models.Model):
    """The plan of a unit for a year on one indicator of the catalogue (e.g. admit 120 members in 2026), set by the
    unit or by a level above it; the dashboard shows each figure against it. A plan is the unit's with its subtree,
    for the whole calendar year. `key` is an indicator key (reports.indicators.BY_KEY, checked by
    reports.plans.services: the catalogue is code, not a list of choices in the database)."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    key = models.CharField(_("indicator"), max_length=64)
    value = models.PositiveIntegerField(_("target"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    audit_fields = ("unit", "year", "key", "value", "note")

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            # also the index of every read: a unit's (or units') targets for a year
            models.UniqueConstraint(fields=["unit", "year", "key"], name="reports_indicatortarget_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=1), name="reports_indicatortarget_positive"),
        ]

    def __str__(self):
        return f"{self.unit} — {self.year} — {self.key}: {self.value}"
