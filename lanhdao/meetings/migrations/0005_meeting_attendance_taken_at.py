from django.db import migrations, models
from django.db.models import Exists, F, OuterRef


def backfill(apps, schema_editor):
    """A meeting where someone is already marked present had its attendance taken (when: its last change)."""
    Meeting = apps.get_model("meetings", "Meeting")
    Participant = apps.get_model("meetings", "Participant")
    someone_present = Exists(Participant.objects.filter(meeting=OuterRef("pk"), present=True))
    Meeting.objects.filter(someone_present).update(attendance_taken_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_opinion_tasks_confidentiality"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="attendance_taken_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="attendance recorded at"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
