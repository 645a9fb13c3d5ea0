import datetime

from django.core import mail
from django.core.management import call_command

from conftest import make_user
from lanhdao.accounts.roles import Role
from lanhdao.notifications.models import Notification
from lanhdao.work.models import Reminder
from lanhdao.work.reminders import send_reminders
from lanhdao.work.tests.conftest import TODAY

D = datetime.timedelta


def test_due_soon_overdue_and_escalation_are_each_sent_once(world, make_task, settings):
    settings.LANHDAO_DUE_SOON_DAYS = 7
    settings.LANHDAO_ESCALATE_AFTER_DAYS = 7
    head = make_user("dung", role=Role.SECRETARY, unit=world.commune_a, email="dung@example.vn")
    soon = make_task(title="Sắp đến hạn", deadline=TODAY + D(days=3))
    late = make_task(title="Quá hạn", deadline=TODAY - D(days=2))
    very_late = make_task(title="Quá hạn lâu", deadline=TODAY - D(days=9))
    make_task(title="Còn xa", deadline=TODAY + D(days=30))

    run = send_reminders(today=TODAY)
    assert (run.due_soon, run.overdue, run.escalated) == (1, 2, 1)
    titles = list(Notification.objects.filter(user=head).values_list("title", flat=True))
    assert any(soon.title in t for t in titles) and any(late.title in t for t in titles)
    escalated = Notification.objects.filter(user=world.alice, title__contains=very_late.title)
    assert escalated.exists(), "long overdue tasks go up to the assigning unit"
    assert any("dung@example.vn" in m.to for m in mail.outbox)

    again = send_reminders(today=TODAY)
    assert (again.due_soon, again.overdue, again.escalated) == (0, 0, 0), "each stage once"
    assert Reminder.objects.count() == 4


def test_a_new_deadline_makes_reminders_due_again(world, make_task):
    from lanhdao.work import services

    task = make_task(deadline=TODAY - D(days=1))
    send_reminders(today=TODAY)
    services.task_update(actor=world.alice, task=task, data={"deadline": TODAY + D(days=2)}, seen_version=task.version)
    assert send_reminders(today=TODAY).due_soon == 1


def test_closed_tasks_get_no_reminder(world, make_task):
    from lanhdao.work import services

    services.cancel(actor=world.alice, task=make_task(deadline=TODAY - D(days=3)), reason="Thôi")
    run = send_reminders(today=TODAY)
    assert (run.due_soon, run.overdue, run.escalated) == (0, 0, 0)


def test_the_command_and_the_background_task(world, make_task, capsys):
    make_task(deadline=TODAY - D(days=1))
    call_command("remind", today=TODAY)
    assert "overdue: 1" in capsys.readouterr().out
    call_command("remind", enqueue=True)  # the test settings run tasks immediately
    assert "Queued" in capsys.readouterr().out
