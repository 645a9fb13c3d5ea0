"""Writes to accounts and roles: permission, validation, write and audit in one transaction."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.audit.models import Action
from lanhdao.audit.services import record, snapshot
from lanhdao.org.models import Unit

from .models import RoleAssignment, User
from .permissions import may_manage_user
from .roles import Perm, Role
from .selectors import forget_roles, has_perm

PROFILE_FIELDS = ("full_name", "email", "position", "phone", "clearance", "is_active")


def _require_manage_users(actor, unit: Unit) -> None:
    if not has_perm(actor, Perm.MANAGE_USERS, unit):
        raise PermissionDenied(_("You may not manage users of this unit."))


def _check_clearance(actor, clearance: int) -> None:
    if not actor.is_superuser and clearance > actor.clearance:
        raise ValidationError({"clearance": _("You cannot give a clearance higher than your own.")})


def user_create(
    *,
    actor,
    username: str,
    password: str,
    unit: Unit,
    role: str,
    full_name: str = "",
    email: str = "",
    position: str = "",
    phone: str = "",
    clearance: int = 0,
) -> User:
    """A new account with its first role: every account belongs somewhere, so whoever manages it can find it."""
    _require_manage_users(actor, unit)
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("The user name is required.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("The user name %(u)s is already taken.") % {"u": username}})
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    _check_clearance(actor, clearance)
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email.strip(),
        position=position.strip(),
        phone=phone,
        clearance=clearance,
    )
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        record(actor=actor, action=Action.CREATE, obj=user, after=snapshot(user))
        _grant(actor=actor, user=user, unit=unit, role=role)
    return user


def user_update(*, actor, user: User, data: dict) -> User:
    if not may_manage_user(actor, user):
        raise PermissionDenied(_("You may not change this user."))
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "clearance" in data:
        _check_clearance(actor, data["clearance"])
    changed = {k: v for k, v in data.items() if getattr(user, k) != v}
    if not changed:
        return user
    with transaction.atomic():
        before = snapshot(user)
        for key, value in changed.items():
            setattr(user, key, value)
        user.save()
        record(actor=actor, action=Action.UPDATE, obj=user, before=before, after=snapshot(user))
    return user


def user_set_password(*, actor, user: User, password: str) -> None:
    if actor.pk != user.pk and not may_manage_user(actor, user):
        raise PermissionDenied(_("You may not change this user."))
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record(actor=actor, action=Action.UPDATE, obj=user, note=_("Password changed"))


def _grant(*, actor, user: User, unit: Unit, role: str) -> RoleAssignment:
    if unit.is_archived:
        raise ValidationError(_("A role cannot be given on an archived unit."))
    if RoleAssignment.objects.active().filter(user=user, unit=unit, role=role).exists():
        raise ValidationError(_("This user already has this role on this unit."))
    assignment = RoleAssignment.objects.create(
        user=user, unit=unit, role=role, granted_by=actor if actor.is_authenticated else None
    )
    record(actor=actor, action=Action.GRANT, obj=assignment, after=snapshot(assignment))
    record(actor=actor, action=Action.GRANT, obj=user, note=str(assignment))
    forget_roles(user)
    return assignment


def role_grant(*, actor, user: User, unit: Unit, role: str) -> RoleAssignment:
    _require_manage_users(actor, unit)
    if user.pk == actor.pk and not actor.is_superuser:
        raise PermissionDenied(_("You cannot give roles to yourself."))
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        return _grant(actor=actor, user=user, unit=unit, role=role)


def role_revoke(*, actor, assignment: RoleAssignment) -> RoleAssignment:
    _require_manage_users(actor, assignment.unit)
    if assignment.revoked_at is not None:
        raise ValidationError(_("This role has already been revoked."))
    with transaction.atomic():
        before = snapshot(assignment)
        assignment.revoked_at = timezone.now()
        assignment.revoked_by = actor
        assignment.save(update_fields=["revoked_at", "revoked_by"])
        record(actor=actor, action=Action.REVOKE, obj=assignment, before=before, after=snapshot(assignment))
        record(actor=actor, action=Action.REVOKE, obj=assignment.user, note=str(assignment))
    forget_roles(assignment.user)
    return assignment
