# The audit rows of cadre work point at their records through a content type (app_label, model). The models moved from
# members to cadres, so their content types move too: the histories written before the move keep working, and the
# permissions that hang on those content types follow them. A fresh database has no such rows yet (content types are
# made after migrating), so there is nothing to do there.

from django.db import migrations

MODELS = ('positionheld', 'successionentry', 'training', 'movement', 'nomination')


def relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model('contenttypes', 'ContentType')
    for model in MODELS:
        moving = ContentType.objects.filter(app_label=old, model=model).first()
        if moving is None:
            continue
        # A content type of the new label made meanwhile (by a migrate run between the two labels) holds only its
        # default permissions; an audit row on it would stop this (PROTECT) rather than be lost.
        ContentType.objects.filter(app_label=new, model=model).delete()
        moving.app_label = new
        moving.save(update_fields=['app_label'])
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    relabel(apps, 'members', 'cadres')


def backwards(apps, schema_editor):
    relabel(apps, 'cadres', 'members')


class Migration(migrations.Migration):

    dependencies = [
        ('cadres', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
