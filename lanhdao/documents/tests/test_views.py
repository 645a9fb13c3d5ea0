from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lanhdao.audit.models import AuditEntry
from lanhdao.documents.models import Attachment, Document, DocumentLink
from lanhdao.documents.references import find_references
from lanhdao.documents.tests.conftest import make_document

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


def test_registry_lists_searches_and_filters(world, docs, client_for, django_assert_max_num_queries):
    client = client_for(world.alice)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("documents:document_list"))
    assert page.context["total"] == 3
    found = client.get(reverse("documents:document_list"), {"q": "doi moi phuong thuc"}, HTTP_HX_REQUEST="true")
    html = found.content.decode()
    assert "<html" not in html and "<mark>đổi</mark> <mark>mới</mark> <mark>phương</mark> <mark>thức</mark>" in html
    kind = client.get(reverse("documents:document_list"), {"kind": "KH"})
    assert [r["doc"].symbol for r in kind.context["rows"]] == ["12-KH/HU"]
    dated = client.get(reverse("documents:document_list"), {"date_from": "2011-09-01", "date_to": "2011-12-31"})
    assert [r["doc"].symbol for r in dated.context["rows"]] == ["12-KH/HU"]


def test_register_from_a_symbol_alone(world, client_for):
    client = client_for(world.alice)
    form = client.get(reverse("documents:document_create"))
    assert form.context["form"].initial["owner"] == "HA"
    data = {
        "owner": "HA",
        "symbol": "20-kh/hu",
        "system": "party",
        "title": "Kế hoạch chuyển đổi số",
        "confidentiality": 0,
    }
    response = client.post(reverse("documents:document_create"), data)
    document = Document.objects.get()
    assert response.status_code == 302 and response.url == reverse("documents:document_detail", args=[document.pk])
    assert (document.symbol, document.kind, document.number, document.issuer_code) == ("20-KH/HU", "KH", "20", "HU")


def test_a_bad_symbol_gets_a_clear_message_and_nothing_is_saved(world, client_for):
    client = client_for(world.alice)
    data = {"owner": "HA", "symbol": "5-NQ/HU", "system": "party", "title": "Sai", "confidentiality": 0}
    response = client.post(reverse("documents:document_create"), data)
    assert response.status_code == 200
    assert "05" in str(response.context["form"].errors["symbol"])
    check = client.get(reverse("documents:symbol_check"), {"symbol": "64/KL/TW"}).content.decode()
    assert "64-KL/TW" in check and "errorlist" in check
    ok = client.get(reverse("documents:symbol_check"), {"symbol": "108/2014/NĐ-CP"}).content.decode()
    assert "✓" in ok and "2014" in ok
    assert not Document.objects.exists() and not AuditEntry.objects.exists()


def test_detail_shows_chain_links_files_and_history(world, docs, client_for):
    client = client_for(world.alice)
    page = client.get(reverse("documents:document_detail", args=[docs.district_plan.pk]))
    assert [d.symbol for level in page.context["up"] for d in level] == ["05-NQ/TU"]
    assert page.context["can_record"]
    province = client.get(reverse("documents:document_detail", args=[docs.province_nq.pk]))
    assert not province.context["can_record"], "a province document is read-only for a district"


def test_link_and_attach_through_the_page(world, docs, client_for):
    client = client_for(world.alice)
    client.post(reverse("documents:link_add", args=[docs.secret_a.pk]), {"relation": "cites", "target": "05-NQ/TU"})
    assert DocumentLink.objects.filter(source=docs.secret_a, relation="cites").exists()
    client.post(reverse("documents:link_add", args=[docs.secret_a.pk]), {"relation": "cites", "target": "99-NQ/TW"})
    assert DocumentLink.objects.filter(source=docs.secret_a).count() == 1
    upload = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.5\n%%EOF\n", content_type="application/pdf")
    client.post(reverse("documents:attachment_add", args=[docs.district_plan.pk]), {"file": upload})
    attachment = Attachment.objects.get()
    download = client.get(reverse("documents:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert 'filename="ke-hoach.pdf"' in download["Content-Disposition"]
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post(
        reverse("documents:attachment_add", args=[docs.district_plan.pk]), {"file": bad}, follow=True
    )
    assert Attachment.objects.count() == 1
    assert any("PDF" in str(m) for m in response.context["messages"])


def test_reader_finds_references_and_links_registered_ones(world, docs, client_for):
    text = (
        (SEEDS / "004_898fe832fe72ec07.txt").read_text() if SEEDS.exists() else "Nghị quyết số 05-NQ/TU ngày 11/8/2011"
    )
    response = client_for(world.alice).post(reverse("documents:reader"), {"text": text})
    rows = response.context["rows"]
    assert rows, "the article cites documents"
    by_symbol = {str(r["ref"].symbol): r for r in rows if r["ref"].symbol}
    assert [d.pk for d in by_symbol["05-NQ/TU"]["matches"]] == [docs.province_nq.pk]
    unregistered = [r for r in rows if not r["matches"]]
    assert all(r["register_query"] for r in unregistered)


def test_uncovered_page(world, docs, client_for):
    page = client_for(world.charlie).get(reverse("documents:uncovered"))
    assert page.context["unit"] == world.district_b
    assert {d.symbol for d in page.context["documents"]} == {"05-NQ/TU", "07-NQ/HU"}
    assert (
        client_for(world.charlie).get(reverse("documents:uncovered"), {"unit": world.district_a.pk}).status_code == 404
    )


def test_viewer_cannot_register(world, client_for):
    client = client_for(world.bob)
    data = {"owner": "HA", "symbol": "20-KH/HU", "system": "party", "title": "X", "confidentiality": 0}
    response = client.post(reverse("documents:document_create"), data)
    assert response.status_code == 200 and "owner" in response.context["form"].errors
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "typed",
    [
        "12/CTr/TU",  # issue 15: refused by the link box, though the reader accepts it
        "12-CTr/TU",
        "Chương trình số 12-CTr/TU",
        "Chuong trinh so 12-CTr/TU",
        "12 - CTr / TU",
        "Chương trình số 12-CTr/TU ngày 05/3/2026",
    ],
)
def test_the_link_box_takes_every_reference_the_reader_reads(world, docs, client_for, typed):
    programme = make_document(
        world.district_a, symbol="12-CTr/TU", kind="CTr", title="Chương trình hành động", issued_on=date(2026, 3, 5)
    )
    assert [ref.symbol for ref in find_references(typed)], "the reader reads it"
    client = client_for(world.alice)
    client.post(reverse("documents:link_add", args=[docs.district_plan.pk]), {"relation": "cites", "target": typed})
    assert DocumentLink.objects.filter(source=docs.district_plan, target=programme, relation="cites").exists()


def test_the_link_box_does_not_take_a_reference_dated_otherwise_nor_an_unknown_one(world, docs, client_for):
    make_document(world.district_a, symbol="12-CTr/TU", kind="CTr", title="Chương trình", issued_on=date(2026, 3, 5))
    client = client_for(world.alice)
    for typed in ("Chương trình số 12-CTr/TU ngày 06/3/2026", "13/CTr/TU", "Chương trình"):
        client.post(reverse("documents:link_add", args=[docs.district_plan.pk]), {"relation": "cites", "target": typed})
    assert not DocumentLink.objects.filter(source=docs.district_plan, relation="cites").exists()
