"""House rules that a reviewer would otherwise have to remember (STYLE.md)."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
RAW_QUERY = re.compile(r"\b[A-Z]\w*\.objects\.(?!none\(\))")


def test_views_and_api_never_query_a_business_model_directly():
    """Every read in a view or endpoint goes through an access function or a selector, which scope it to the user."""
    offenders = []
    # An app's modules, and those of a package inside it (reports/plans/)
    pages = [*PACKAGE.glob("*/views*.py"), *PACKAGE.glob("*/*/views*.py")]
    for path in [*pages, *PACKAGE.glob("*/api*.py"), *PACKAGE.glob("*/*/api*.py")]:
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
    # picker: which units a user may choose in a form is the same right (units_for), asked by the unit picker
    assert importing <= {"api", "demo", "permissions", "picker", "services", "views"}, importing


def test_campaigns_stand_on_reports_and_reports_never_imports_them():
    """The review campaigns (lanhdao.campaigns) are built on the indicators and the report files of reports, on the
    tree, the roles and the documents (a campaign names the document it reviews): they may import reports, org,
    accounts, audit, core, notifications and documents. reports never imports campaigns (its pages may link to them
    by URL name only), nor does any of the others."""
    below = {"reports", "org", "accounts", "audit", "core", "notifications", "documents"}
    offenders = [
        f"{p.relative_to(PACKAGE)} imports {sorted(a - below)}" for p, a in imports_of("campaigns").items() if a - below
    ]
    offenders += [
        f"{p.relative_to(PACKAGE)} imports campaigns"
        for app in below
        for p, a in imports_of(app).items()
        if "campaigns" in a
    ]
    assert not offenders, "\n".join(offenders)


def test_reports_keep_no_campaigns_and_no_module_by_suffix():
    """Campaigns and plans once lived in reports by file-name suffix (views_campaigns.py, services_targets.py, …); the
    campaigns are an app now and the plans a package with the usual rooms (reports/plans/)."""
    left = [*(PACKAGE / "reports").rglob("*campaign*"), *(PACKAGE / "reports").rglob("*_targets.py")]
    assert not [p for p in left if "migrations" not in p.parts]
    rooms = {"models", "services", "selectors", "permissions", "views", "api", "forms"}
    assert rooms <= {p.stem for p in (PACKAGE / "campaigns").glob("*.py")}
    assert rooms <= {p.stem for p in (PACKAGE / "reports" / "plans").glob("*.py")}


def test_cadres_stand_on_members_and_nothing_below_imports_them():
    """The cadre work (lanhdao.cadres: posts held, succession plans, trainings, rotations and transfers, nominations)
    is done on party members: it may import members, org, accounts, audit and core, and none of those imports it back
    (the apps above it, restructuring and reports, may). The one exception left is named here: the members' Excel
    room still imports and exports the cadres' positions held (excel_positions, services_imports.positions_import,
    excel_export.export_positions) through cadres.models; moving that room's positions half to cadres is the next step,
    and any other import of cadres from below fails this test."""
    below = {"members", "org", "accounts", "audit", "core"}
    offenders = [
        f"{p.relative_to(PACKAGE)} imports {sorted(a - below)}" for p, a in imports_of("cadres").items() if a - below
    ]
    known = {"members/excel_positions.py", "members/excel_export.py", "members/services_imports.py"}
    offenders += [
        f"{p.relative_to(PACKAGE)} imports cadres"
        for app in below
        for p, a in imports_of(app).items()
        if "cadres" in a and str(p.relative_to(PACKAGE)) not in known
    ]
    assert not offenders, "\n".join(offenders)
    for name in known:
        imported = re.findall(r"^from lanhdao\.cadres(\.\w+)? import", (PACKAGE / name).read_text(), re.M)
        assert imported and set(imported) == {".models"}, name  # the models only; gone once the room moves


def test_members_keep_no_cadre_work_by_suffix():
    """The cadre work once lived in members by file-name suffix (views_cadres.py, services_cadres.py, …) and in its
    templates' cadres/ folder; it is an app now, with the usual rooms."""
    left = [*(PACKAGE / "members").rglob("*_cadres.py"), *(PACKAGE / "members").rglob("test_cadres_*.py")]
    assert not left and not (PACKAGE / "members" / "templates" / "members" / "cadres").exists()
    rooms = {"models", "services", "selectors", "views", "api", "forms", "serializers", "urls", "api_urls", "demo"}
    assert rooms <= {p.stem for p in (PACKAGE / "cadres").glob("*.py")}


def test_access_functions_live_in_permissions_modules():
    """An access function (access_<entity>: 404 for "does not exist" and "not yours" alike) is found where a reader
    looks for it: in the app's (or package's) permissions module."""
    defined = re.compile(r"^def (access_\w+)\(", re.M)
    offenders = []
    for app in sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()):
        for path in (PACKAGE / app).rglob("*.py"):
            if path.stem == "permissions" or "tests" in path.parts:
                continue
            offenders += [f"{path.relative_to(PACKAGE)}: {name}" for name in defined.findall(path.read_text())]
    assert not offenders, "\n".join(offenders)


def test_reports_read_the_apps_through_their_selectors():
    """The reviews import the apps' vocabulary (kinds, grades) and selectors, never their models (STYLE.md): the
    rows behind a figure are the app's to define (its `*_RECORDS` source), so a change of model stays in the app."""
    from django.apps import apps
    from django.db import models

    apps_below = ("documents", "work", "meetings", "people", "inspections", "members", "cadres")
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


def test_core_and_notifications_stand_below_every_app():
    """`core` imports no app (its `demo` command alone loads every app's demo data, by design), and `notifications`
    nothing but `core` and `accounts`' selectors (whom to tell at which clearance): docs/architecture.md."""
    demo_command = PACKAGE / "core" / "management" / "commands" / "demo.py"
    core = {path: apps for path, apps in imports_of("core").items() if path != demo_command}
    offenders = [f"{p.relative_to(PACKAGE)} imports {sorted(a)}" for p, a in core.items() if a]
    offenders += [
        f"{p.relative_to(PACKAGE)} imports {sorted(a - {'core', 'accounts'})}"
        for p, a in imports_of("notifications").items()
        if a - {"core", "accounts"}
    ]
    assert not offenders, "\n".join(offenders)
