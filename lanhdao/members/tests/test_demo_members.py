"""The demo city's members: a few hundred in every stage, one probation overdue, transfers, five years of
classifications with excellent runs, a badge due this year; and who of the demo accounts sees whose personal data."""

from django.utils import timezone

from lanhdao.accounts.models import User
from lanhdao.members import demo, selectors
from lanhdao.members import selectors_evaluations as ev
from lanhdao.members.permissions import may_see_personal
from lanhdao.members.reminders import send_probation_alerts
from lanhdao.notifications.models import Notification
from lanhdao.org import demo as org_demo
from lanhdao.org.models import Unit


def test_demo_members_of_song_cong(db):
    org_demo.load_demo()
    assert not demo.demo_loaded()
    counts = demo.load_demo()
    assert demo.demo_loaded() and counts["members"] > 300 and counts["candidates"] > 10
    today = timezone.localdate()
    city = Unit.objects.get(code="HU165")
    users = {u.username: u for u in User.objects.all()}
    board, secretary, cell_secretary = users["tochuc.tinh"], users["bithu.songcong"], users["bithu.chibo"]
    in_city = selectors.in_subtree(selectors.members_for(secretary), city)
    assert in_city.count() > 300
    own_cell = in_city.filter(unit__code="DU05512-CB01").select_related("unit").first()
    other_cell = in_city.exclude(unit__code="DU05512-CB01").select_related("unit").first()
    # personal data: the province's organisation board and the member's own cell; not the city's secretary
    assert may_see_personal(board, own_cell.unit) and may_see_personal(board, other_cell.unit)
    assert may_see_personal(cell_secretary, own_cell.unit) and not may_see_personal(cell_secretary, other_cell.unit)
    assert not may_see_personal(secretary, own_cell.unit)
    # Định Hóa sees only the member transferred there
    moved = list(selectors.members_for(users["xem.dinhhoa"]))
    assert len(moved) == 1 and not may_see_personal(users["xem.dinhhoa"], moved[0].unit)
    # one probation ended without a decision; its alert goes to the board and the cell's secretary
    assert selectors.filter_members(in_city, overdue_on=today).count() == 1
    assert send_probation_alerts(today=today) == 1
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"tochuc.tinh", "bithu.chibo"}
    # a pending transfer inside the city, excellent runs, badges due this year
    assert selectors.incoming_transfers(secretary, city).count() == 1
    assert ev.excellent_members(secretary, city, year=2025, years=5).count() >= 5
    assert ev.excellent_organisations(secretary, city, year=2025, years=5).exists()
    assert ev.badge_eligible(in_city, today.year).count() >= 3
