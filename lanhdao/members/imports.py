"""The members' Excel imports by kind, as the page and the API name them: each checks a file and, unless it is a dry
run, writes it through its service (lanhdao.core.imports.run_import) — the same call for the page, the API and the
tests, so that one file gets the same answer everywhere."""

from . import excel_members, excel_positions

IMPORTS = {
    "members": excel_members.import_members,
    "positions": excel_positions.import_positions,
}
