"""Every page can be reached by clicking (issue 15, "every page reachable by links"): a crawl from the home page,
as a user with broad roles, following the links and the htmx loads a browser follows, reaches every named GET page
route that takes no argument or only a unit (and a year). A page a user must type an address for fails here.

The crawl reads HTML only; a link to a file (an export, a template, a report file) counts as reached without being
downloaded. It visits at most a few addresses per route, so that its cost does not grow with the world.
"""

import re
from collections import Counter
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from lanhdao.tests import matrix_world
from lanhdao.tests.permission_table import ROUTES
from lanhdao.tests.test_permission_matrix import url_routes

# a link, what htmx loads, a branch of the tree the toggle opens (data-children), a picker's suggestions
# (data-picker, which picker.js loads as one types), a form sent by GET
LINK = re.compile(r"""(?:href|hx-get|data-children|data-picker)="([^"#]+)[^"]*\"""")
GET_FORM = re.compile(r"""<form\b[^>]*\bmethod="get"[^>]*\baction="([^"#]+)\"""")
PER_ROUTE = 3
# GET routes that no link needs to reach, with the reason.
EXCEPTIONS = {
    "login": "the sign-in page: where the crawl starts; a signed-in user is sent home from it",
    "org:unit_restore": "shown on an archived unit's page only (org/tests cover it); the world archives nothing",
    "set_language": "the VI/EN buttons post to it; a GET only goes back",
    "accounts:second_factor": "a sign-in step: the gate sends the user there, no link",
    "accounts:second_factor_enrol": "a sign-in step: the gate sends the user there, no link",
    "restructuring:reform2025": "linked from a province committee's unit panel for its own organisation board "
    "(restructuring/tests/test_reform2025_views.py); this world's board works on a district",
    "restructuring:reform2025_place": "linked from the reform page's list of communes held for placing, which only a "
    "reform with split communes fills (restructuring/tests/test_reform2025_views.py)",
}


def _targets() -> set[str]:
    """Named routes whose GET shows a page, taking no URL argument, or a unit (and a year)."""
    names = set()
    for route, name, pattern in url_routes():
        entry = ROUTES.get(name)
        if name is None or entry is None or entry.get is None or route.startswith("api/"):
            continue
        args = set(pattern.pattern.converters)
        unit_args = {"pk", "unit_pk"} if entry.kind == "unit" else set()
        if args <= unit_args | {"year"} and (not args or args & unit_args):
            names.add(name)
    return names


def _route_of(url: str):
    parts = urlsplit(unescape(url))
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(("/api/", "/admin/")):
        return None
    try:
        return resolve(parts.path).view_name
    except Resolver404:
        return None


def crawl(client, start: str = "/") -> set[str]:
    """The route names linked from the pages reachable from `start`."""
    reached: set[str] = set()
    visits: Counter = Counter()
    seen: set[str] = set()
    queue = [start]
    while queue:
        url = queue.pop(0)
        name = _route_of(url)
        if url in seen or name is None or visits[name] >= PER_ROUTE:
            continue
        seen.add(url)
        visits[name] += 1
        response = client.get(unescape(url), HTTP_HX_REQUEST="true" if "/panel" in url else None)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = response.content.decode()
        for link in LINK.findall(page) + GET_FORM.findall(page):
            target = _route_of(link)
            if target:
                reached.add(target)
                queue.append(unescape(link))
    return reached


def test_every_page_is_reached_by_links_from_home(db, client_for):
    w = matrix_world.build()
    client = client_for(w.orgboard)
    reached = crawl(client)
    missing = sorted(_targets() - reached - set(EXCEPTIONS))
    assert not missing, "pages no link reaches from the home page:\n" + "\n".join(missing)


def test_the_exceptions_are_real_routes():
    targets = _targets()
    assert set(EXCEPTIONS) <= targets | {"login"}, set(EXCEPTIONS) - targets


# Pages with no breadcrumbs: the sign-in steps (before the menu is shown) and the error pages (another part's).
NO_BREADCRUMBS = {
    "registration/login.html",
    "accounts/locked_out.html",
    "400.html",
    "403.html",
    "403_csrf.html",
    "404.html",
    "home/home.html",
}


def test_every_page_template_has_breadcrumbs():
    """base.html shows Home › … on every page in a `nav aria-label`; each page template extending it says where it is
    in its `breadcrumbs` block."""
    package = Path(__file__).resolve().parents[2]
    base = (package / "core/templates/base.html").read_text()
    assert '<nav class="breadcrumb" aria-label=' in base and "{% block breadcrumbs %}" in base
    missing = []
    for path in package.glob("*/templates/**/*.html"):
        name = str(path).split("/templates/", 1)[1]
        text = path.read_text()
        if 'extends "base.html"' in text and name not in NO_BREADCRUMBS and "{% block breadcrumbs %}" not in text:
            missing.append(name)
    assert not missing, missing
