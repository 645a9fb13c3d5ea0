import datetime
from dataclasses import asdict

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from lanhdao.core.idempotence import forget_old
from lanhdao.members.reminders import send_probation_alerts, send_probation_alerts_task
from lanhdao.work.reminders import send_reminders
from lanhdao.work.tasks import send_reminders_task


class Command(BaseCommand):
    help = (
        "Send deadline reminders and escalations (đôn đốc), and the alerts of probations ended without a decision. "
        "Run it daily from cron, or enqueue it for the worker. Also deletes the submission keys older than a day, "
        "and applies the restructuring operations scheduled for the day (apply_due_restructurings)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Queue the job for `lanhdao db_worker` instead.")
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="Pretend today is this date (YYYY-MM-DD)."
        )

    def handle(self, *args, enqueue: bool, today: datetime.date | None, **options):
        forgotten = forget_old()  # the one-time tokens and Idempotency-Keys of creates, with their stored answers
        if enqueue:
            result = send_reminders_task.enqueue()
            alerts = send_probation_alerts_task.enqueue()
            self.stdout.write(f"Queued: {result.id}, {alerts.id}")
            call_command("apply_due_restructurings", enqueue=True, stdout=self.stdout)
            return
        today = today or timezone.localdate()
        run = send_reminders(today=today)
        probation = send_probation_alerts(today=today)
        figures = [*asdict(run).items(), ("probation_alerts", probation), ("submission_keys_deleted", forgotten)]
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in figures))
        # by name: restructuring stands above work (it moves tasks); work does not import it
        call_command("apply_due_restructurings", today=today, stdout=self.stdout)
