from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, scope_roots, units_for
from lanhdao.audit.selectors import history_for
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.core.picker import suggestions_page

from . import selectors, services
from .forms import UnitFilterForm, UnitForm
from .kinds import ALLOWED_CHILDREN, UnitKind
from .permissions import access_unit
from .picker import UnitChoices, unit_choices


@require_GET
def unit_list(request):
    """Browse the tree from the top of the user's scope, or search it by name or code."""
    form = UnitFilterForm(request.GET)
    form.is_valid()
    q, kind, archived = (
        form.cleaned_data.get("q", ""),
        form.cleaned_data.get("kind", ""),
        form.cleaned_data.get("archived"),
    )
    searching = bool(q or kind)
    context = {"form": form, "searching": searching}
    if searching:
        qs = units_for(request.user, include_archived=bool(archived))
        if q:
            qs = selectors.search(qs, q)
        if kind:
            qs = qs.filter(kind=kind)
        page = paginate(request, qs.order_by("path"))
        page.object_list = selectors.with_child_counts(page.object_list)
        context |= {"page": page, "query": query_without_page(request)}
        template = "org/partials/_results.html" if request.htmx else "org/unit_list.html"
    else:
        context["roots"] = selectors.with_child_counts(scope_roots(request.user))
        template = "org/unit_list.html"
    return render(request, template, context)


@require_GET
def unit_children(request, pk):
    """The children of one unit, for the tree's expand button (htmx) — paginated, never the whole subtree."""
    unit = access_unit(request.user, pk)
    page = paginate(request, selectors.children(unit))
    page.object_list = selectors.with_child_counts(page.object_list)
    return render(request, "org/partials/_children.html", {"unit": unit, "page": page})


@require_GET
def unit_detail(request, pk):
    unit = access_unit(request.user, pk)
    counts = selectors.subtree_counts(unit)
    page = paginate(request, selectors.children(unit, include_archived=True), per_page=25)
    page.object_list = selectors.with_child_counts(page.object_list)
    context = {
        "unit": unit,
        "ancestors": [a for a in selectors.ancestors(unit) if has_perm(request.user, Perm.VIEW, a)],
        "counts": [(UnitKind(k).label, n) for k, n in sorted(counts.items(), key=lambda kv: -kv[1])],
        "total": sum(counts.values()),
        "page": page,
        "history": history_for(unit)[:10],
        "can_manage": has_perm(request.user, Perm.MANAGE_UNITS, unit),
        "can_manage_users": has_perm(request.user, Perm.MANAGE_USERS, unit),
        "may_have_children": bool(ALLOWED_CHILDREN.get(unit.kind)),
    }
    return render(request, "org/unit_detail.html", context)


@require_GET
def unit_history(request, pk):
    unit = access_unit(request.user, pk)
    page = paginate(request, history_for(unit))
    return render(request, "org/unit_history.html", {"unit": unit, "page": page})


@require_http_methods(["GET", "POST"])
def unit_create(request, pk):
    parent = access_unit(request.user, pk, write=True)
    form = UnitForm(request.POST or None, parent_kind=parent.kind)
    if request.method == "POST" and form.is_valid():
        unit = run_service(form, services.unit_create, actor=request.user, parent=parent, **form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Unit %(name)s created.") % {"name": unit.name})
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "parent": parent, "title": _("New unit")})


@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = access_unit(request.user, pk, write=True)
    parent = selectors.parent_of(unit)
    initial = {f: getattr(unit, f) for f in services.EDITABLE_FIELDS}
    form = UnitForm(request.POST or None, initial=initial, parent_kind=parent.kind if parent else None)
    if request.method == "POST" and form.is_valid():
        run_service(form, services.unit_update, actor=request.user, unit=unit, data=form.cleaned_data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit, "title": _("Edit unit")})


@require_http_methods(["GET", "POST"])
def unit_archive(request, pk):
    unit = access_unit(request.user, pk, write=True)
    if request.method == "POST":
        try:
            n = services.unit_archive(actor=request.user, unit=unit, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)d unit(s) archived.") % {"n": n})
        return redirect("org:unit_detail", pk=unit.pk)
    below = selectors.subtree(unit, include_self=False).count()
    return render(
        request,
        "core/confirm.html",
        {
            "title": _("Archive %(name)s") % {"name": unit.name},
            "question": _("Archive this unit? It stays in the history and can be restored, but is hidden from lists."),
            "consequence": _("%(n)d unit(s) under it will be archived with it.") % {"n": below} if below else "",
            "confirm_label": _("Archive"),
            "cancel_url": reverse("org:unit_detail", args=[unit.pk]),
            "with_note": True,
        },
    )


@require_http_methods(["GET", "POST"])
def unit_restore(request, pk):
    unit = access_unit(request.user, pk, write=True)
    if request.method == "POST":
        try:
            n = services.unit_restore(actor=request.user, unit=unit)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(n)d unit(s) restored.") % {"n": n})
        return redirect("org:unit_detail", pk=unit.pk)
    return render(
        request,
        "core/confirm.html",
        {
            "title": _("Restore %(name)s") % {"name": unit.name},
            "question": _("Restore this unit and the units archived with it?"),
            "confirm_label": _("Restore"),
            "cancel_url": reverse("org:unit_detail", args=[unit.pk]),
        },
    )


@require_GET
def pick_units(request):
    """Suggestions for a unit picker (core.picker): the units the signed token allows this user to choose there,
    matching `?q=` by name (with or without diacritics) or code. Refused to whoever may see no unit at all."""
    if not units_for(request.user, Perm.VIEW).exists():
        raise PermissionDenied
    return suggestions_page(request, UnitChoices, unit_choices(request.user, Perm.VIEW))
