"""The permission matrix (issue 13): every page and API route of the URL configuration, tried by every kind of demo
role inside and outside its scope and below and above the record's clearance, against ONE declared table
(permission_table.py). A route added without an entry in the table fails `test_every_route_is_in_the_table`.

Who is tried (matrix_world.py; each a role of accounts/roles.py on district A unless said otherwise):

- writer: Secretary, clearance Secret (VIEW, RECORD, MANAGE_UNITS, MANAGE_USERS);
- writer_low: Office staff, clearance Normal (VIEW, RECORD) — below a secret record's level;
- viewer: Viewer, Normal (VIEW);
- admin: Unit administrator, Normal (VIEW, MANAGE_UNITS, MANAGE_USERS);
- orgboard: Organisation board officer, Secret (every permission, MEMBER_RECORDS and RESTRUCTURE included);
- outsider: Secretary of district B, Top secret: everything, but elsewhere;
- anonymous.

(The other roles hold one of these permission sets: a Deputy secretary that of a Secretary; a Standing Board member,
Head of department, Cell secretary and Inspection officer that of Office staff.)

Expected answers:

- outside scope: 404, the same as "does not exist"; a record above the reader's clearance: 404 too;
- inside scope without the permission: 403 on a change (or what the table's `deny` says), nothing written;
- anonymous: a redirect to the sign-in page (pages) or 401/403 (API), nothing written;
- allowed: neither 403 nor 404 nor 5xx (a GET answers 2xx/3xx, an empty POST may answer 400).

A route whose object can be confidential is also tried on the secret version of its object by writer_low (404),
writer and orgboard (allowed), and, where the world has one, on a top-secret version by writer (404).

Every GET answer (page, JSON, or the XML inside an XLSX/DOCX file) is searched for what its reader must not see
(matrix_world.SECRET_MARKERS and the like): a Normal reader of district A, nothing of a secret record, also where a
record they may see points at it; an outsider, nothing of district A.

Every subject signs in fully: an account that needs a second factor has it verified (as the root conftest's
`client_for` does). The sign-in gate itself is walked over every route too: a session that has given only the
password, or must change a password a manager set, reaches nothing but that step, the public routes and signing out.

Each change is tried inside a savepoint that is rolled back, so that one world (built once for the module) serves
every check. MATRIX_OBSERVE=<file> writes every answer to a JSON file instead of asserting (to review the table).

Limits: a change is tried with an empty body, so a check that a service makes only on a valid body (a row of an
import, the unit a new record is filed in) is the per-app tests' to prove; PDF files are not searched.
"""

import io
import json
import os
import zipfile
from collections import defaultdict
from http.cookies import SimpleCookie
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import make_user, verify_second_factor
from lanhdao.accounts.middleware import owed_step
from lanhdao.accounts.models import User
from lanhdao.accounts.roles import ROLE_PERMS
from lanhdao.accounts.selectors import needs_second_factor
from lanhdao.tests import matrix_world
from lanhdao.tests.permission_table import EXCLUDED_PREFIXES, OWNER, PUBLIC, ROUTES, SIGNED_IN, Route

# --- the routes of the URL configuration ------------------------------------------------------------------------


