"""Tasks given by an opinion on a submission take the level of the meeting the opinion was given at (README
"Confidentiality"); 0003 covered the meetings' own conclusion points only. Sub-tasks and later occurrences of
recurring tasks then follow what they come from, one level of the tree at a time."""

from django.db import migrations
from django.db.models import OuterRef, Q, Subquery


def derive(apps, schema_editor):
    Task = apps.get_model("work", "Task")
    ConclusionPoint = apps.get_model("meetings", "ConclusionPoint")
    for level in (1, 2):
        from_opinions = ConclusionPoint.objects.filter(
            submission__opinion_meeting__confidentiality=level
        ).values("task_id")
        Task.objects.filter(pk__in=from_opinions, confidentiality__lt=level).update(confidentiality=level)
    # A sub-task follows its parent, an occurrence of a recurring task the task it copies (0003 left those out).
    changed = True
    while changed:
        changed = False
        for link in ("parent", "series"):
            source_level = Subquery(Task.objects.filter(pk=OuterRef(f"{link}_id")).values("confidentiality")[:1])
            behind = Q(**{f"{link}__isnull": False}, confidentiality__lt=source_level)
            changed |= bool(Task.objects.filter(behind).update(confidentiality=source_level))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_derived_confidentiality"),
    ]

    operations = [migrations.RunPython(derive, migrations.RunPython.noop)]
