from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from lanhdao.core.text import fold

from .roles import Clearance, Role


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    clearance = models.PositiveSmallIntegerField(_("clearance"), choices=Clearance.choices, default=Clearance.NORMAL)
    search_name = models.CharField(max_length=400, editable=False, default="")
    # Set when someone else chose the password (an administrator creating the account or resetting it): the
    # account then reaches nothing but its own password form until its holder picks a password only they know.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # Raised to end every session of the account at once (a reset of its second factor): it enters the session hash.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    audit_fields = (
        "username",
        "full_name",
        "email",
        "position",
        "phone",
        "clearance",
        "is_active",
        "must_change_password",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def _get_session_auth_hash(self, secret=None):
        """Django's hash of the password, which ends the other sessions when the password changes; and, once the
        account's sessions were ended on purpose (`session_generation`), of that too. Generation 0 keeps Django's own
        hash, so that no session ends merely because this code was deployed."""
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "lanhdao.accounts.User.session",
            f"{self.password}|{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.full_name} {self.username} {self.email}")
        super().save(*args, **kwargs)


class ActiveRoleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class RoleAssignment(models.Model):
    """A role of a user on a unit; it applies to the unit's whole subtree. Revoked, never deleted."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="roles")
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ActiveRoleQuerySet.as_manager()

    audit_fields = ("user", "unit", "role", "revoked_at")

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_role_per_user_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
