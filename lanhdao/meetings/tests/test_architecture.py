"""The house rule of lanhdao/tests/test_architecture.py, for every view and API module of this app (the shared test
only looks at files named views.py and api.py)."""

from pathlib import Path

from lanhdao.tests.test_architecture import RAW_QUERY

APP = Path(__file__).resolve().parent.parent


def test_meeting_views_and_api_never_query_a_model_directly():
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in [*APP.glob("views*.py"), *APP.glob("api*.py")]
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if RAW_QUERY.search(line)
    ]
    assert not offenders, "use access_<entity>() or a selector:\n" + "\n".join(offenders)
