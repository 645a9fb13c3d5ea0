"""Pages of the members' data: the statistics of a unit over a period (per child unit, with totals), the Excel
imports (upload → preview of the errors or of what will be created → confirm → applied) and the exports."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, scope_roots, units_for
from lanhdao.core.forms import DateField
from lanhdao.core.xlsx import xlsx_response
from lanhdao.org.kinds import PARTY_ORGANISATIONS
from lanhdao.org.models import Unit
from lanhdao.org.permissions import access_unit, unit_of_page
from lanhdao.org.selectors import ancestors

from . import excel, excel_export, figures
from .forms import PositionExportForm
from .imports import KINDS, ImportKind
from .models import BADGE_YEARS, EndReason, Gender, Grade, Qualification, TheoryLevel
from .stages import Stage

PREVIEW_ROWS = 20


class PeriodForm(forms.Form):
    start = DateField(label=gettext_lazy("From"), required=False)
    end = DateField(label=gettext_lazy("to"), required=False)
    code = forms.CharField(label=gettext_lazy("Unit code"), required=False, max_length=50)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end of the period is before its start."))
        return data


def _unit(request) -> Unit:
    """The unit of `?unit=` (404 outside the user's scope), or of `?code=`, else the user's first unit."""
    if request.GET.get("code", "").strip():
        unit = units_for(request.user, Perm.VIEW, include_archived=True).filter(code=request.GET["code"].strip())
        if found := unit.first():
            return found
        raise Http404(_("No such unit, or you may not see it."))
    return unit_of_page(request)


def _period(form: PeriodForm, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    data = form.cleaned_data if form.is_valid() else {}
    end = data.get("end") or today
    start = data.get("start") or datetime.date(end.year, 1, 1)
    return start, end


def _labels(choices, counts: dict) -> list[tuple[str, int]]:
    return [(str(label) if value else _("none"), counts.get(value or figures.NONE_KEY, 0)) for value, label in choices]


def _age_labels() -> list[tuple[str, str]]:
    labels = []
    for key, youngest, oldest in figures.AGE_BANDS:
        if youngest == 0:
            labels.append((key, _("up to %(n)d") % {"n": oldest}))
        elif oldest is None:
            labels.append((key, _("over %(n)d") % {"n": youngest - 1}))
        else:
            labels.append((key, f"{youngest}–{oldest}"))
    return [*labels, ("unknown", _("not recorded"))]


def _panels(total: dict, end: datetime.date) -> list[tuple[str, list[tuple[str, int]]]]:
    """The breakdowns of the whole unit, as (title, [(label, n)]) for the page."""
    members = total["members"]
    return [
        (
            _("Members"),
            [
                (_("Full members"), members["full"]),
                (_("Probationary members"), members["probationary"]),
                *_labels(Gender.choices, members["by_gender"]),
            ],
        ),
        (
            _("Age on %(day)s") % {"day": f"{end:%d/%m/%Y}"},
            [(label, members["by_age"][key]) for key, label in _age_labels()],
        ),
        (_("Political theory"), _labels(TheoryLevel.choices, members["by_theory_level"])),
        (_("Professional qualification"), _labels(Qualification.choices, members["by_qualification"])),
        (_("Left the Party, by reason"), [(str(label), total["ended"][r]) for r, label in EndReason.choices]),
        (
            _("Membership badges due in %(year)d") % {"year": end.year},
            [(_("%(n)d years of membership") % {"n": n}, total["badges"][n]) for n in BADGE_YEARS],
        ),
        (
            _("Awards in the period"),
            [(_("To members"), total["awards"]["members"]), (_("To organisations"), total["awards"]["organisations"])],
        ),
    ]


@require_GET
def statistics(request):
    """The member figures of a unit over a period: one row per child unit (its subtree), the unit's own row, totals."""
    unit = _unit(request)
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    start, end = _period(form, today)
    empty = figures.empty_figures()
    # State bodies and the committee's own bodies under a unit hold no members: listed only if something is there.
    rows = [r for r in figures.by_child(unit, start, end) if r.unit.kind in PARTY_ORGANISATIONS or r.figures != empty]
    total = figures.summary(unit, start, end)
    line = [u for u in ancestors(unit) if has_perm(request.user, Perm.VIEW, u)]
    context = {
        "unit": unit,
        "form": form,
        "start": start,
        "end": end,
        "year": end.year,
        "rows": rows,
        "total": total,
        "line": line,
        "roots": list(scope_roots(request.user, Perm.VIEW)[:20]),
        "panels": _panels(total, end),
        "grades": [(label, total["member_grades"][g], total["organisation_grades"][g]) for g, label in Grade.choices],
        "can_import": excel.may_import(request.user),
    }
    return render(request, "members/data/statistics.html", context)


# --- imports --------------------------------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )


@require_GET
def import_template(request, kind: str = "members"):
    if not excel.may_import(request.user):
        raise PermissionDenied
    spec = KINDS[kind]
    return xlsx_response(spec.template(request.user), spec.filename)


SESSION_KEY = "members_import"


def _preview(kind: ImportKind, rows: list[dict]) -> dict:
    by_unit: dict[int, list] = {}
    for data in rows:
        unit = data["unit"]
        by_unit.setdefault(unit.pk, [unit, 0])[1] += 1
    context = {"units": sorted(by_unit.values(), key=lambda pair: pair[0].path), "sample": rows[:PREVIEW_ROWS]}
    if kind.key == "members":
        full = sum(1 for data in rows if data["full_on"])
        context["stages"] = [(Stage.FULL.label, full), (Stage.PROBATIONARY.label, len(rows) - full)]
    return context


@require_http_methods(["GET", "POST"])
def import_data(request, kind: str = "members"):
    """Upload a filled template; see every error, or what would be created; confirm to write it all at once."""
    if not excel.may_import(request.user):
        raise PermissionDenied
    spec = KINDS[kind]
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "kind": spec,
        "title": spec.title,
        "max_rows": f"{excel.MAX_ROWS:,}",
        "max_mb": excel.MAX_BYTES // (1024 * 1024),
        "errors": [],
    }
    pending = request.session.get(SESSION_KEY) or {}
    if request.method == "POST" and "confirm" in request.POST:
        token = request.POST.get("token", "")
        content = excel.pending(token) if pending.get("token") == token and pending.get("kind") == kind else None
        if content is None:
            messages.error(request, _("This import has expired or was already applied: upload the file again."))
            return redirect(request.path)
        result = spec.run(content, actor=request.user)  # checked again: the records may have changed since
        if not result.errors:
            excel.drop_pending(token)
            request.session.pop(SESSION_KEY, None)
            message = ngettext("Imported %(n)d row.", "Imported %(n)d rows.", result.created) % {"n": result.created}
            messages.success(request, message)
            return redirect(request.path)
        context["errors"] = result.errors
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = spec.run(upload, actor=request.user, dry_run=True)
        context["errors"] = result.errors
        if not result.errors:
            if pending.get("token"):
                excel.drop_pending(pending["token"])
            upload.seek(0)
            token = excel.keep_pending(upload.read())
            request.session[SESSION_KEY] = {"token": token, "kind": kind, "name": upload.name}
            context |= {"token": token, "rows": len(result.rows), "filename": upload.name}
            context |= _preview(spec, result.rows)
    errors = context["errors"]
    context |= {
        "file_errors": [e for e in errors if e.row == 0],
        "row_errors": [e for e in errors if e.row > 0],
        "bad_rows": len({e.row for e in errors if e.row > 0}),
    }
    return render(request, "members/data/import.html", context)


