"""The project's rule (views and the API never query a business model directly) over every page and API module of
this app, which splits them across several files."""

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


def test_no_template_has_inline_styles_or_scripts():
    """The content security policy allows no inline style or script without a nonce."""
    for path in (APP / "templates").rglob("*.html"):
        text = path.read_text()
        assert "style=" not in text and "<script" not in text, path
