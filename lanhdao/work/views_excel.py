"""Tasks in Excel: export of the task list as filtered on its page, the import template, the import page."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import units_for
from lanhdao.core.xlsx import xlsx_response
from lanhdao.org.permissions import unit_of_page

from . import excel
from .views import filtered_tasks


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


def _may_import(user) -> bool:
    """Whoever may assign tasks from some unit; which units each row may use is checked row by row."""
    return user.is_active and (user.is_superuser or units_for(user, Perm.RECORD).exists())


@require_GET
def export_tasks(request):
    """The task list page's tasks (same unit, same filters, same order) as an Excel workbook."""
    unit = unit_of_page(request)
    today = timezone.localdate()
    _form, tasks = filtered_tasks(request, unit, today)
    content = excel.export_tasks(tasks, today=today, reader=request.user)
    return xlsx_response(content, f"nhiem-vu-{unit.code}-{today:%Y-%m-%d}.xlsx")


@require_GET
def import_template(request):
    if not _may_import(request.user):
        raise Http404
    return xlsx_response(excel.import_template(request.user), "mau-nhap-nhiem-vu.xlsx")


@require_http_methods(["GET", "POST"])
def import_tasks(request):
    if not _may_import(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[excel.RowError] = []
    if request.method == "POST" and form.is_valid():
        result = excel.import_tasks(form.cleaned_data["file"], actor=request.user)
        if not result.errors:
            message = ngettext("Imported %(n)d task.", "Imported %(n)d tasks.", result.created)
            messages.success(request, message % {"n": result.created})
            return redirect("work:board")
        errors = result.errors
    context = {
        "form": form,
        "file_errors": [e for e in errors if e.row == 0],
        "row_errors": [e for e in errors if e.row > 0],
        "bad_rows": len({e.row for e in errors if e.row > 0}),
        "max_rows": excel.MAX_ROWS,
        "max_mb": excel.MAX_BYTES // (1024 * 1024),
        "title": _("Import tasks from Excel"),
    }
    return render(request, "work/import.html", context)