# --- exports --------------------------------------------------------------------------------------------------------


class MemberExportForm(forms.Form):
    stage = forms.ChoiceField(
        label=gettext_lazy("Stage"), required=False, choices=[("", gettext_lazy("All")), *Stage.choices]
    )
    as_of = DateField(
        label=gettext_lazy("As on"),
        required=False,
        help_text=gettext_lazy(
            "Optional: the members in the Party on that day, where they were then (probationary or full)."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("as_of") and data.get("stage") and data["stage"] not in excel_export.AS_OF_STAGES:
            raise forms.ValidationError(_("On a past day, choose probationary or full members (or all)."))
        if data.get("as_of") and data["as_of"] > timezone.localdate():
            raise forms.ValidationError(_("The day is in the future."))
        return data


@require_GET
def export_page(request):
    unit = _unit(request)
    return render(
        request,
        "members/data/export.html",
        {
            "unit": unit,
            "member_form": MemberExportForm(),
            "position_form": PositionExportForm(),
            "line": [u for u in ancestors(unit) if has_perm(request.user, Perm.VIEW, u)],
            "can_import": excel.may_import(request.user),
        },
    )


@require_GET
def export_members(request):
    unit = access_unit(request.user, request.GET.get("unit"))
    form = MemberExportForm(request.GET)
    if not form.is_valid():
        context = {"unit": unit, "member_form": form, "position_form": PositionExportForm(), "line": []}
        return render(request, "members/data/export.html", context, status=400)
    export = excel_export.export_members(
        request.user, unit, stage_value=form.cleaned_data["stage"], as_of=form.cleaned_data["as_of"]
    )
    return xlsx_response(export.content, export.filename)
