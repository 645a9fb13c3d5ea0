"""The cadres' positions held on the members' data pages: the import (the members' import page, with the kind that
cadres registers in members.imports), its template and the export. Their routes keep the paths and the names users
and templates know (`members:import_positions`…): the project's URLconf adds them to the `members` namespace, so that
members, below cadres, never imports it."""

from django.urls import path

from lanhdao.members import views_data

from . import views

urlpatterns = [
    path("import/positions/", views_data.import_data, {"kind": "positions"}, name="import_positions"),
    path(
        "import/positions/template.xlsx",
        views_data.import_template,
        {"kind": "positions"},
        name="import_positions_template",
    ),
    path("export/positions.xlsx", views.export_positions, name="export_positions"),
]
