from django.db import migrations


def forwards(apps, schema_editor):
    from lanhdao.documents.search import ensure_search_index

    ensure_search_index(schema_editor.connection)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for name in ("documents_fts_ai", "documents_fts_ad", "documents_fts_au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute("DROP TABLE IF EXISTS documents_fts")
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS documents_fts_idx")
        schema_editor.execute("DROP INDEX IF EXISTS documents_search_vector_idx")
        schema_editor.execute("ALTER TABLE documents_document DROP COLUMN IF EXISTS search_vector")
        schema_editor.execute("DROP INDEX IF EXISTS documents_title_trgm")


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
