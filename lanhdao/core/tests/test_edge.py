"""Input at the edge (issue 13, finding 7): a malformed id, filter, date or body answers 400 or 404 with a message,
never 500; text is normalised once (NFC, no invisible characters) for every form and serializer."""

import datetime
import unicodedata

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import shown
from lanhdao.audit.models import AuditEntry
from lanhdao.core.access import parse_id
from lanhdao.core.params import BadParameter, parse_date, parse_month, parse_year
from lanhdao.work.models import Task

# List endpoints that take `?unit=`: each answered 500 for a unit that is not a number.
UNIT_FILTERED = [
    "/api/tasks/",
    "/api/tasks/board/",
    "/api/meetings/",
    "/api/submissions/",
    "/api/responsibilities/",
    "/api/meeting-frequencies/",
    "/api/meeting-figures/",
    "/api/field-visits/",
    "/api/dialogues/",
    "/api/petitions/",
    "/api/reception-days/",
    "/api/commitment-plans/",
    "/api/people/figures/",
    "/api/transfers/",
    "/api/awards/",
    "/api/badges/",
    "/api/badges/eligible/",
    "/api/member-figures/",
    "/api/member-export/",
    "/api/inspection-figures/",
    "/api/inspection-follow-up/",
    "/api/documents/uncovered/",
    "/api/staffing/targets/",
    "/api/staffing/summary/",
    "/api/indicators/children/",
]


@pytest.mark.parametrize("value", ["null,null", "abc", "true", "5e-324", "-1", "1_0", "١٢", str(2**64)])
def test_a_malformed_task_id_in_the_path_is_not_found_with_a_message(world, api_for, value):
    response = api_for(world.alice).get(f"/api/tasks/{value}/")
    assert response.status_code == 404
    assert response.json()["detail"] == shown(response, "No such task, or you may not see it.")


@pytest.mark.parametrize("path", UNIT_FILTERED)
@pytest.mark.parametrize("value", ["abc", "null", "1.5", str(10**30)])
def test_a_malformed_unit_filter_is_not_found_not_a_server_error(world, api_for, path, value):
    response = api_for(world.alice).get(path, {"unit": value})
    assert response.status_code == 404, (path, response.status_code)
    assert response.json()["detail"] == shown(response, "No such unit, or you may not see it.")


def test_the_dashboard_page_with_a_malformed_unit_is_not_found_with_the_message(world, client_for):
    response = client_for(world.alice).get("/reports/", {"unit": "abc"})
    assert response.status_code == 404
    assert shown(response, "No such unit, or you may not see it.") in response.content.decode()


