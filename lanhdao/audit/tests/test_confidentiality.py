"""Audit rows carry the level of their record; rows written before that rule get it from the backfill."""

import importlib

from django.apps import apps

from lanhdao.accounts.roles import Clearance
from lanhdao.audit.models import Action, AuditEntry
from lanhdao.audit.selectors import labelled
from lanhdao.audit.services import record
from lanhdao.documents import services as documents

backfill = importlib.import_module("lanhdao.audit.migrations.0004_backfill_confidentiality").backfill


def test_the_backfill_raises_old_rows_of_confidential_records_and_old_link_notes(world):
    secret = documents.document_create(
        actor=world.alice,
        owner=world.district_a,
        symbol="09-NQ/HU",
        title="Nghị quyết mật",
        confidentiality=Clearance.SECRET,
    )
    plan = documents.document_create(actor=world.alice, owner=world.district_a, symbol="15-KH/HU", title="Kế hoạch")
    link = documents.link_create(actor=world.alice, source=plan, target=secret, relation="implements")
    old_note = record(actor=world.alice, action=Action.UPDATE, obj=plan, note=str(link))  # as links wrote it before
    AuditEntry.objects.update(confidentiality=0)  # rows as they were before the field existed

    backfill(apps, None)

    def level(entry):
        return AuditEntry.objects.get(pk=entry.pk).confidentiality

    secret_rows = AuditEntry.objects.filter(content_type__model="document", object_id=str(secret.pk))
    assert set(secret_rows.values_list("confidentiality", flat=True)) == {Clearance.SECRET}
    link_rows = AuditEntry.objects.filter(content_type__model="documentlink")
    assert set(link_rows.values_list("confidentiality", flat=True)) == {Clearance.SECRET}
    assert level(old_note) == Clearance.SECRET
    plan_created = AuditEntry.objects.get(content_type__model="document", object_id=str(plan.pk), action="create")
    assert plan_created.confidentiality == Clearance.NORMAL, "the plan's own rows stay readable"


def test_a_history_without_a_reader_hides_every_confidential_value(world):
    secret = documents.document_create(
        actor=world.alice,
        owner=world.district_a,
        symbol="09-NQ/HU",
        title="Nghị quyết mật",
        confidentiality=Clearance.SECRET,
    )
    plan = documents.document_create(actor=world.alice, owner=world.district_a, symbol="15-KH/HU", title="Kế hoạch")
    documents.link_create(actor=world.alice, source=plan, target=secret, relation="implements")
    entries = AuditEntry.objects.filter(content_type__model="document", object_id=str(plan.pk))
    text = repr(labelled(entries, None))
    assert "Nghị quyết mật" not in text and "09-NQ/HU" not in text and f"#{secret.pk}" not in text
    assert "Nghị quyết mật" in repr(labelled(entries, world.alice))
