"""Background work of restructuring (Django's tasks framework; the database backend by default, no broker)."""

from django.tasks import task

from . import services


@task
def apply_due_restructurings_task() -> dict:
    """Apply the scheduled operations whose date has come (queued for the first moment of each one's date when it is
    scheduled, and by `lanhdao apply_due_restructurings --enqueue` / `lanhdao remind --enqueue`)."""
    return services.apply_due()
