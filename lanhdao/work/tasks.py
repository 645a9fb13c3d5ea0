"""Background work (Django's tasks framework; the database backend by default, no broker)."""

from dataclasses import asdict

from django.tasks import task
from django.utils import timezone

from .reminders import send_reminders


@task
def send_reminders_task() -> dict:
    return asdict(send_reminders(today=timezone.localdate()))
