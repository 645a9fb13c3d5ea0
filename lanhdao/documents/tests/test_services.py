import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lanhdao.audit.models import Action, AuditEntry
from lanhdao.documents import services
from lanhdao.documents.models import Document
from lanhdao.documents.selectors import documents_for, implemented_chain, implementing_tree, uncovered_documents
from lanhdao.documents.tests.conftest import make_document


def test_the_symbol_fills_kind_number_and_issuer(world):
    document = services.document_create(
        actor=world.alice,
        owner=world.district_a,
        symbol="15-kh/hu",
        title="Kế hoạch",
        issued_on=datetime.date(2017, 1, 5),
    )
    assert (document.kind, document.number, document.issuer_code, document.symbol) == ("KH", "15", "HU", "15-KH/HU")
    assert document.system == "party"
    state = services.document_create(
        actor=world.alice, owner=world.district_a, symbol="108/2014/NĐ-CP", title="Nghị định về tinh giản biên chế"
    )
    assert (state.system, state.kind, state.year, state.issuer_code) == ("state", "NĐ", 2014, "CP")
    assert AuditEntry.objects.filter(action=Action.CREATE).count() == 2


def test_a_document_without_a_number(world):
    document = services.document_create(
        actor=world.alice,
        owner=world.district_a,
        kind="NQ",
        issuer_code="TW",
        term=10,
        title="Nghị quyết Trung ương 5 khóa X",
    )
    assert document.symbol == "" and document.term == 10


def test_a_bad_symbol_or_a_contradiction_is_refused_with_a_message(world):
    with pytest.raises(ValidationError) as error:
        services.document_create(actor=world.alice, owner=world.district_a, symbol="NQ/TU", title="Thiếu số")
    assert "symbol" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.document_create(
            actor=world.alice, owner=world.district_a, symbol="05-NQ/TU", kind="CT", title="Mâu thuẫn"
        )
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.document_create(actor=world.alice, owner=world.district_a, title="Không có loại")
    assert not Document.objects.exists() and not AuditEntry.objects.exists()


def test_registering_needs_record_permission_and_clearance(world):
    with pytest.raises(PermissionDenied):
        services.document_create(actor=world.bob, owner=world.district_a, symbol="01-NQ/HU", title="X")
    with pytest.raises(PermissionDenied):
        services.document_create(actor=world.alice, owner=world.district_b, symbol="01-NQ/HU", title="X")
    with pytest.raises(ValidationError):
        services.document_create(
            actor=world.alice, owner=world.district_a, symbol="01-NQ/HU", title="X", confidentiality=2
        )


def test_links_make_chains_up_and_down(world, docs):
    commune_plan = make_document(
        world.commune_a, symbol="02-KH/ĐU", number="02", kind="KH", issuer_code="ĐU", title="Kế hoạch của xã"
    )
    services.link_create(actor=world.alice, source=commune_plan, target=docs.district_plan, relation="implements")
    visible = documents_for(world.root)
    assert [[d.symbol for d in level] for level in implemented_chain(commune_plan, visible)] == [
        ["12-KH/HU"],
        ["05-NQ/TU"],
    ]
    assert [[d.symbol for d in level] for level in implementing_tree(docs.province_nq, visible)] == [
        ["12-KH/HU"],
        ["02-KH/ĐU"],
    ]


def test_circular_and_duplicate_links_are_refused(world, docs):
    with pytest.raises(ValidationError):
        services.link_create(
            actor=world.root, source=docs.province_nq, target=docs.district_plan, relation="implements"
        )
    with pytest.raises(ValidationError):
        services.link_create(
            actor=world.alice, source=docs.district_plan, target=docs.province_nq, relation="implements"
        )
    with pytest.raises(ValidationError):
        services.link_create(actor=world.alice, source=docs.district_plan, target=docs.district_plan, relation="cites")


def test_a_link_to_a_document_the_actor_cannot_see_is_refused(world, docs):
    with pytest.raises(ValidationError):
        services.link_create(actor=world.alice, source=docs.district_plan, target=docs.district_b_nq, relation="cites")


def test_uncovered_lists_directing_documents_without_local_implementation(world, docs):
    visible = documents_for(world.root)
    assert {d.symbol for d in uncovered_documents(visible, world.district_a)} == {"03-NQ/HU", "01-NQ/TU"}
    # district A's own secret resolution is A's business, not B's
    assert {d.symbol for d in uncovered_documents(visible, world.district_b)} == {"07-NQ/HU", "01-NQ/TU", "05-NQ/TU"}
    services.link_remove(actor=world.alice, link=docs.district_plan.links_out.get())
    assert "05-NQ/TU" in {d.symbol for d in uncovered_documents(visible, world.district_a)}


def test_update_and_archive_are_audited(world, docs):
    services.document_update(actor=world.alice, document=docs.district_plan, data={"title": "Kế hoạch mới"})
    services.document_archive(actor=world.alice, document=docs.district_plan)
    actions = list(AuditEntry.objects.filter(object_id=str(docs.district_plan.pk)).values_list("action", flat=True))
    assert actions == [Action.ARCHIVE, Action.UPDATE]
    assert not documents_for(world.alice).filter(pk=docs.district_plan.pk).exists()


def test_a_state_official_letter_is_registered_as_a_cong_van(world):
    letter = services.document_create(actor=world.alice, owner=world.district_a, symbol="123/UBND-VP", title="Công văn")
    assert (letter.system, letter.kind, letter.issuer_code, letter.symbol) == ("state", "CV", "UBND-VP", "123/UBND-VP")


def test_a_reference_matches_only_the_document_of_its_term_and_date(world):
    from lanhdao.documents.references import find_references
    from lanhdao.documents.selectors import match_reference

    xi = make_document(
        world.province, symbol="55-QĐ/TW", kind="QĐ", issuer_code="TW", title="Quy định khóa XI", term=11
    )
    xii = make_document(
        world.province, symbol="55-QĐ/TW", kind="QĐ", issuer_code="TW", title="Quy định khóa XII", term=12
    )
    tw5 = make_document(
        world.province,
        kind="NQ",
        issuer_code="TW",
        term=10,
        title="Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương khóa X về đổi mới",
    )
    visible = documents_for(world.root)
    refs = find_references("Quy định số 55-QĐ/TW (khóa XII); Quy định 55-QĐ/TW; Nghị quyết Trung ương 5 khóa X.")
    assert [d.pk for d in match_reference(visible, refs[0])] == [xii.pk]
    assert {d.pk for d in match_reference(visible, refs[1])} == {xi.pk, xii.pk}
    assert [d.pk for d in match_reference(visible, refs[2])] == [tw5.pk]