@pytest.mark.parametrize("body", [[{"text": "Nghị quyết 05-NQ/TU"}], ["a", "b"], 7, True, "text"])
def test_the_reference_reader_refuses_a_body_that_is_not_an_object(world, api_for, body):
    response = api_for(world.alice).post("/api/references/read/", body, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"]


def test_the_reference_reader_still_reads_an_object(world, api_for):
    response = api_for(world.alice).post("/api/references/read/", {"text": "Thực hiện Nghị quyết số 05-NQ/TU"})
    assert response.status_code == 200 and response.json()[0]["symbol"] == "05-NQ/TU"


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1899-12", "2201-01"])
def test_a_calendar_month_outside_the_sane_years_is_a_bad_request_with_a_message(world, client_for, month):
    response = client_for(world.alice).get(reverse("work:calendar"), {"unit": world.district_a.pk, "month": month})
    assert response.status_code == 400
    assert shown(response, "Give a date between the years %(first)d and %(last)d.", first=1900, last=2200) in (
        response.content.decode()
    )


@pytest.mark.parametrize("month", ["2026-13", "abc", "2026-1", "2026-01-05"])
def test_a_malformed_calendar_month_is_a_bad_request(world, client_for, month):
    response = client_for(world.alice).get(reverse("work:calendar"), {"unit": world.district_a.pk, "month": month})
    assert response.status_code == 400
    assert shown(response, "Give a month as YYYY-MM.") in response.content.decode()


def test_the_calendar_at_the_edges_of_the_sane_years_still_answers(world, client_for):
    client = client_for(world.alice)
    for month in ("1900-01", "2200-12", ""):
        assert client.get(reverse("work:calendar"), {"unit": world.district_a.pk, "month": month}).status_code == 200


def test_a_dashboard_period_from_year_1_to_9999_is_a_bad_request(world, client_for, api_for):
    period = {"unit": world.district_a.pk, "start": "0001-01-01", "end": "9999-12-31"}
    page = client_for(world.alice).get(reverse("reports:dashboard"), period)
    assert page.status_code == 400
    message = shown(page, "Give a date between the years %(first)d and %(last)d.", first=1900, last=2200)
    assert message in page.content.decode()
    api = api_for(world.alice).get("/api/indicators/compute/", period)
    assert api.status_code == 400 and [message] in api.json().values()


def test_an_api_date_filter_outside_the_sane_years_is_a_bad_request_naming_the_parameter(world, api_for):
    response = api_for(world.alice).get("/api/meetings/", {"date_from": "0001-01-01"})
    assert response.status_code == 400 and list(response.json()) == ["date_from"]


def test_a_year_filter_too_large_for_a_date_is_a_bad_request(world, api_for):
    response = api_for(world.alice).get("/api/badges/", {"year": "99999999999999999999"})
    assert response.status_code == 400 and list(response.json()) == ["year"]


def test_a_staffing_value_too_large_for_the_database_is_a_field_error(world, api_for):
    row = {"unit": world.district_a.pk, "category": "cadre", "assigned": 10**30}
    response = api_for(world.alice).post("/api/staffing/quotas/bulk/", {"year": 2026, "rows": [row]}, format="json")
    assert response.status_code == 400
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (12, 12),
        ("0", None),
        ("-3", None),
        ("null,null", None),
        ("5e-324", None),
        ("١٢", None),
        ("1_0", None),
        (" 12", None),
        (True, None),
        (None, None),
        ({"a": 1}, None),
        (str(2**63), None),
        (str(2**63 - 1), 2**63 - 1),
    ],
)
def test_parse_id_takes_plain_positive_numbers_a_key_can_hold(value, expected):
    assert parse_id(value) == expected


def test_the_parameter_parsers_hold_dates_to_sane_years():
    assert parse_date("2026-03-10", "d") == datetime.date(2026, 3, 10)
    assert parse_date("", "d") is None and parse_month(None, "m") is None and parse_year("", "y") is None
    assert parse_month("2026-03", "m") == datetime.date(2026, 3, 1)
    for bad in ("0001-01-01", "9999-12-31", "2026-02-30", "x"):
        with pytest.raises(BadParameter):
            parse_date(bad, "d")
    for bad in ("1899", "2201", "20x6", "٢٠٢٦"):
        with pytest.raises(BadParameter):
            parse_year(bad, "y")


# Text at the edge.

ZERO_WIDTH_TITLE = "\u200b\u200b"
NFD_TITLE = unicodedata.normalize("NFD", "Triển khai Nghị quyết về chuyển đổi số")


def _page_task(world, title: str) -> dict:
    today = timezone.localdate()
    return {
        "assigning_unit": "HA",
        "lead_unit": "XA1",
        "title": title,
        "start_date": today.isoformat(),
        "deadline": (today + datetime.timedelta(days=30)).isoformat(),
        "priority": 2,
    }


def _api_task(world, title: str) -> dict:
    today = timezone.localdate()
    return {
        "assigning_unit": world.district_a.pk,
        "lead_unit": world.commune_a.pk,
        "title": title,
        "start_date": today.isoformat(),
        "deadline": (today + datetime.timedelta(days=30)).isoformat(),
    }


def test_a_page_title_of_zero_width_spaces_is_refused_like_an_empty_one(world, client_for):
    client = client_for(world.alice)
    empty = client.post(reverse("work:task_create"), _page_task(world, ""))
    invisible = client.post(reverse("work:task_create"), _page_task(world, ZERO_WIDTH_TITLE))
    assert invisible.status_code == 200
    assert invisible.context["form"].errors["title"] == empty.context["form"].errors["title"]
    assert invisible.context["form"].errors["title"] == [shown(invisible, "This field is required.")]
    assert not Task.objects.exists() and not AuditEntry.objects.exists()


def test_an_api_title_of_zero_width_spaces_is_refused_like_an_empty_one(world, api_for):
    api = api_for(world.alice)
    empty = api.post("/api/tasks/", _api_task(world, ""), format="json")
    invisible = api.post("/api/tasks/", _api_task(world, ZERO_WIDTH_TITLE), format="json")
    assert invisible.status_code == 400
    assert invisible.json()["title"] == empty.json()["title"] == [shown(invisible, "This field may not be blank.")]
    assert not Task.objects.exists() and not AuditEntry.objects.exists()


