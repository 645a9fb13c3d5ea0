"""Existing records take the confidentiality of what they derive from (README "Confidentiality"): a task the level of
its document, of the meeting whose conclusion gave it and of the inspection whose recommendation it carries out; a
discipline the level of the inspection it follows."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def derive(apps, schema_editor):
    Task = apps.get_model("work", "Task")
    Document = apps.get_model("documents", "Document")
    ConclusionPoint = apps.get_model("meetings", "ConclusionPoint")
    Recommendation = apps.get_model("inspections", "Recommendation")
    Discipline = apps.get_model("inspections", "Discipline")
    for level in (1, 2):
        secret_docs = Document.objects.filter(confidentiality=level).values("pk")
        Task.objects.filter(document__in=secret_docs, confidentiality__lt=level).update(confidentiality=level)
        from_meetings = ConclusionPoint.objects.filter(meeting__confidentiality=level).values("task_id")
        Task.objects.filter(pk__in=from_meetings, confidentiality__lt=level).update(confidentiality=level)
        from_inspections = Recommendation.objects.filter(
            inspection__confidentiality=level, task__isnull=False
        ).values("task_id")
        Task.objects.filter(pk__in=from_inspections, confidentiality__lt=level).update(confidentiality=level)
        Discipline.objects.filter(inspection__confidentiality=level, confidentiality__lt=level).update(
            confidentiality=level
        )
    # Sub-tasks follow their parent, one level of the tree at a time.
    parent_level = Subquery(Task.objects.filter(pk=OuterRef("parent_id")).values("confidentiality")[:1])
    while Task.objects.filter(parent__isnull=False, confidentiality__lt=parent_level).exists():
        Task.objects.filter(parent__isnull=False, confidentiality__lt=parent_level).update(
            confidentiality=parent_level
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_meeting_confidentiality"),
        ("work", "0005_confidentiality"),
        ("inspections", "0003_confidentiality"),
        ("documents", "0003_kind_label"),
    ]

    operations = [migrations.RunPython(derive, migrations.RunPython.noop)]
