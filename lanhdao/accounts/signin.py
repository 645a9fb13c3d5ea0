"""The steps of a sign-in after the password (Django's LoginView): the second factor — its code, or enrolment at the
first sign-in, then the recovery codes shown once — and the new password an account owes. `middleware` keeps a
session on these steps until they are done."""

from urllib.parse import urlencode

import django_otp
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from lanhdao.audit.models import Action
from lanhdao.audit.services import record

from . import second_factor, services
from .forms import CodeForm, OwnPasswordForm
from .selectors import needs_second_factor

# Wrong codes in one session before it is ended: the password (counted by django-axes) must then be given again.
MAX_WRONG_CODES = 5
_WRONG = "lanhdao_wrong_codes"


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
        return url
    return "/"


def _verified(request, device) -> None:
    """Mark the session verified by `device`, under a new session key (the session gained rights)."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session.pop(_WRONG, None)


@require_http_methods(["GET", "POST"])
def second_factor_step(request):
    """The code of the authenticator app, or a recovery code, after the password."""
    user = request.user
    if not needs_second_factor(user) or second_factor.session_verified(request):
        return redirect(_next_url(request))
    if not second_factor.has_second_factor(user):
        return redirect(reverse("accounts:second_factor_enrol") + "?" + urlencode({"next": _next_url(request)}))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        until = second_factor.throttled_until(user)
        if until is not None:
            wait = max(1, int((until - timezone.now()).total_seconds()) + 1)
            form.add_error("token", _("Too many wrong codes. Wait %(s)d seconds, then try again.") % {"s": wait})
            record(actor=user, action=Action.LOGIN, obj=user, note=_("Second-factor code refused while locked"))
        else:
            device = second_factor.second_factor_verify(user=user, token=form.cleaned_data["token"])
            if device is not None:
                _verified(request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    messages.warning(
                        request,
                        _("You used a recovery code; %(n)d left. Make new ones on your account page.") % {"n": left},
                    )
                return redirect(_next_url(request))
            wrong = request.session.get(_WRONG, 0) + 1
            request.session[_WRONG] = wrong
            if wrong >= MAX_WRONG_CODES:
                record(actor=user, action=Action.LOGIN, obj=user, note=_("Session ended after too many wrong codes"))
                logout(request)
                messages.error(request, _("Too many wrong codes: sign in again."))
                return redirect("login")
            form.add_error("token", _("The code is wrong or has expired."))
    context = {"form": form, "next": _next_url(request), "signin_step": True}
    return render(request, "accounts/second_factor.html", context)


@require_http_methods(["GET", "POST"])
def second_factor_enrol(request):
    """First sign-in of an account that needs a second factor: scan the QR code (or type the key), confirm with a
    first code; the recovery codes are then shown once, on the answer to that POST."""
    user = request.user
    if not needs_second_factor(user):
        return redirect(_next_url(request))
    try:
        device = second_factor.enrolment_device(user=user)
    except PermissionDenied:
        return redirect("accounts:second_factor")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.enrolment_confirm(user=user, device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error.message_dict.get("token", error.messages))
        else:
            device.refresh_from_db()
            _verified(request, device)
            context = {"codes": codes, "next": _next_url(request), "signin_step": True}
            return render(request, "accounts/recovery_codes.html", context)
    context = {
        "form": form,
        "qr": second_factor.qr_svg(device),
        "secret": second_factor.secret_text(device),
        "next": _next_url(request),
        "signin_step": True,
    }
    return render(request, "accounts/second_factor_enrol.html", context)


@require_http_methods(["POST"])
def recovery_codes_renew(request):
    """New recovery codes for one's own account, shown once (the old ones stop working)."""
    try:
        codes = second_factor.recovery_codes_renew(user=request.user)
    except PermissionDenied:
        return redirect("accounts:user_detail", pk=request.user.pk)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": ""})


@require_http_methods(["GET", "POST"])
def own_password(request):
    """One's own password, with the current one. The other sessions end (Django's session hash follows the
    password; this one is kept) and the API tokens are revoked."""
    user = request.user
    form = OwnPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(
                actor=user,
                user=user,
                password=form.cleaned_data["password"],
                current_password=form.cleaned_data["current_password"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else "password", errors)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Password changed. Your other sessions have ended."))
            return redirect(_next_url(request))
    context = {
        "form": form,
        "title": _("Change your password"),
        "forced": user.must_change_password,
        "signin_step": user.must_change_password,
        "next": _next_url(request),
    }
    return render(request, "accounts/own_password.html", context)
