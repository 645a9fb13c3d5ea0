"""The second factor (django-otp): who needs it, enrolment, verification, recovery codes, reset.

Accounts that can read confidential matter or take over other accounts (`selectors.needs_second_factor`) prove a
time-based code from an authenticator app (a confirmed `TOTPDevice`) after their password, or else one of their
single-use recovery codes (a `StaticDevice`). Every step is audited through `audit.services.record`; a wrong code
is recorded too, and django-otp makes each device wait longer after every wrong code (OTP_*_THROTTLE_FACTOR).
"""

import re
from base64 import b32encode

import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lanhdao.audit.models import Action
from lanhdao.audit.services import record

from .models import User
from .permissions import may_manage_user
from .selectors import needs_second_factor
from .services import tokens_revoke

RECOVERY_CODES = 10
AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"


# reads


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def qr_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as a QR code in inline SVG, drawn by the server (nothing from a CDN)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff", title=_("QR code"))
    # segno writes the whole markup itself, from an address we made
    return mark_safe(svg)


def secret_text(device: TOTPDevice) -> str:
    """The key in base32 by groups of four, for typing into an app by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def token_issued_after_second_factor(user, created) -> bool:
    """Whether an API token made at `created` was issued once `user` had a second factor: a token made before it (or
    without one, when the account did not need it yet) does not stand for a second factor."""
    device = confirmed_totp(user)
    return device is not None and device.created_at is not None and created >= device.created_at


# writes


def enrolment_device(*, user: User) -> TOTPDevice:
    """The not yet confirmed authenticator `user` is enrolling (made once, so the QR code stays the same on reload).
    Refused once a confirmed one exists: a second enrolment would let whoever holds the password replace it."""
    if has_second_factor(user):
        raise PermissionDenied(_("A second factor is already set for this account."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)
    return device


def _clean(token: str) -> str:
    return re.sub(r"[\s-]", "", token or "").lower()


def enrolment_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm `device` with a first code from the app; returns the new recovery codes (shown once)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        verified = device.verify_token(_clean(token))
        if verified:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            record(actor=user, action=Action.UPDATE, obj=user, note=_("Second factor enrolled (authenticator app)"))
            return _new_recovery_codes(actor=user, user=user)
    # outside the transaction above, so that the wrong code's audit row and the device's wait are kept
    record(actor=user, action=Action.LOGIN, obj=user, note=_("Wrong code while enrolling a second factor"))
    raise ValidationError({"token": _("The code is wrong or has expired. Enter the code the app shows now.")})


def _new_recovery_codes(*, actor, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    record(actor=actor, action=Action.UPDATE, obj=user, note=_("%(n)d new recovery codes") % {"n": len(codes)})
    return codes


def recovery_codes_renew(*, user: User) -> list[str]:
    """New recovery codes for one's own account (the old ones stop working)."""
    if not has_second_factor(user):
        raise PermissionDenied(_("Set a second factor first."))
    with transaction.atomic():
        return _new_recovery_codes(actor=user, user=user)


def second_factor_verify(*, user: User, token: str, where: str = "") -> TOTPDevice | StaticDevice | None:
    """The device that accepts `token` for `user` (a code of the app, or else a recovery code, used up), or None.
    Both outcomes are audited; a throttled device refuses even the right code until its wait is over."""
    token = _clean(token)
    device = None
    if token:
        # six digits are the app's code; a recovery code has letters: each tried on its own device only, so a
        # wrong one does not make the other device wait
        model = TOTPDevice if token.isdigit() else StaticDevice
        candidates = list(model.objects.filter(user=user, confirmed=True))
        for candidate in candidates:
            with transaction.atomic():
                locked = type(candidate).objects.select_for_update().get(pk=candidate.pk)
                if locked.verify_token(token):
                    device = locked
                    break
    suffix = f" ({where})" if where else ""
    if device is None:
        record(actor=user, action=Action.LOGIN, obj=user, note=_("Wrong second-factor code") + suffix)
    elif isinstance(device, StaticDevice):
        left = device.token_set.count()
        note = _("Signed in with a recovery code; %(n)d left") % {"n": left}
        record(actor=user, action=Action.LOGIN, obj=user, note=note + suffix)
    else:
        record(actor=user, action=Action.LOGIN, obj=user, note=_("Second factor verified") + suffix)
    return device


def throttled_until(user):
    """When `user`'s devices will check a code again after wrong ones, or None if they check now."""
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user, confirmed=True):
            allowed, data = device.verify_is_allowed()
            if not allowed and data and data.get("locked_until"):
                return data["locked_until"]
    return None


def api_token_issue(*, user: User):
    """The API token of `user` (DRF's, one per account), once the caller has checked the password and, where needed,
    the code. A token made before the account had its second factor is replaced: it stood for a password alone."""
    from rest_framework.authtoken.models import Token

    with transaction.atomic():
        token, created = Token.objects.get_or_create(user=user)
        if needs_second_factor(user) and not token_issued_after_second_factor(user, token.created):
            token.delete()
            token, created = Token.objects.create(user=user), True
        if created:
            record(actor=user, action=Action.UPDATE, obj=user, note=_("API token issued"))
    return token


def session_verified(request) -> bool:
    """Whether this session gave its second factor (`django_otp.login` keeps the device's id in the session). The
    session is trusted without loading the device on every request: what removes a device (a reset) ends every
    session of its account (`User.session_generation`)."""
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def second_factor_reset(*, actor, user: User) -> None:
    """Remove `user`'s authenticator and recovery codes (a lost phone): at the next sign-in they enrol again. Every
    session of theirs ends (the account's session generation moves on) and their API tokens are revoked."""
    if not may_manage_user(actor, user):
        raise PermissionDenied(_("You may not change this user."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        user.refresh_from_db(fields=["session_generation"])
        note = _("Second factor reset; to be enrolled again")
        record(actor=actor, action=Action.UPDATE, obj=user, note=f"{note}. {_('Other sessions ended.')}")
        tokens_revoke(actor=actor, user=user, reason=_("second factor reset"))
