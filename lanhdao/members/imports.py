"""The members' data imports by kind, as the page and the API name them (`?kind=`, /members/import/<kind>/): each
checks a file and, unless it is a dry run, writes it through its service (lanhdao.core.imports.run_import) — the same
call for the page, the API and the tests, so that one file gets the same answer everywhere.

The members' own import is here; an app built on members adds its own with `register` from its AppConfig.ready —
the cadres' positions held (lanhdao.cadres.excel.IMPORT) —, so that members never imports the apps above it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lanhdao.core.imports import ImportResult

from . import excel_members


@dataclass(frozen=True)
class ImportKind:
    key: str  # "members", "positions"
    title: str
    template_url: str  # the URL name of its template, e.g. "members:import_template"
    filename: str  # of the template
    run: Callable[..., ImportResult]  # (file, *, actor, dry_run) -> ImportResult
    template: Callable[..., bytes]  # (actor) -> bytes: the units offered are those the actor may import into


KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> None:
    KINDS[kind.key] = kind


register(
    ImportKind(
        key="members",
        title=_("Import party members from Excel"),
        template_url="members:import_template",
        filename="mau-nhap-dang-vien.xlsx",
        run=excel_members.import_members,
        template=excel_members.import_template,
    )
)
