"""The pieces every import shares (lanhdao.core.imports): the one Excel date parser, the cells read as people write
them, a row form's errors by column, and run_import (nothing written while anything is wrong)."""

import datetime

import pytest
from django.utils import translation

from lanhdao.core.imports import (
    Date,
    Digits,
    ImportResult,
    Parsed,
    Refused,
    RowError,
    RowForm,
    Text,
    check_rows,
    in_sheet_order,
    parse_date,
    run_import,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("31/12/2025", datetime.date(2025, 12, 31)),
        ("1-2-2025", datetime.date(2025, 2, 1)),
        ("1.2.2025", datetime.date(2025, 2, 1)),
        ("2025-02-01", datetime.date(2025, 2, 1)),
        (datetime.datetime(2025, 2, 1, 8, 30), datetime.date(2025, 2, 1)),  # noqa: DTZ001 (openpyxl reads naive)
        (datetime.date(2025, 2, 1), datetime.date(2025, 2, 1)),
        ("  ", None),
        (None, None),
    ],
)
def test_a_date_is_read_from_a_date_cell_or_from_text(value, day):
    assert parse_date(value, earliest=1900) == day


@pytest.mark.parametrize("value", ["31/02/2025", "12/31/2025", "tomorrow", "01/01/1899", "01/01/2101", 45000])
def test_what_is_not_a_date_or_out_of_the_years_is_refused(value):
    with pytest.raises(ValueError):
        parse_date(value, earliest=1900)


class _Row(RowForm):
    name = Text(limit=5, required="Name it")
    born = Date(earliest=1900)
    phone = Digits(lengths=(10,), limit=12, invalid="Ten digits")

    def clean(self):
        if self.value("born") and self.value("born").year < 1950:
            self.add_error("born", "Too old")
        self.row = {"row": self.number, "name": self.value("name"), "phone": self.value("phone")}
        return self.cleaned_data


HEADERS = {"name": "Tên", "born": "Ngày sinh", "phone": "Điện thoại"}


def test_a_row_form_reports_each_bad_cell_on_its_column_and_keeps_the_good_values():
    rows = [
        (2, {"name": "An", "born": "01/01/2000", "phone": 912345678.0}),
        (3, {"name": "Quá dài", "born": "31/02/2000", "phone": "12"}),
        (4, {"name": "", "born": "01/01/1940", "phone": None}),
    ]
    forms, errors = check_rows(rows, _Row, HEADERS)
    assert forms[0].row == {"row": 2, "name": "An", "phone": "0912345678"}, "a number that lost its leading zero"
    assert [(e.row, e.column, e.message) for e in in_sheet_order(errors, HEADERS)] == [
        (3, "Tên", "Too long: at most 5 characters"),
        (3, "Ngày sinh", "“31/02/2000” is not a date: write it as dd/mm/yyyy, e.g. 31/12/2025"),
        (3, "Điện thoại", "Ten digits"),
        (4, "Tên", "Name it"),
        (4, "Ngày sinh", "Too old"),
    ]


def test_run_import_writes_only_a_clean_file_and_reports_what_the_service_refuses():
    written = []

    def parse(file, *, actor):
        return Parsed(rows=[{"row": 2}], errors=[RowError(2, "Tên", "bad")] if file == "bad" else [])

    def write(*, actor, rows):
        written.append(rows)
        if actor == "strict":
            raise Refused([RowError(2, "name", "no"), RowError(2, "__all__", "never")])
        return len(rows)

    assert run_import(parse, write, "bad", actor="a", headers=HEADERS).errors == [RowError(2, "Tên", "bad")]
    assert run_import(parse, write, "good", actor="a", headers=HEADERS, dry_run=True) == ImportResult(
        created=0, rows=[{"row": 2}]
    )
    assert written == [], "neither a bad file nor a dry run reaches the service"
    refused = run_import(parse, write, "good", actor="strict", headers=HEADERS)
    assert (refused.created, refused.errors) == (0, [RowError(2, "", "never"), RowError(2, "Tên", "no")])
    assert run_import(parse, write, "good", actor="a", headers=HEADERS).created == 1
