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
