"""Operations that migrations of several apps share.

`move_content_types`: when models move from one app to another with their tables (SeparateDatabaseAndState), the
audit rows point at their records through a content type (app_label, model), so the content types move too: the
histories written before the move keep working, and the permissions that hang on those content types follow them. A
fresh database has no such rows yet (content types are made after migrating), so there is nothing to do there.
"""

from functools import partial

from django.db import migrations


def relabel_content_types(apps, schema_editor, *, models: tuple[str, ...], old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        moving = ContentType.objects.filter(app_label=old, model=model).first()
        if moving is None:
            continue
        # A content type of the new label made meanwhile (by a migrate run between the two labels) holds only its
        # default permissions; an audit row on it would stop this (PROTECT) rather than be lost.
        ContentType.objects.filter(app_label=new, model=model).delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def move_content_types(models: tuple[str, ...], old: str, new: str) -> migrations.RunPython:
    """The content types of `models` go from app `old` to app `new` (and back when the migration is reversed)."""
    return migrations.RunPython(
        partial(relabel_content_types, models=models, old=old, new=new),
        partial(relabel_content_types, models=models, old=new, new=old),
    )
