from django.db import migrations

from lanhdao.core.search import create_trigram_index, drop_trigram_index


def forwards(apps, schema_editor):
    create_trigram_index(schema_editor, "org_unit", "search_name", "org_unit_search_trgm")


def backwards(apps, schema_editor):
    drop_trigram_index(schema_editor, "org_unit_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
