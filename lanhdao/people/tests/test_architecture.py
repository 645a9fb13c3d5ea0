"""The project's rule (views and the API never query a business model directly) over every page and API module of
this app, which splits them across several files that the project-wide test does not see."""

from pathlib import Path

from lanhdao.tests.test_architecture import RAW_QUERY

APP = Path(__file__).resolve().parent.parent


def test_views_and_api_modules_go_through_access_functions_and_selectors():
    offenders = []
    for path in [*APP.glob("views*.py"), *APP.glob("api*.py")]:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if RAW_QUERY.search(line):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_the_public_templates_never_touch_the_signed_in_user():
    for path in (APP / "templates" / "people" / "public").rglob("*.html"):
        text = path.read_text()
        assert "user." not in text and "{{ user" not in text and "request.user" not in text, path
