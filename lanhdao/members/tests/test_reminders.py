"""Alerts when a probation ends without a decision: to those who may manage the member's records, once per member
and probation end, from `lanhdao remind`."""

import datetime

from django.core.management import call_command

from conftest import make_member
from lanhdao.members import services
from lanhdao.members.models import ProbationAlert
from lanhdao.members.reminders import send_probation_alerts
from lanhdao.notifications.models import Notification

from . import test_members_world as shared
from .test_members_world import TODAY, D

frozen_today, more_world = shared.frozen_today, shared.more_world  # the shared fixtures, in this module


def probationary(w, admitted_on, name="Đảng viên Dự bị"):
    return make_member(w.cell_a, name, admitted_on=admitted_on, full_on=None)


def test_a_probation_ended_without_a_decision_alerts_the_managers_once(more_world):
    w = more_world
    overdue = probationary(w, datetime.date(2025, 3, 2))  # ended 2/3/2026
    probationary(w, datetime.date(2025, 6, 1), "Chưa hết hạn")  # ends 1/6/2026
    assert send_probation_alerts(today=TODAY) == 1
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"olga", "celia"}  # the organisation board of HA and the cell's secretary; not alice, bob, charlie
    note = Notification.objects.first()
    assert overdue.full_name in note.title and note.url == f"/members/{overdue.pk}/"
    assert send_probation_alerts(today=TODAY) == 0
    assert send_probation_alerts(today=TODAY + D(days=3)) == 0
    assert Notification.objects.count() == 2 and ProbationAlert.objects.count() == 1


def test_a_decision_stops_the_alerts(more_world):
    w = more_world
    member = probationary(w, datetime.date(2025, 3, 2))
    services.member_recognise(actor=w.olga, member=member, full_on=datetime.date(2026, 3, 3), decision="5-QĐ")
    assert send_probation_alerts(today=TODAY) == 0 and not Notification.objects.exists()


def test_lanhdao_remind_sends_the_probation_alerts_too(more_world, capsys):
    probationary(more_world, datetime.date(2025, 1, 5))
    call_command("remind", today=TODAY)
    assert "probation_alerts: 1" in capsys.readouterr().out
    call_command("remind", enqueue=True)  # the test settings run tasks immediately: nothing is sent twice
    assert ProbationAlert.objects.count() == 1 and Notification.objects.count() == 2
