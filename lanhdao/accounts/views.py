from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.audit.selectors import history_for
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.core.picker import suggestions_page
from lanhdao.org.picker import unit_choices

from . import second_factor, services
from .forms import PasswordForm, RoleGrantForm, UserCreateForm, UserEditForm
from .permissions import access_role_assignment, access_user, may_manage_user
from .picker import UserChoices, user_choices
from .roles import Perm
from .selectors import grantable_roles, needs_second_factor, scope_paths, users_for


def _may_manage_any(user) -> bool:
    return user.is_superuser or bool(scope_paths(user, Perm.MANAGE_USERS))


@require_GET
def user_list(request):
    if not _may_manage_any(request.user):
        return redirect("accounts:user_detail", pk=request.user.pk)
    q = request.GET.get("q", "").strip()
    page = paginate(request, users_for(request.user, query=q))
    return render(request, "accounts/user_list.html", {"page": page, "q": q, "query": query_without_page(request)})


@require_http_methods(["GET", "POST"])
def user_create(request):
    if not _may_manage_any(request.user):
        raise Http404
    units = unit_choices(request.user, Perm.MANAGE_USERS)
    form = UserCreateForm(
        request.POST or None,
        units=units,
        roles=grantable_roles(request.user),
        initial={"unit": request.GET.get("unit", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("password2")
        user = run_service(form, services.user_create, actor=request.user, **data)
        if not form.errors:
            messages.success(request, _("Account %(u)s created.") % {"u": user.username})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": _("New user")})


@require_GET
def user_detail(request, pk):
    user = access_user(request.user, pk)
    roles = user.roles.select_related("unit", "granted_by", "revoked_by").order_by("revoked_at", "-granted_at")
    manage_paths = scope_paths(request.user, Perm.MANAGE_USERS)
    role_rows = [
        (
            r,
            r.revoked_at is None
            and may_manage_user(request.user, user)
            and (request.user.is_superuser or any(r.unit.path.startswith(p) for p in manage_paths)),
        )
        for r in roles
    ]
    can_edit = may_manage_user(request.user, user)
    context = {
        "subject": user,
        "role_rows": role_rows,
        "can_edit": can_edit,
        "can_grant": can_edit,
        "has_second_factor": second_factor.has_second_factor(user),
        "needs_second_factor": needs_second_factor(user),
        "history": history_for(user)[:20],
        "grant_form": RoleGrantForm(
            units=unit_choices(request.user, Perm.MANAGE_USERS), roles=grantable_roles(request.user)
        ),
    }
    return render(request, "accounts/user_detail.html", context)


@require_http_methods(["GET", "POST"])
def user_edit(request, pk):
    user = access_user(request.user, pk, write=True)
    initial = {f: getattr(user, f) for f in services.PROFILE_FIELDS}
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        run_service(form, services.user_update, actor=request.user, user=user, data=form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": _("Edit %(u)s") % {"u": user}})


@require_http_methods(["GET", "POST"])
def user_password(request, pk):
    """A manager sets the password of an account they manage; its holder must change it at the next sign-in. One's
    own password is changed on its own page, with the current one."""
    if str(request.user.pk) == str(pk):
        return redirect("accounts:own_password")
    user = access_user(request.user, pk, write=True)
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(actor=request.user, user=user, password=form.cleaned_data["password"])
        except ValidationError as error:
            form.add_error("password", error)
        else:
            messages.success(request, _("Password set. %(u)s must change it at the next sign-in.") % {"u": user})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "title": _("Set the password of %(u)s") % {"u": user}},
    )


@require_http_methods(["GET", "POST"])
def second_factor_reset(request, pk):
    user = access_user(request.user, pk, write=True)
    if request.method == "POST":
        second_factor.second_factor_reset(actor=request.user, user=user)
        messages.success(request, _("Second factor reset. %(u)s sets a new one at the next sign-in.") % {"u": user})
        return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request,
        "core/confirm.html",
        {
            "title": _("Reset the second factor"),
            "question": _(
                "Remove the authenticator app and the recovery codes of %(u)s? They will set a new one at their next "
                "sign-in, and their API tokens are revoked."
            )
            % {"u": user},
            "confirm_label": _("Reset"),
            "cancel_url": reverse("accounts:user_detail", args=[user.pk]),
        },
    )


@require_http_methods(["POST"])
def role_grant(request, pk):
    user = access_user(request.user, pk, write=True)
    form = RoleGrantForm(request.POST, units=unit_choices(request.user, Perm.MANAGE_USERS))
    if form.is_valid():
        try:
            services.role_grant(actor=request.user, user=user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Role granted."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("accounts:user_detail", pk=user.pk)


@require_http_methods(["GET", "POST"])
def role_revoke(request, pk):
    assignment = access_role_assignment(request.user, pk)
    if request.method == "POST":
        try:
            services.role_revoke(actor=request.user, assignment=assignment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Role revoked."))
        return redirect("accounts:user_detail", pk=assignment.user_id)
    return render(
        request,
        "core/confirm.html",
        {
            "title": _("Revoke a role"),
            "question": _("Revoke the role “%(r)s”?") % {"r": assignment},
            "confirm_label": _("Revoke"),
            "cancel_url": reverse("accounts:user_detail", args=[assignment.user_id]),
        },
    )


@require_GET
def pick_users(request):
    """Suggestions for a person picker (core.picker): the people the signed token allows this user to choose there,
    matching `?q=` by name (with or without diacritics) or user name. Refused to whoever may see no unit at all."""
    if not scope_paths(request.user, Perm.VIEW) and not request.user.is_superuser:
        raise PermissionDenied
    return suggestions_page(request, UserChoices, user_choices(request.user, Perm.VIEW))