def _walk(resolver, prefix="", namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


def url_routes() -> list[tuple[str, str, URLPattern]]:
    """(route text, route name, pattern) of every route, the excluded prefixes left out."""
    return [
        (route, name, pattern)
        for route, name, pattern in _walk(get_resolver())
        if not any(route.startswith(prefix) for prefix in EXCLUDED_PREFIXES)
    ]


def _kwarg_names(pattern: URLPattern) -> set[str]:
    regex = pattern.pattern.regex
    return set(regex.groupindex)


def _methods(pattern: URLPattern) -> tuple[bool, str | None]:
    """What the view itself says it serves, when it says it (DRF): (serves GET, the change method or None)."""
    callback = pattern.callback
    actions = getattr(callback, "actions", None)
    if actions is None:
        cls = getattr(callback, "cls", None)
        if cls is None:
            return True, "post"
        actions = {m: m for m in ("get", "post", "patch", "delete") if hasattr(cls, m)}
    change = next((m for m in ("post", "patch", "put", "delete") if m in actions), None)
    return "get" in actions, change


ALL_ROUTES = url_routes()
CASES = []
for _route, _name, _pattern in ALL_ROUTES:
    _suffix = "format" in _kwarg_names(_pattern)
    _id = f"{_name}.json" if _suffix else _name
    _entry = ROUTES.get(_name)
    _marks = []
    # the .json twin of a route is tried by fewer users, never on a secret record: only the route itself is marked
    if _entry is not None and _entry.xfail and not _suffix:
        _marks.append(pytest.mark.xfail(strict=True, reason=_entry.xfail))
    CASES.append(pytest.param(_route, _name, _pattern, id=_id, marks=_marks))


def test_every_route_is_in_the_table():
    """A new route must say what it needs: its name in ROUTES (a route without a name cannot be declared)."""
    missing = sorted({f"{name} ({route})" for route, name, _ in ALL_ROUTES if name not in ROUTES})
    assert not missing, "Routes missing from permission_table.ROUTES:\n" + "\n".join(missing)


def test_the_table_names_only_routes_that_exist():
    names = {name for _, name, _ in ALL_ROUTES}
    assert not sorted(set(ROUTES) - names)


def test_the_admin_site_is_for_staff_only(client_for, matrix):
    """The excluded admin site: a signed-in user who is not staff (the second factor verified) is sent to its
    sign-in page."""
    for user in (matrix.writer, matrix.orgboard, matrix.admin):
        client = client_for(user)
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_api_route_has_no_format_suffix_twin(matrix, db):
    """`/api/units/<pk>.json` and its like answered 500 (the actions take no `format`): they no longer exist."""
    client, cookies = matrix.clients["writer"]
    client.cookies = SimpleCookie(cookies)
    unit = matrix.district_a.pk
    assert client.get(f"/api/units/{unit}/").status_code == 200
    for path in (f"/api/units/{unit}.json", "/api/documents.json", "/api/tasks/board.json"):
        assert client.get(path).status_code == 404


# --- the world ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """One world for the whole module, rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = matrix_world.build()
            # one signed-in client per subject, its session made inside the module's transaction so that it outlives
            # each test's rollback; its cookies are put back before every request (a logout or a language change
            # must not carry over). An account that signs in with a second factor has it verified, as the root
            # conftest's `client_for` does: the matrix checks what a fully signed-in user may do.
            world.clients = {}
            for subject in SUBJECTS:
                client = Client(raise_request_exception=False)
                user = getattr(world, subject)
                client.force_login(user)
                if needs_second_factor(User.objects.get(pk=user.pk)):
                    verify_second_factor(client, user)
                world.clients[subject] = (client, SimpleCookie(client.cookies))
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


SUBJECTS = ("writer", "writer_low", "viewer", "admin", "orgboard", "outsider")
HOME = {"writer": "A", "writer_low": "A", "viewer": "A", "admin": "A", "orgboard": "A", "outsider": "B"}
ROLE_OF = {
    "writer": "secretary",
    "writer_low": "office_staff",
    "viewer": "viewer",
    "admin": "administrator",
    "orgboard": "organisation_board",
    "outsider": "secretary",
}


def satisfies(subject: str, spec: str, *, anywhere: bool) -> bool:
    """Whether `subject` holds `spec` ("view", "record&member_records", "manage_units|record") on district A (or
    anywhere, for a route that names no object)."""
    if spec in (PUBLIC, SIGNED_IN):
        return True
    if spec == OWNER:
        return subject == "writer"
    if HOME[subject] != "A" and not anywhere:
        return False
    perms = {str(p) for p in ROLE_PERMS[ROLE_OF[subject]]}
    return any(all(p in perms for p in alternative.split("&")) for alternative in spec.split("|"))


LEVEL_SUFFIX = {0: "", 1: "_secret", 2: "_top"}
LEVEL_NOTE = {0: "", 1: " (secret record)", 2: " (top-secret record)"}
CLEARANCE = {"writer": 1, "writer_low": 0, "viewer": 0, "admin": 0, "orgboard": 1, "outsider": 2}


def expected(entry: Route, subject: str, method: str, level: int) -> int | str:
    """The answer `subject` must get: a status code, or "ok" (allowed)."""
    spec = entry.get if method == "get" else entry.post
    if spec == PUBLIC:
        return "ok"
    if subject == "anonymous":
        return "anonymous"
    scoped = entry.scoped is True or entry.scoped == method
    if entry.kind is not None:
        if HOME[subject] != "A" and scoped:
            return 404
        if CLEARANCE[subject] < level:
            return 404
    if not satisfies(subject, spec, anywhere=entry.kind is None or not scoped):
        return entry.deny_get if method == "get" else entry.deny
    return "ok"


def _value(world, name: str, level: int):
    if not isinstance(name, str) or not hasattr(world, name):
        return name  # a literal: a step key, an operation kind, a file format
    suffix = LEVEL_SUFFIX[level]
    if suffix and hasattr(world, f"{name}{suffix}"):
        name = f"{name}{suffix}"
    value = getattr(world, name)
    return getattr(value, "pk", value)


def url_of(world, name: str, pattern: URLPattern, entry: Route, level: int) -> str:
    names = _kwarg_names(pattern)
    kwargs = {}
    for key in names:
        if key == "format":
            kwargs[key] = "json"
        elif key in entry.args:
            kwargs[key] = _value(world, entry.args[key], level)
        elif key == "pk" and entry.kind:
            kwargs[key] = _value(world, entry.kind, level)
        else:
            raise AssertionError(f"{name}: the table does not say what to put in <{key}>")
    url = reverse(name, kwargs=kwargs)
    return url + (f"?{entry.query.format(w=world)}" if entry.query else "")


def counts(models) -> tuple[int, ...]:
    return tuple(model.objects.count() for model in models)


def judge(path: str, status: int, location: str, want, method: str, public: bool = False) -> str | None:
    """None when `status` is the answer `want`, else what is wrong."""
    api = path.startswith("/api/")
    if status >= 500:
        return f"server error {status}"
    if want == "anonymous":
        if api:
            return None if status in (401, 403) else f"anonymous got {status}, wanted 401/403"
        login = reverse(settings.LOGIN_URL)
        return None if status == 302 and location.startswith(login) else f"anonymous got {status} ({location})"
    if want == "ok":
        if status in (403, 404):
            return f"allowed user got {status}"
        if status == 405:
            return f"{method.upper()} not served (405): fix the table"
        if method == "get" and not (200 <= status < 400):
            return f"allowed GET got {status}"
        if not public and 300 <= status < 400 and location.startswith(reverse(settings.LOGIN_URL)):
            return "allowed user sent to sign in"
        return None
    wanted = want if isinstance(want, tuple) else (want,)
    return None if status in wanted else f"got {status}, wanted {' or '.join(map(str, wanted))}"


def _text(response) -> str:
    """What the reader gets, as text: a page, a JSON answer, or the XML inside an XLSX or DOCX file (a PDF is not
    searched)."""
    if response.status_code >= 300:
        return ""
    if not hasattr(response, "_matrix_text"):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response.get("Content-Type", "")
        if content_type.startswith(("text/", "application/json")):
            response._matrix_text = body.decode(errors="replace")
        elif zipfile.is_zipfile(io.BytesIO(body)):  # an Office file is a zip of XML parts
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                parts = [archive.read(n) for n in archive.namelist() if n.endswith(".xml")]
            response._matrix_text = b"".join(parts).decode(errors="replace")
        else:
            response._matrix_text = ""
    return response._matrix_text


def _markers(subject: str) -> tuple[str, ...]:
    """What `subject` must not see anywhere: a Normal-cleared reader of district A, nothing of a secret record; an
    outsider, nothing of district A."""
    if subject == "outsider":
        return matrix_world.SCOPE_MARKERS
    if subject in ("writer_low", "viewer", "admin"):
        return matrix_world.SECRET_MARKERS
    return matrix_world.TOP_SECRET_MARKERS


def leak(response, subject: str) -> str:
    text = _text(response)
    found = sorted({m for m in _markers(subject) if m in text})
    return f"shows what it must not see: {', '.join(found)}"


def problem_free_of_markers(response, subject: str, level: int, method: str) -> bool:
    if method != "get" or level:
        return True
    text = _text(response)
    return not any(marker in text for marker in _markers(subject))


def _counted():
    from django.apps import apps

    labels = (
        *("audit.AuditEntry", "work.Task", "documents.Document", "meetings.Meeting", "inspections.Inspection"),
        *("members.Member", "accounts.User", "accounts.RoleAssignment", "org.Unit", "people.Petition"),
    )
    return tuple(apps.get_model(label) for label in labels)


COUNTED = _counted()

OBSERVE = os.environ.get("MATRIX_OBSERVE")  # a file to write every answer to (to review the table), no assertions
_observed = defaultdict(dict)


@pytest.fixture(scope="module", autouse=True)
def _dump_observed():
    yield
    if OBSERVE:
        with open(OBSERVE, "w") as out:
            json.dump(_observed, out, indent=0, sort_keys=True)


def _table_disagrees(entry, pattern, serves_get: bool, change: str | None) -> list[str]:
    """Where the methods the view serves and the permissions the table gives them disagree."""
    problems = []
    if not serves_get and entry.get is not None:
        problems.append("the view does not serve GET: the table says it does")
    if change is None and entry.post is not None and hasattr(pattern.callback, "cls"):
        problems.append("the view serves no change method: the table says it does")
    if change is not None and entry.post is None and hasattr(pattern.callback, "cls"):
        problems.append(f"the view serves {change.upper()}: the table gives it no permission")
    return problems


def _variants(entry, matrix, suffix: bool) -> list[tuple[str, int]]:
    """(subject, confidentiality level of the record asked for) pairs to try the route as."""
    subjects = ("writer", "outsider", "anonymous") if suffix else (*SUBJECTS, "anonymous")
    variants = [(s, 0) for s in subjects]
    if entry.confidential and not suffix:
        variants += [("writer_low", 1), ("writer", 1), ("orgboard", 1)]
        if entry.kind and hasattr(matrix, f"{entry.kind}_top"):
            variants.append(("writer", 2))  # a Secret-cleared writer, on a top-secret record
    return variants


def _client_of(matrix, subject: str):
    if subject == "anonymous":
        return Client(raise_request_exception=False), SimpleCookie()
    return matrix.clients[subject]


def _request_problems(entry, name, client, path, method, subject, level, suffix) -> list[str]:
    """Ask `path` with `method` (rolled back) and judge the answer against the table: its status, what it shows,
    what it wrote."""
    want = expected(entry, subject, "get" if method == "get" else "post", level)
    before = counts(COUNTED) if want != "ok" else ()
    with transaction.atomic():
        response = getattr(client, method)(path, **({"HTTP_ACCEPT": "application/json"} if suffix else {}))
        after = counts(COUNTED) if want != "ok" else ()
        transaction.set_rollback(True)
    location = response.get("Location", "")
    if OBSERVE:
        _observed[f"{name}{'.json' if suffix else ''}"][f"{subject}{LEVEL_SUFFIX[level]} {method}"] = (
            response.status_code
        )
        return []
    problems = []
    spec = entry.get if method == "get" else entry.post
    if not problem_free_of_markers(response, subject, level, method):
        problems.append(f"{method.upper()} {path} as {subject}: {leak(response, subject)}")
    problem = judge(path, response.status_code, location, want, method, public=spec == PUBLIC)
    if problem is None and method != "get" and want != "ok" and after != before:
        problem = f"refused, yet rows were written ({before} -> {after})"
    if problem:
        problems.append(f"{method.upper()} {path} as {subject}{LEVEL_NOTE[level]}: {problem}")
    return problems


@pytest.mark.parametrize(("route", "name", "pattern"), CASES)
def test_route(route, name, pattern, matrix, db):
    entry = ROUTES.get(name)
    if entry is None:
        pytest.skip("not in the table: test_every_route_is_in_the_table fails for it")
    serves_get, change = _methods(pattern)
    suffix = "format" in _kwarg_names(pattern)
    methods = []
    if entry.get is not None:
        methods.append("get")
    if entry.post is not None:
        methods.append(change or "post")
    problems = _table_disagrees(entry, pattern, serves_get, change)
    for subject, level in _variants(entry, matrix, suffix):
        client, cookies = _client_of(matrix, subject)
        path = url_of(matrix, name, pattern, entry, level)
        for method in methods:
            client.cookies = SimpleCookie(cookies)
            problems += _request_problems(entry, name, client, path, method, subject, level, suffix)
    assert not problems, "\n".join(problems)


# --- the sign-in gate over every route ----------------------------------------------------------------------------


# What a session owing a step may still reach besides the public routes, declared here (not read from the middleware)
# so that a route let through the gate by mistake fails the test.
GATE_OPEN = {"logout", "set_language", "api-token"}
GATE_STEPS = {
    "accounts:second_factor": {"accounts:second_factor", "accounts:second_factor_enrol"},
    "accounts:own_password": {"accounts:own_password"},
}


@pytest.mark.parametrize("owed", ["accounts:second_factor", "accounts:own_password"])
def test_a_session_owing_a_sign_in_step_reaches_no_route_but_that_step(owed, matrix, db):
    """After the password alone (a cleared account before its code), or with a password set by a manager, every route
    of the table but the public ones, the step itself and signing out sends the page to the step and answers 403 in
    the API, for GET and for a change, and writes nothing (accounts.middleware)."""
    if owed == "accounts:second_factor":
        user = matrix.writer  # Secret clearance and managing users: signs in with a code
    else:
        user = make_user("petra", role="viewer", unit=matrix.district_a, must_change_password=True)
    assert owed_step_of(user) == owed
    client = Client(raise_request_exception=False)
    client.force_login(user)
    cookies = SimpleCookie(client.cookies)
    step, problems, tried = reverse(owed), [], 0
    for _route, name, pattern in ALL_ROUTES:
        entry = ROUTES.get(name)
        if entry is None or name in GATE_OPEN or name in GATE_STEPS[owed]:
            continue
        path = url_of(matrix, name, pattern, entry, 0)
        _, change = _methods(pattern)
        for method, spec in (("get", entry.get), (change or "post", entry.post)):
            if spec is None or spec == PUBLIC:
                continue
            client.cookies = SimpleCookie(cookies)
            before = counts(COUNTED)
            with transaction.atomic():
                response = getattr(client, method)(path)
                after = counts(COUNTED)
                transaction.set_rollback(True)
            tried += 1
            if path.startswith("/api/"):
                ok = response.status_code == 403
            else:
                ok = response.status_code == 302 and response["Location"].startswith(step)
            if not ok or after != before:
                wrote = f", rows written ({before} -> {after})" if after != before else ""
                where = response.get("Location", "")
                problems.append(f"{method.upper()} {path}: {response.status_code} {where}{wrote}")
    assert tried > 300
    assert not problems, "\n".join(problems)


def owed_step_of(user) -> str | None:
    """The step a session of `user` that has given only the password owes."""
    return owed_step(SimpleNamespace(user=User.objects.get(pk=user.pk), session={}))


# --- what the routes show with their query: every drill-down, the searches --------------------------------------


SEARCH_WORDS = ("SECRET", "13-NQ", "14-NQ", "Nghị quyết", "Kế hoạch", "Hội nghị", "Kiểm tra", "Vi phạm", "Chấn chỉnh")
SEARCH_ROUTES = (
    *("documents:document_list", "document-list", "work:task_list", "task-list", "work:calendar"),
    *("inspections:inspection_list", "inspection-list", "meetings:meeting_list", "meeting-list"),
    *("inspections:discipline_list", "discipline-list"),
)


def test_no_drill_down_or_search_shows_a_record_above_its_reader(matrix, db):
    """The table tries each route once, with one query. Here every drill-down of the indicator catalogue (district A
    and commune A, the subtree) and every search of the confidential kinds, with words of the secret records' titles
    and symbols: a Normal reader of district A sees nothing of a secret record, a Secret one nothing of a top-secret
    record, and each answer is a page or JSON (THE CONFIDENTIALITY RULE: a drill-down lists only what its reader may
    open)."""
    from lanhdao.reports import indicators

    period = f"start={matrix.start}&end={matrix.end}"
    urls = [
        f"{reverse('reports:drilldown')}?indicator={key}&unit={unit.pk}&{period}"
        for unit in (matrix.district_a, matrix.commune_a)
        for key in indicators.BY_KEY
    ]
    urls += [f"{reverse(name)}?q={word}" for name in SEARCH_ROUTES for word in SEARCH_WORDS]
    problems = []
    for subject in ("writer_low", "viewer", "writer"):
        client, cookies = matrix.clients[subject]
        for url in urls:
            client.cookies = SimpleCookie(cookies)
            response = client.get(url)
            found = [marker for marker in _markers(subject) if marker in _text(response)]
            if response.status_code != 200 or found:
                problems.append(f"GET {url} as {subject}: {response.status_code} {', '.join(found)}")
    assert len(urls) > 100
    assert not problems, "\n".join(problems)
