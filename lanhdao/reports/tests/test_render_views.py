import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from conftest import shown
from lanhdao.audit.models import Action, AuditEntry
from lanhdao.reports.models import RenderJob, RenderStatus
from lanhdao.reports.rendering import jobs, pdf

from .render_samples import needs_soffice

pytestmark = pytest.mark.django_db


def _demo(unit):
    return reverse("reports:render_demo", args=[unit.pk])


def _make(client, unit, fmt="xlsx", year=2025):
    return client.post(_demo(unit), {"year": year, "format": fmt})


def test_demo_page_offers_the_formats(world, client_for):
    response = client_for(world.alice).get(_demo(world.district_a))
    assert response.status_code == 200
    assert b"DOCX" in response.content and b"XLSX" in response.content


def test_xlsx_job_runs_to_done_and_its_owner_downloads_the_tables(world, client_for):
    client = client_for(world.bob)  # a viewer may make a report of what he sees
    response = _make(client, world.district_a)
    job = RenderJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:render_job", args=[job.pk])
    assert (job.owner, job.status, job.progress) == (world.bob, RenderStatus.DONE, 100)
    page = client.get(response.url)
    assert reverse("reports:render_download", args=[job.pk]).encode() in page.content
    download = client.get(reverse("reports:render_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].endswith("spreadsheetml.sheet")
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert len(workbook.sheetnames) == 2


def test_docx_job_records_an_export_audit_row(world, client_for):
    _make(client_for(world.alice), world.district_a, fmt="docx")
    job = RenderJob.objects.get()
    assert job.status == RenderStatus.DONE and job.file.name.endswith("bao-cao-ha-2025.docx")
    entry = AuditEntry.objects.get(object_id=str(job.pk))
    assert entry.action == Action.EXPORT and entry.actor == world.alice


def test_progress_rises_step_by_step_to_done(world, monkeypatch):
    seen = []
    original = jobs._set_progress
    monkeypatch.setattr(jobs, "_set_progress", lambda job, p: (seen.append(p), original(job, p)))
    job = jobs.start_render(actor=world.alice, unit=world.district_a, year=2025, fmt="docx")
    assert len(seen) >= 6 and seen == sorted(seen) and seen[-1] >= 90
    assert (job.status, job.progress) == (RenderStatus.DONE, 100)


def test_the_progress_partial_polls_until_the_job_is_finished(world, client_for):
    job = RenderJob.objects.create(owner=world.alice, unit=world.district_a, year=2025, format="pdf", progress=40)
    client = client_for(world.alice)
    partial = client.get(reverse("reports:render_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 1s"' in partial.content and b"40 %" in partial.content
    assert b"<html" not in partial.content
    assert client.get(reverse("reports:render_download", args=[job.pk])).status_code == 404  # not ready
    RenderJob.objects.filter(pk=job.pk).update(status=RenderStatus.FAILED, error="boom")
    partial = client.get(reverse("reports:render_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert b"hx-trigger" not in partial.content and b"boom" in partial.content


def test_outsider_gets_404_for_the_unit_and_makes_no_job(world, client_for):
    client = client_for(world.charlie)
    assert client.get(_demo(world.district_a)).status_code == 404
    assert _make(client, world.district_a).status_code == 404
    assert not RenderJob.objects.exists() and not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_only_the_owner_sees_and_downloads_a_job(world, client_for):
    _make(client_for(world.alice), world.district_a)
    job = RenderJob.objects.get()
    for user in (world.bob, world.charlie):  # bob sees the unit, but the file is alice's
        client = client_for(user)
        assert client.get(reverse("reports:render_job", args=[job.pk])).status_code == 404
        assert client.get(reverse("reports:render_download", args=[job.pk])).status_code == 404
    assert client_for(world.alice).get(reverse("reports:render_download", args=[job.pk])).status_code == 200


def test_invalid_year_is_refused_with_a_message_and_no_job(world, client_for):
    response = _make(client_for(world.alice), world.district_a, year=2999)
    assert (
        response.status_code == 200
        and shown(response, "Choose a year between 2000 and next year.") in response.content.decode()
    )
    assert not RenderJob.objects.exists()


def test_pdf_job_fails_with_a_clear_message_without_libreoffice(world, monkeypatch):
    monkeypatch.delenv("LANHDAO_SOFFICE", raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    job = jobs.start_render(actor=world.alice, unit=world.district_a, year=2025, fmt="pdf")
    assert job.status == RenderStatus.FAILED and job.error.startswith(
        gettext("LibreOffice is not installed (no `soffice` command): install Debian's libreoffice-writer-nogui.")[:20]
    )
    assert not job.file


def test_pdf_job_makes_a_pdf(world, client_for):
    needs_soffice()
    client = client_for(world.alice)
    _make(client, world.district_a, fmt="pdf")
    job = RenderJob.objects.get()
    assert job.status == RenderStatus.DONE, job.error
    download = client.get(reverse("reports:render_download", args=[job.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_job_list_on_the_demo_page_has_pinned_queries(world, client_for, django_assert_max_num_queries):
    client = client_for(world.alice)
    for fmt in ("xlsx", "docx", "xlsx"):
        _make(client, world.district_a, fmt=fmt)
    with django_assert_max_num_queries(12):
        response = client.get(_demo(world.district_a))
    assert response.content.count(b"/reports/render/jobs/") == 3
