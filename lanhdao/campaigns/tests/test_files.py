"""The files of a review campaign: a unit's report and the issuer's aggregate as DOCX, PDF and XLSX (the aggregate's
tables: the sums, and every addressed unit with its status and figures); who may download them."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import shown
from lanhdao.reports.rendering import pdf
from lanhdao.reports.tests.render_samples import needs_soffice

from . import test_services as base
from .test_services import FULL, at, report_of

issuer = base.issuer
campaign = base.campaign

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"campaigns:{name}", args=args)


@pytest.fixture
def submitted(world, campaign):
    from lanhdao.campaigns import services

    with at(datetime.date(2026, 6, 5)):
        report = services.report_save_sections(
            actor=world.alice, report=report_of(campaign, world.district_a), sections=FULL
        )
        return services.report_submit(actor=world.alice, report=report)


def sheets(response) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(response.content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def test_the_aggregate_tables_as_xlsx_list_every_unit_with_its_status_and_figures(
    world, campaign, issuer, submitted, client_for
):
    with at(datetime.date(2026, 7, 2)):  # past the deadline: district B is late
        response = client_for(issuer).get(_url("aggregate_file", campaign.pk, "xlsx"))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    found = sheets(response)
    title = shown(response, "Table %(n)s. Reports by unit", n=2)
    by_unit = next(rows for rows in found.values() if rows[0][0] == title)
    header, *rows = by_unit[2:]
    assert header[:3] == (shown(response, "Unit"), shown(response, "Status"), shown(response, "Submitted at"))
    admissions = header.index(str(base.indicators.BY_KEY["admissions"].label))
    lines = {row[0]: row for row in rows}
    assert lines[world.district_a.name][1] == shown(response, "Submitted") and lines[world.district_a.name][2]
    assert lines[world.district_b.name][1] == shown(response, "Late") and not lines[world.district_b.name][2]
    assert (lines[world.district_a.name][admissions], lines[world.district_b.name][admissions]) == (1, 2)
    sums = next(rows for title, rows in found.items() if rows is not by_unit)
    # the sum over the submitted reports only, and how many of its records are confidential (members: none)
    assert (str(base.indicators.BY_KEY["admissions"].label), 1, 0) in sums


def test_a_report_as_xlsx_and_an_unknown_format(world, campaign, submitted, client_for):
    client = client_for(world.alice)
    response = client.get(_url("report_file", submitted.pk, "xlsx"))
    (rows,) = sheets(response).values()
    assert (str(base.indicators.BY_KEY["admissions"].label), 1, 0) in rows
    assert client.get(_url("report_file", submitted.pk, "odt")).status_code == 404


def test_the_report_as_pdf_keeps_its_text(world, campaign, submitted, client_for, tmp_path):
    needs_soffice()
    response = client_for(world.alice).get(_url("report_file", submitted.pk, "pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    (tmp_path / "report.pdf").write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True).stdout
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Did a lot." in text and campaign.title in text


def test_without_libreoffice_the_pdf_link_says_why(world, campaign, submitted, client_for, monkeypatch):
    monkeypatch.delenv("LANHDAO_SOFFICE", raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    client = client_for(world.alice)
    response = client.get(_url("report_file", submitted.pk, "pdf"), follow=True)
    message = "LibreOffice is not installed (no `soffice` command): install Debian's libreoffice-writer-nogui."
    assert response.redirect_chain[-1][0] == _url("report", submitted.pk)
    assert shown(response, message).replace("'", "&#x27;") in response.content.decode()


def test_the_files_are_hidden_from_an_outsider(world, campaign, submitted, client_for):
    client = client_for(world.charlie)  # district B's secretary: its own report, not district A's nor the aggregate
    for fmt in ("docx", "pdf", "xlsx"):
        assert client.get(_url("report_file", submitted.pk, fmt)).status_code == 404
        assert client.get(_url("aggregate_file", campaign.pk, fmt)).status_code == 404
