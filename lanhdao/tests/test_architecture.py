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


def test_no_page_loads_anything_from_the_internet():
    pattern = re.compile(r"""(src|href)=["']https?://""")
    for path in PACKAGE.rglob("templates/**/*.html"):
        assert not pattern.search(path.read_text()), path
