import io

from django.core.files.uploadedfile import SimpleUploadedFile

from lanhdao.documents.models import Document


def test_register_update_link_and_chain(world, docs, api_for):
    api = api_for(world.alice)
    created = api.post(
        "/api/documents/",
        {"owner": world.commune_a.pk, "symbol": "03-KH/ĐU", "title": "Kế hoạch của xã"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["kind"] == "KH" and created.json()["issuer_code"] == "ĐU"
    assert api.patch(f"/api/documents/{pk}/", {"summary": "Tóm tắt"}, format="json").json()["summary"] == "Tóm tắt"
    link = api.post(
        f"/api/documents/{pk}/links/", {"target": docs.district_plan.pk, "relation": "implements"}, format="json"
    )
    assert link.status_code == 201
    chain = api.get(f"/api/documents/{pk}/chain/").json()
    assert [[d["symbol"] for d in level] for level in chain["up"]] == [["12-KH/HU"], ["05-NQ/TU"]]
    assert len(api.get(f"/api/documents/{pk}/history/").json()["results"]) >= 2


def test_bad_input_gets_field_errors(world, api_for):
    api = api_for(world.alice)
    response = api.post(
        "/api/documents/", {"owner": world.district_a.pk, "symbol": "07-CT/CB", "title": "X"}, format="json"
    )
    assert response.status_code == 400 and "symbol" in response.json()
    assert api.get("/api/documents/", {"date_from": "not-a-date"}).status_code == 400
    assert not Document.objects.exists()


def test_symbol_parse_and_reference_reader(world, api_for):
    api = api_for(world.bob)
    parsed = api.get("/api/symbols/parse/", {"symbol": "108/2014/NĐ-CP"}).json()
    assert parsed == {
        "symbol": "108/2014/NĐ-CP",
        "system": "state",
        "kind": "NĐ",
        "kind_name": "Nghị định",
        "number": "108",
        "issuer": "CP",
        "year": 2014,
    }
    assert api.get("/api/symbols/parse/", {"symbol": "NQ/TU"}).status_code == 400
    rows = api.post(
        "/api/references/read/",
        {"text": "Thực hiện Kết luận số 64/KL/TW và Nghị quyết Trung ương 5 khóa X."},
        format="json",
    ).json()
    assert rows[0]["symbol"] == "64-KL/TW"
    assert rows[1]["term"] == 10 and rows[1]["plenum"] == 5 and rows[1]["symbol"] is None


def test_attachments_over_the_api(world, docs, api_for):
    api = api_for(world.alice)
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    created = api.post(f"/api/documents/{docs.district_plan.pk}/attachments/", {"file": pdf}, format="multipart")
    assert created.status_code == 201, created.content
    exe = SimpleUploadedFile("b.docx", b"MZ\x90\x00", content_type="application/octet-stream")
    refused = api.post(f"/api/documents/{docs.district_plan.pk}/attachments/", {"file": exe}, format="multipart")
    assert refused.status_code == 400 and refused.json()["file"]
    listed = api.get(f"/api/documents/{docs.district_plan.pk}/attachments/").json()
    assert [a["original_name"] for a in listed] == ["a.pdf"]
    body = b"".join(api.get(f"/api/attachments/{listed[0]['id']}/download/").streaming_content)
    assert io.BytesIO(body).read(5) == b"%PDF-"


def test_uncovered_over_the_api(world, docs, api_for):
    data = api_for(world.charlie).get("/api/documents/uncovered/", {"unit": world.district_b.pk}).json()
    assert {d["symbol"] for d in data["results"]} == {"05-NQ/TU", "07-NQ/HU"}
    assert api_for(world.charlie).get("/api/documents/uncovered/", {"unit": world.district_a.pk}).status_code == 404
