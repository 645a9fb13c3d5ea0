"""Dates typed as dd/mm/yyyy in every form, whatever the browser's language (issue 15, item 7)."""

import datetime

import pytest
from django import forms
from django.utils import translation

from lanhdao.core.dates import DateTextError, parse_day
from lanhdao.core.forms import DateField, DateInput


class DayForm(forms.Form):
    day = DateField(required=False)


def test_form_reads_day_month_year():
    form = DayForm({"day": "07/12/2026"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == datetime.date(2026, 12, 7)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_day_comes_first_in_every_language(language):
    """An English page must not read 07/12/2026 as 12 July (Django's English input formats are month first)."""
    with translation.override(language):
        form = DayForm({"day": "07/12/2026"})
        assert form.is_valid()
    assert form.cleaned_data["day"] == datetime.date(2026, 12, 7)


@pytest.mark.parametrize("written", ["7/12/2026", "07-12-2026", "07.12.2026", "2026-12-07", " 07/12/2026 "])
def test_other_ways_of_writing_the_day_are_read_too(written):
    form = DayForm({"day": written})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 12, 7)


def test_a_day_that_does_not_exist_is_refused_in_vietnamese():
    form = DayForm({"day": "31/02/2026"})
    assert not form.is_valid()
    assert form.errors["day"] == ["Không có ngày 31/02/2026: tháng 2/2026 chỉ có 28 ngày."]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("13/13/2026", "13/13/2026 không phải là ngày: tháng phải từ 1 đến 12."),
        ("12/2026", "Hãy nhập ngày theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 07/12/2026."),
        ("07/12/26", "Hãy nhập ngày theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 07/12/2026."),
        ("01/01/1800", "Hãy nhập ngày trong khoảng từ năm 1900 đến năm 2200."),
    ],
)
def test_what_is_not_a_date_is_refused_with_its_reason(written, expected):
    form = DayForm({"day": written})
    assert not form.is_valid()
    assert form.errors["day"] == [expected]


def test_leap_day_is_a_day():
    assert parse_day("29/02/2028") == datetime.date(2028, 2, 29)
    with pytest.raises(DateTextError):
        parse_day("29/02/2027")


def test_the_box_shows_day_month_year_as_text():
    html = DateInput().render("day", datetime.date(2026, 12, 7))
    assert 'type="text"' in html and 'value="07/12/2026"' in html and "data-datepicker" in html
    assert 'type="date"' not in html


def test_every_form_uses_the_one_date_field():
    """A browser's own date box (`type="date"`, Django's DateField and DateInput) follows the browser's language;
    every date a person types goes through core.forms instead."""
    from pathlib import Path

    package = Path(__file__).resolve().parents[2]
    offenders = []
    for path in package.rglob("*"):
        if path.suffix not in (".py", ".html") or "tests" in path.parts or path.parts[-2:] == ("core", "forms.py"):
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("forms.DateField(", "forms.DateInput(", 'type="date"', "type='date'", 'input_type = "date"'):
            if needle in text:
                offenders.append(f"{path.relative_to(package)}: {needle}")
    assert not offenders, offenders


def test_the_reviews_dashboard_reads_the_period_as_typed(world, client_for):
    """The dashboard's period boxes are filter boxes, not a form: they read dd/mm/yyyy too, and show it back."""
    from django.urls import reverse

    response = client_for(world.bob).get(
        reverse("reports:dashboard"), {"unit": world.district_a.pk, "start": "01/02/2026", "end": "28/02/2026"}
    )
    assert response.status_code == 200
    assert response.context["start"] == datetime.date(2026, 2, 1)
    assert response.context["end"] == datetime.date(2026, 2, 28)
    assert b'name="start" value="01/02/2026"' in response.content
    # the page's own links write ISO, which is read as well
    response = client_for(world.bob).get(
        reverse("reports:dashboard"), {"unit": world.district_a.pk, "start": "2026-02-01", "end": "2026-02-28"}
    )
    assert response.context["start"] == datetime.date(2026, 2, 1)


def test_a_day_that_does_not_exist_in_a_filter_box_is_a_bad_request_naming_why(world, client_for):
    from django.urls import reverse

    response = client_for(world.bob).get(
        reverse("restructuring:tree"), {"unit": world.district_a.pk, "on": "31/02/2026"}
    )
    assert response.status_code == 400
    assert "tháng 2/2026 chỉ có 28 ngày" in response.content.decode()
