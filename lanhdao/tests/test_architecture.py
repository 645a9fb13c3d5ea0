"""House rules that a reviewer would otherwise have to remember (STYLE.md)."""

import ast
import inspect
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


# The dependency picture of docs/architecture.md: the lanhdao apps each app may import (besides itself). An app
# stands on those below it and never imports one built on it, so a change low down is seen by the apps above and
# not the other way round. A new app gets its row here, and an import outside its row fails
# test_each_app_imports_only_the_apps_its_row_allows.
BASE = {"core", "audit", "org", "accounts"}  # the ground every business app stands on
# The apps of the leadership cycle and of the apparatus, all read by the reviews.
REVIEWED = {"documents", "work", "meetings", "people", "members", "cadres", "inspections", "staffing", "restructuring"}
ALLOWED: dict[str, set[str]] = {
    "core": set(),  # shared pieces: imports no app (its demo command aside, below)
    "audit": {"core", "accounts"},  # the trail, shown up to the reader's clearance (accounts.selectors)
    "org": {"core", "audit", "accounts"},  # the tree; accounts for the rights on units only (test below)
    "accounts": {"core", "audit", "org"},  # users and roles on units
    "notifications": {"core", "accounts"},  # whom to tell, at which clearance
    "documents": BASE,
    "work": BASE | {"documents", "notifications"},  # a task implements a document; reminders tell people
    "staffing": BASE,
    "members": BASE | {"notifications"},  # probation alerts
    "cadres": BASE | {"members"},  # cadre work is done on members
    "meetings": BASE | {"documents", "work"},  # conclusions become tasks, agendas name documents
    "people": BASE | {"work"},  # findings become tasks
    "inspections": BASE | {"documents", "members", "work"},  # of a member; recommendations become tasks
    # moves their rows, and the standing arrangements (frequencies, schedules, responsibilities, plans)
    "restructuring": BASE | {"documents", "members", "cadres", "staffing", "work", "meetings", "people"},
    # reports reads every app below it through its selectors (test below)
    "reports": BASE | REVIEWED,
    "campaigns": BASE | {"documents", "reports"},  # the indicators and report files of reports
    # the first page after sign-in: what waits for the user, from each app's own selectors (test below)
    "home": BASE | {"notifications", "work", "meetings", "people", "members", "campaigns"},
}
# The imports that point up, module by module, each for a reason written in docs/architecture.md.
UPWARDS: dict[str, set[str]] = {
    # `lanhdao demo` loads every app's demo data (and signs the demo users in).
    "core/management/commands/demo.py": {"accounts", "org"},
    # Raising a document's confidentiality raises its tasks' in the same transaction (a lazy import).
    "documents/services.py": {"work"},
    # One daily job sends the task reminders and the members' probation alerts.
    "work/management/commands/remind.py": {"members"},
    # A closed unit's indicator targets move to its successor with its other standing arrangements.
    "restructuring/arrangements.py": {"reports"},
}
# The pairs of apps that import each other; with one side of each left out, the picture has no cycle.
MUTUAL = {("org", "accounts"), ("audit", "accounts")}


def _apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists())


