"""Existing audit rows take the level of the record they are about (README "Confidentiality"), and the rows a link
wrote on its source document, whose note names the target by symbol and title, the level of the more confidential of
the two: a reader below it sees that a change was made, not what."""

from django.db import migrations
from django.db.models import CharField, Subquery
from django.db.models.functions import Cast

# Records with a level of their own, and records that take the level of another (attachment → its document, …).
OWN = [("documents", "Document"), ("work", "Task"), ("meetings", "Meeting"), ("inspections", "Inspection"),
       ("inspections", "Discipline")]
VIA = [("documents", "Attachment", "document__confidentiality"), ("work", "ProgressReport", "task__confidentiality"),
       ("work", "Coordination", "task__confidentiality")]


def backfill(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    DocumentLink = apps.get_model("documents", "DocumentLink")

    def raise_rows(app_label, model_name, level_path):
        model = apps.get_model(app_label, model_name)
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name.lower()).first()
        if content_type is None:
            return
        for level in (1, 2):
            ids = (
                model.objects.filter(**{level_path: level})
                .annotate(key=Cast("pk", CharField()))
                .values("key")
            )
            AuditEntry.objects.filter(
                content_type=content_type, object_id__in=Subquery(ids), confidentiality__lt=level
            ).update(confidentiality=level)

    for app_label, model_name in OWN:
        raise_rows(app_label, model_name, "confidentiality")
    for app_label, model_name, path in VIA:
        raise_rows(app_label, model_name, path)

    document_type = ContentType.objects.filter(app_label="documents", model="document").first()
    link_type = ContentType.objects.filter(app_label="documents", model="documentlink").first()
    links = DocumentLink.objects.select_related("source", "target").exclude(
        source__confidentiality=0, target__confidentiality=0
    )
    for link in links.iterator():
        level = max(link.source.confidentiality, link.target.confidentiality)
        if link_type is not None:
            AuditEntry.objects.filter(
                content_type=link_type, object_id=str(link.pk), confidentiality__lt=level
            ).update(confidentiality=level)
        if document_type is not None:
            # The source's "link added" row: written in the same transaction as the link, with the link in its note.
            AuditEntry.objects.filter(
                content_type=document_type, object_id=str(link.source_id), action="update",
                note__contains=link.target.title[:100], confidentiality__lt=level,
            ).update(confidentiality=level)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_confidentiality"),
        ("meetings", "0003_derived_confidentiality"),
        ("documents", "0003_kind_label"),
        ("work", "0006_board_index_confidentiality"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
