"""House rules that a reviewer would otherwise have to remember (STYLE.md)."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
RAW_QUERY = re.compile(r"\b[A-Z]\w*\.objects\.(?!none\(\))")


def test_views_and_api_never_query_a_business_model_directly():
    """Every read in a view or endpoint goes through an access function or a selector, which scope it to the user."""
    offenders = []
    for path in [*PACKAGE.glob("*/views*.py"), *PACKAGE.glob("*/api*.py")]:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if RAW_QUERY.search(line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert not offenders, "use access_<entity>() or a selector:\n" + "\n".join(offenders)


def test_org_never_imports_the_apps_built_on_it():
    upper = ("lanhdao.work", "lanhdao.documents", "lanhdao.meetings", "lanhdao.people", "lanhdao.reports")
    for path in (PACKAGE / "org").rglob("*.py"):
        text = path.read_text()
        assert not any(name in text for name in upper), path


def imports_of(app: str) -> dict[Path, set[str]]:
    """The lanhdao apps each module of `app` imports (tests and migrations aside), by path."""
    imported = re.compile(r"^\s*(?:from|import) lanhdao\.(\w+)", re.M)
    found = {}
    for path in (PACKAGE / app).rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        found[path] = set(imported.findall(path.read_text())) - {app}
    return found


def test_staffing_stands_on_org_and_accounts_and_nothing_below_imports_it():
    """Staffing (biên chế) is built on the tree and the roles: it may import org, accounts, audit and core, and none of
    those imports it back (the apps above it, restructuring and reports, may)."""
    below = {"core", "audit", "org", "accounts"}
    offenders = [
        f"{p.relative_to(PACKAGE)} imports {sorted(a - below)}" for p, a in imports_of("staffing").items() if a - below
    ]
    offenders += [
        f"{p.relative_to(PACKAGE)} imports staffing"
        for app in below
        for p, a in imports_of(app).items()
        if "staffing" in a
    ]
    assert not offenders, "\n".join(offenders)


def test_org_keeps_no_staffing_and_imports_accounts_only_for_its_own_rights():
    """Staffing once lived in org by suffix and was half of org's modules importing accounts. What is left is org's
    own: the rights on units (Perm, has_perm, units_for) for its pages, API and services, and the demo's accounts. A
    new import of accounts from org widens the org <-> accounts cycle and needs a reason here."""
    assert not [p for p in (PACKAGE / "org").rglob("*staffing*") if "migrations" not in p.parts]
    importing = {p.stem for p, apps in imports_of("org").items() if "accounts" in apps}
    assert importing <= {"api", "demo", "permissions", "services", "views"}, importing


def test_reports_read_the_apps_through_their_selectors():
    """The reviews import the apps' vocabulary (kinds, grades) and selectors, never their models (STYLE.md): the
    rows behind a figure are the app's to define (its `*_RECORDS` source), so a change of model stays in the app."""
    from django.apps import apps
    from django.db import models

    apps_below = ("documents", "work", "meetings", "people", "inspections", "members")
    imported = re.compile(rf"^from lanhdao\.({'|'.join(apps_below)})\.models import (?:\(([^)]*)\)|(.+)$)", re.M)
    offenders = []
    for path in (PACKAGE / "reports").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for app, wrapped, plain in imported.findall(path.read_text()):
            names = wrapped or plain
            module = apps.get_app_config(app).module.__name__ + ".models"
            for name in (n.strip() for n in names.replace("\n", ",").split(",") if n.strip()):
                found = getattr(__import__(module, fromlist=[name]), name)
                if isinstance(found, type) and issubclass(found, models.Model):
                    offenders.append(f"{path.relative_to(PACKAGE)}: {app}.{name}")
    assert not offenders, "read them through the app's selectors:\n" + "\n".join(offenders)


def test_no_page_loads_anything_from_the_internet():
    pattern = re.compile(r"""(src|href)=["']https?://""")
    for path in PACKAGE.rglob("templates/**/*.html"):
        assert not pattern.search(path.read_text()), path