def test_a_decomposed_vietnamese_title_is_stored_composed_from_the_page_and_the_api(world, client_for, api_for):
    assert unicodedata.normalize("NFC", NFD_TITLE) != NFD_TITLE
    response = client_for(world.alice).post(reverse("work:task_create"), _page_task(world, f" {NFD_TITLE}\u200b"))
    assert response.status_code == 302
    created = api_for(world.alice).post("/api/tasks/", _api_task(world, f"\ufeff{NFD_TITLE} "), format="json")
    assert created.status_code == 201
    titles = list(Task.objects.values_list("title", flat=True))
    assert titles == [unicodedata.normalize("NFC", NFD_TITLE)] * 2


def test_a_multi_line_description_keeps_its_lines_and_loses_control_characters(world, api_for):
    task = _api_task(world, "Báo cáo") | {"description": "Dòng một\r\n\tDòng hai\x00\x07\u200d"}
    created = api_for(world.alice).post("/api/tasks/", task, format="json")
    assert created.status_code == 201
    assert Task.objects.get().description == "Dòng một\n\tDòng hai"


def test_passwords_are_not_normalised(world, client_for):
    from django import forms

    from lanhdao.core.text import normalise

    field = forms.CharField(widget=forms.PasswordInput)  # strips, but is a password: kept as typed but for strip
    assert field.clean("ab\u200bc") == "ab\u200bc"
    assert normalise("ab\u200bc") == "abc"


# Every page, with every malformed parameter at once.

MALFORMED = [
    {"unit": "abc"},
    {"month": "9999-12", "year": "99999999999999999999", "page": "99999999999999999999", "term": "9" * 20},
    {"start": "0001-01-01", "end": "9999-12-31", "on": "0001-01-01", "date_from": "9999-99-99", "date_to": "0"},
    {"member": "null,null", "document": "1e5", "parent": "x", "inspection": "[]", "programme": "{}", "lead": "-1"},
]


def _page_routes():
    import re

    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    for route in walk(get_resolver().url_patterns, ""):
        if route.startswith(("api/", "admin/", "^", "logout", "i18n/")) or "(?P" in route:
            continue
        yield "/" + re.sub(r"<int:[^>]+>", "1", re.sub(r"<(?:str|slug):[^>]+>", "x", route))


def test_no_page_answers_a_server_error_to_malformed_parameters(world, client_for):
    """The malformed parameters in four groups (all at once, the first one refused would hide the others), on every
    page."""
    client = client_for(world.alice)
    routes = sorted(set(_page_routes()))
    assert "/work/calendar/" in routes and "/reports/" in routes
    broken = {}
    for route in routes:
        for params in MALFORMED:
            response = client.get(route, params)
            if response.status_code >= 500:
                broken[f"{route}?{params}"] = response.status_code
    assert not broken


def test_a_nul_character_in_the_query_string_is_a_bad_request_not_a_database_error(world, client_for, api_for):
    # PostgreSQL refuses NUL in any text value: a search answered 500 there (and SQLite cut the text at it).
    api = api_for(world.alice).get("/api/members/", {"q": "An\x00"})
    assert api.status_code == 400
    assert api.json()["detail"] == shown(api, "The address contains a character that is not allowed (NUL).")
    page = client_for(world.alice).get(reverse("work:task_list"), {"q": "\x00"})
    assert page.status_code == 400
    assert shown(page, "The address contains a character that is not allowed (NUL).") in page.content.decode()
    assert client_for(world.alice).get(reverse("work:task_list"), {"q": "An"}).status_code == 200


def test_ids_too_large_for_the_database_are_refused_or_match_nothing_instead_of_failing(world, client_for, api_for):
    huge = str(10**30)
    api = api_for(world.alice)
    for params in ({"member": huge}, {"member": "abc"}):
        response = api.get("/api/responsibilities/organisations/", params)
        assert response.status_code == 400
        assert response.json() == {"member": [shown(response, "Give an id as a whole number.")]}
    assert api.get("/api/tasks/", {"lead": huge}).status_code == 400
    page = client_for(world.alice).get(reverse("work:task_list"), {"unit": world.district_a.pk, "lead": huge})
    assert page.status_code == 200 and not page.context["page"].object_list
