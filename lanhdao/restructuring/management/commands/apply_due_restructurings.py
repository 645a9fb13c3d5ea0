import datetime

from django.core.management.base import BaseCommand

from lanhdao.restructuring.services import apply_due
from lanhdao.restructuring.tasks import apply_due_restructurings_task


class Command(BaseCommand):
    help = (
        "Apply the restructuring operations scheduled for today or earlier (an operation dated in the future waits, "
        "its units unchanged, until this runs on or after its date). Run it daily from cron shortly after midnight, "
        "or let the worker run it (each scheduled operation also queues it for its date). `lanhdao remind` runs it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the job for `lanhdao db_worker` instead.")
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="Pretend today is this date (YYYY-MM-DD)."
        )

    def handle(self, *args, enqueue: bool, today: datetime.date | None, **options):
        if enqueue:
            self.stdout.write(f"Queued: {apply_due_restructurings_task.enqueue().id}")
            return
        done = apply_due(today=today)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in done.items()))
