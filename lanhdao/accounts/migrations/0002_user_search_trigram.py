from django.db import migrations

from lanhdao.core.search import create_trigram_index, drop_trigram_index


def forwards(apps, schema_editor):
    create_trigram_index(schema_editor, "accounts_user", "search_name", "accounts_user_search_trgm")


def backwards(apps, schema_editor):
    drop_trigram_index(schema_editor, "accounts_user_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
