from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from lanhdao.core.text import fold

from .kinds import UnitKind


class Unit(MP_Node):
    """A node of the organisation tree: a Party organisation, a body of a committee, a State body, a mass organisation.

    The materialised path (treebeard) makes a subtree one indexed prefix query; on PostgreSQL Django adds a
    `varchar_pattern_ops` index on `path` (it is unique), so `path LIKE 'prefix%'` uses it.
    """

    steplen = 4
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's default, stated: step() and step_index() rely on it

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices, db_index=True)
    search_name = models.CharField(max_length=250, editable=False, default="")
    valid_from = models.DateField(_("in force from"), null=True, blank=True)
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    audit_fields = ("code", "name", "kind", "path", "valid_from", "valid_to", "archived_at")

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            # children(): depth = d AND path LIKE 'p%' without reading the whole subtree (opclasses: PostgreSQL only)
            models.Index(
                fields=["depth", "path"], name="org_unit_depth_path_like", opclasses=["int4_ops", "varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            )
        ]

    @classmethod
    def step(cls, index: int) -> str:
        """The path step of the `index`-th child (1-based), `steplen` characters in base 36: what treebeard writes,
        for bulk creation that computes paths itself."""
        digits = ""
        while True:
            index, rest = divmod(index, len(cls.alphabet))
            digits = cls.alphabet[rest] + digits
            if index == 0:
                return digits.rjust(cls.steplen, cls.alphabet[0])

    @classmethod
    def step_index(cls, path: str) -> int:
        """The index of the last step of `path` (the inverse of `step`)."""
        return int(path[-cls.steplen :], len(cls.alphabet))

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Derived, not business logic: the folded name must never disagree with the name.
        self.search_name = fold(f"{self.name} {self.code}")
        if "update_fields" in kwargs and kwargs["update_fields"] is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def ancestor_paths(self) -> list[str]:
        """The paths of every ancestor, root first, computed without a query."""
        return [self.path[:i] for i in range(self.steplen, len(self.path), self.steplen)]
