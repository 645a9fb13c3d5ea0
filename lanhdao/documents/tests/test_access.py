"""Confidential documents never show to users without the clearance and the unit scope: lists, search, counts,
detail, links, chains, attachments, the API."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lanhdao.documents.models import Attachment
from lanhdao.documents.selectors import documents_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _codes(qs):
    return {d.symbol for d in qs}


def test_visibility_rules(world, docs):
    # alice: secretary of district A, clearance SECRET
    assert _codes(documents_for(world.alice)) == {"05-NQ/TU", "12-KH/HU", "03-NQ/HU"}
    # bob: viewer of district A, clearance NORMAL: no secret
    assert _codes(documents_for(world.bob)) == {"05-NQ/TU", "12-KH/HU"}
    # charlie: district B, SECRET clearance, but A's secret document is outside his scope
    assert _codes(documents_for(world.charlie)) == {"05-NQ/TU", "07-NQ/HU"}
    # root: everything up to TOP_SECRET
    assert len(documents_for(world.root)) == 5


def test_lists_counts_and_search_hide_what_is_not_allowed(world, docs, client_for):
    client = client_for(world.bob)
    page = client.get(reverse("documents:document_list"))
    assert page.context["total"] == 2
    assert "03-NQ/HU" not in page.content.decode() and "01-NQ/TU" not in page.content.decode()
    for q in ("nghi quyet", "nhan su", "quoc phong", "03-NQ/HU"):
        response = client.get(reverse("documents:document_list"), {"q": q})
        symbols = {row["doc"].symbol for row in response.context["rows"]}
        assert "03-NQ/HU" not in symbols and "01-NQ/TU" not in symbols
        assert response.context["total"] == len(symbols)


def test_detail_and_chain_of_a_confidential_document_are_not_found(world, docs, client_for, api_for):
    for user in (world.bob, world.charlie):
        assert client_for(user).get(reverse("documents:document_detail", args=[docs.secret_a.pk])).status_code == 404
        api = api_for(user)
        assert api.get(f"/api/documents/{docs.secret_a.pk}/").status_code == 404
        assert api.get(f"/api/documents/{docs.secret_a.pk}/chain/").status_code == 404
        assert api.get(f"/api/documents/{docs.secret_a.pk}/links/").status_code == 404
        assert api.get(f"/api/documents/{docs.secret_a.pk}/attachments/").status_code == 404
        assert api.get(f"/api/documents/{docs.top_secret.pk}/").status_code == 404
    assert client_for(world.alice).get(reverse("documents:document_detail", args=[docs.secret_a.pk])).status_code == 200


def test_api_lists_and_search_hide_confidential_documents(world, docs, api_for):
    api = api_for(world.bob)
    listed = api.get("/api/documents/").json()
    assert listed["count"] == 2
    found = api.get("/api/documents/", {"q": "nghi quyet"}).json()
    assert {d["symbol"] for d in found["results"]} == {"05-NQ/TU", "12-KH/HU"}
    assert found["count"] == 2


def test_attachments_of_a_confidential_document_cannot_be_downloaded(world, docs, client_for, api_for):
    from lanhdao.documents.services import attachment_add

    attachment = attachment_add(actor=world.alice, document=docs.secret_a, uploaded=SimpleUploadedFile("mat.pdf", PDF))
    assert (
        client_for(world.alice).get(reverse("documents:attachment_download", args=[attachment.pk])).status_code == 200
    )
    for user in (world.bob, world.charlie):
        assert client_for(user).get(reverse("documents:attachment_download", args=[attachment.pk])).status_code == 404
        assert api_for(user).get(f"/api/attachments/{attachment.pk}/download/").status_code == 404
    assert Attachment.objects.count() == 1


def test_links_towards_invisible_documents_are_not_shown(world, docs, client_for, api_for):
    from lanhdao.documents.models import DocumentLink

    DocumentLink.objects.create(source=docs.secret_a, target=docs.province_nq, relation="implements")
    page = client_for(world.bob).get(reverse("documents:document_detail", args=[docs.province_nq.pk]))
    below = [d.symbol for level in page.context["down"] for d in level]
    assert below == ["12-KH/HU"]
    chain = api_for(world.bob).get(f"/api/documents/{docs.province_nq.pk}/chain/").json()
    assert [d["symbol"] for level in chain["down"] for d in level] == ["12-KH/HU"]


def test_reference_reader_does_not_reveal_confidential_registrations(world, docs, api_for):
    text = "Thực hiện Nghị quyết số 03-NQ/HU và Nghị quyết số 05-NQ/TU ngày 11/8/2011."
    rows = api_for(world.bob).post("/api/references/read/", {"text": text}, format="json").json()
    registered = {r["symbol"]: r["registered"] for r in rows}
    assert registered["03-NQ/HU"] == []
    assert registered["05-NQ/TU"] == [docs.province_nq.pk]


def test_writes_need_record_permission_and_clearance(world, docs, client_for, api_for):
    assert (
        client_for(world.bob).post(reverse("documents:document_edit", args=[docs.district_plan.pk]), {}).status_code
        == 403
    )
    assert (
        api_for(world.bob).patch(f"/api/documents/{docs.district_plan.pk}/", {"title": "X"}, format="json").status_code
        == 403
    )
    # a province document is visible to alice (addressed to her district) but not hers to change
    assert (
        api_for(world.alice).patch(f"/api/documents/{docs.province_nq.pk}/", {"title": "X"}, format="json").status_code
        == 403
    )
    assert (
        api_for(world.charlie)
        .patch(f"/api/documents/{docs.district_plan.pk}/", {"title": "X"}, format="json")
        .status_code
        == 404
    )
    docs.district_plan.refresh_from_db()
    assert docs.district_plan.title == "Kế hoạch thực hiện Nghị quyết 05-NQ/TU"