def _imported_apps(tree: ast.AST, apps: set[str]) -> set[str]:
    """The lanhdao apps a module imports: at its top or inside a function (a lazy import is a dependency too)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module] if node.module != "lanhdao" else [f"lanhdao.{a.name}" for a in node.names]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] == "lanhdao" and len(parts) > 1 and parts[1] in apps:
                found.add(parts[1])
    return found


def imports_of(app: str) -> dict[Path, set[str]]:
    """The other lanhdao apps each module of `app` imports (tests and migrations aside), by path."""
    apps = set(_apps())
    found = {}
    for path in (PACKAGE / app).rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        found[path] = _imported_apps(ast.parse(path.read_text(), str(path)), apps) - {app}
    return found


def test_every_app_has_its_row_in_the_dependency_picture():
    assert set(ALLOWED) == set(_apps())
    assert all(allowed <= set(ALLOWED) for allowed in ALLOWED.values())


def test_each_app_imports_only_the_apps_its_row_allows():
    offenders = []
    for app in _apps():
        for path, imported in imports_of(app).items():
            name = str(path.relative_to(PACKAGE))
            extra = imported - ALLOWED[app] - UPWARDS.get(name, set())
            if extra:
                offenders.append(f"{name} imports {sorted(extra)}, outside {app}'s row of ALLOWED")
    assert not offenders, "\n".join(offenders)


def test_the_upward_imports_are_still_needed():
    """An exception that is no longer used is removed, so that the table says what the code does."""
    for name, apps in UPWARDS.items():
        path = PACKAGE / name
        assert apps <= _imported_apps(ast.parse(path.read_text()), set(_apps())), name


def test_the_dependency_picture_has_no_cycle_but_the_named_pairs():
    """Dependencies point downwards: leaving out one side of each named pair, the apps can be ordered so that each
    imports only apps before it."""
    edges = {app: allowed - {a for a, b in MUTUAL if b == app} for app, allowed in ALLOWED.items()}
    ordered: list[str] = []
    while len(ordered) < len(edges):
        ready = [app for app in sorted(edges) if app not in ordered and edges[app] <= set(ordered)]
        assert ready, f"a cycle among {sorted(set(edges) - set(ordered))}"
        ordered += ready


def test_org_keeps_no_staffing_and_imports_accounts_only_for_its_own_rights():
    """Staffing once lived in org by suffix and was half of org's modules importing accounts. What is left is org's
    own: the rights on units (Perm, has_perm, units_for) for its pages, API and services, and the demo's accounts. A
    new import of accounts from org widens the org <-> accounts cycle and needs a reason here."""
    assert not [p for p in (PACKAGE / "org").rglob("*staffing*") if "migrations" not in p.parts]
    importing = {p.stem for p, apps in imports_of("org").items() if "accounts" in apps}
    # picker: which units a user may choose in a form is the same right (units_for), asked by the unit picker
    assert importing <= {"api", "demo", "permissions", "picker", "services", "views"}, importing


def test_reports_keep_no_campaigns_and_no_module_by_suffix():
    """Campaigns and plans once lived in reports by file-name suffix (views_campaigns.py, services_targets.py, …); the
    campaigns are an app now and the plans a package with the usual rooms (reports/plans/)."""
    left = [*(PACKAGE / "reports").rglob("*campaign*"), *(PACKAGE / "reports").rglob("*_targets.py")]
    assert not [p for p in left if "migrations" not in p.parts]
    rooms = {"models", "services", "selectors", "permissions", "views", "api", "forms"}
    assert rooms <= {p.stem for p in (PACKAGE / "campaigns").glob("*.py")}
    assert rooms <= {p.stem for p in (PACKAGE / "reports" / "plans").glob("*.py")}


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


def test_every_history_over_the_api_is_the_one_history_action():
    """`/api/<records>/<id>/history/` is audit.api.HistoryMixin's everywhere (history_for with the reader, the rows
    redacted alike); a viewset says only how to open its record (history_record, or ScopedViewSet's access)."""
    from django.urls import get_resolver

    from lanhdao.audit.api import HistoryMixin

    def viewsets(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from viewsets(pattern.url_patterns)
            elif hasattr(pattern.callback, "cls"):
                yield pattern.callback.cls

    with_history = {cls for cls in viewsets(get_resolver().url_patterns) if hasattr(cls, "history")}
    assert len(with_history) >= 19
    # drf-spectacular gives a subclass a wrapper of an inherited action (to keep its schema apart): unwrap it.
    one = inspect.unwrap(HistoryMixin.history)
    offenders = [cls.__name__ for cls in with_history if inspect.unwrap(cls.history) is not one]
    assert not offenders, offenders


def test_the_query_and_body_readers_are_defined_once():
    """One valid() (core.api) and one date_param() (core.params) for every endpoint, instead of a copy per app."""
    defined = re.compile(r"^def (valid|date_param|_xlsx|board_unit|page_unit|list_unit)\(", re.M)
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts
        for name in defined.findall(path.read_text())
        if str(path.relative_to(PACKAGE)) not in {"core/api.py", "core/params.py"}
    ]
    assert not offenders, offenders


def test_the_home_page_stands_on_top_and_keeps_no_access_rule():
    """The home page (lanhdao.home) composes each app's "waiting for this user" selector: no app imports it, and it
    reads no model itself, so every list on it goes through its app's own <things>_for(user)."""
    apps = [p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists() and p.name != "home"]
    offenders = [f"{p.relative_to(PACKAGE)}" for app in apps for p, a in imports_of(app).items() if "home" in a]
    for path in (PACKAGE / "home").rglob("*.py"):
        if "tests" not in path.parts and (RAW_QUERY.search(path.read_text()) or "models import" in path.read_text()):
            offenders.append(f"{path.relative_to(PACKAGE)} reads a model")
    assert not offenders, "\n".join(offenders)
