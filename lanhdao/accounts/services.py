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
from .selectors import forget_roles, has_perm, may_grant, needs_second_factor

PROFILE_FIELDS = ("full_name", "email", "position", "phone", "clearance", "is_active")


def _require_manage_users(actor, unit: Unit) -> None:
    if not has_perm(actor, Perm.MANAGE_USERS, unit):
        raise PermissionDenied(_("You may not manage users of this unit."))


def _check_clearance(actor, clearance: int) -> None:
    if not actor.is_superuser and clearance > actor.clearance:
        raise ValidationError({"clearance": _("You cannot give a clearance higher than your own.")})


def _check_grant(actor, role: str, unit: Unit) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if not may_grant(actor, role, unit):
        raise ValidationError({"role": _("You cannot give a role that holds rights you do not hold on this unit.")})


def tokens_revoke(*, actor, user: User, reason: str) -> int:
    """Revoke every API token of `user` (audited when there was one): a token is a password that never expires, so
    whatever changes who may hold the account ends it."""
    from rest_framework.authtoken.models import Token

    deleted, _rows = Token.objects.filter(user=user).delete()
    if deleted:
        record(actor=actor, action=Action.UPDATE, obj=user, note=_("API tokens revoked: %(r)s") % {"r": reason})
    return deleted


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
    _check_grant(actor, role, unit)
    _check_clearance(actor, clearance)
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email.strip(),
        position=position.strip(),
        phone=phone,
        clearance=clearance,
        # the administrator knows this password: its holder replaces it at the first sign-in
        must_change_password=True,
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
        needed_second_factor = needs_second_factor(user)
        for key, value in changed.items():
            setattr(user, key, value)
        user.save()
        record(actor=actor, action=Action.UPDATE, obj=user, before=before, after=snapshot(user))
        if not needed_second_factor and needs_second_factor(user):
            tokens_revoke(actor=actor, user=user, reason=_("a second factor is now required"))
    return user


def user_set_password(*, actor, user: User, password: str, current_password: str | None = None) -> None:
    """Set `user`'s password. Their own: only with the current one, and it clears the duty to change it. Someone
    else's (a manager who may manage `user`): the holder must change it at the next sign-in. Either way every other
    session of `user` ends (Django's session hash follows the password) and their API tokens are revoked."""
    own = actor.pk == user.pk
    if own:
        if current_password is None or not user.check_password(current_password):
            raise ValidationError({"current_password": _("The current password is wrong.")})
        if current_password == password:
            raise ValidationError({"password": _("The new password must differ from the current one.")})
    elif not may_manage_user(actor, user):
        raise PermissionDenied(_("You may not change this user."))
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = not own
        user.save(update_fields=["password", "must_change_password"])
        note = _("Password changed") if own else _("Password reset; to be changed at the next sign-in")
        record(actor=actor, action=Action.UPDATE, obj=user, note=f"{note}. {_('Other sessions ended.')}")
        tokens_revoke(actor=actor, user=user, reason=_("password changed"))


def password_set_in_admin(*, actor, user: User) -> None:
    """After a superuser set `user`'s password in the Django admin (which saves it itself): the consequences of
    `user_set_password` — to be changed at the next sign-in unless it is one's own, tokens revoked, audited."""
    with transaction.atomic():
        user.must_change_password = actor.pk != user.pk
        user.save(update_fields=["must_change_password"])
        note = (
            _("Password reset; to be changed at the next sign-in")
            if user.must_change_password
            else _("Password changed")
        )
        record(actor=actor, action=Action.UPDATE, obj=user, note=f"{note}. {_('Other sessions ended.')}")
        tokens_revoke(actor=actor, user=user, reason=_("password changed"))


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
    if not may_manage_user(actor, user):
        raise PermissionDenied(_("You may not change this user."))
    _check_grant(actor, role, unit)
    with transaction.atomic():
        needed_second_factor = needs_second_factor(user)
        assignment = _grant(actor=actor, user=user, unit=unit, role=role)
        if not needed_second_factor and needs_second_factor(user):
            # a token issued without a second factor must not carry the new right
            tokens_revoke(actor=actor, user=user, reason=_("a second factor is now required"))
        return assignment


def role_revoke(*, actor, assignment: RoleAssignment) -> RoleAssignment:
    _require_manage_users(actor, assignment.unit)
    if not may_manage_user(actor, assignment.user):
        raise PermissionDenied(_("You may not change this user."))
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
