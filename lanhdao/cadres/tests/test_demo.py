"""The demo's cadre work for Sông Công: nothing without members; with them, posts, a 2025-2030 plan, courses,
movements and — as in seed 003 — grassroots nominations and 8 introductions for appointment, all counted by the
figures."""

import datetime

from django.utils import timezone

from conftest import make_member
from lanhdao.cadres import selectors as sel
from lanhdao.cadres.demo import load_cadre_demo
from lanhdao.cadres.models import Movement, Nomination, SuccessionEntry
from lanhdao.members.models import Member
from lanhdao.org import demo as org_demo
from lanhdao.org.kinds import UnitKind
from lanhdao.org.models import Unit


def test_without_the_city_or_its_members_nothing_happens(db):
    assert load_cadre_demo() == {}
    org_demo.load_demo()
    assert load_cadre_demo() == {}


def test_the_cadre_demo_on_the_citys_members(db):
    org_demo.load_demo()
    city = Unit.objects.get(code="HU165")
    cells = list(Unit.objects.filter(path__startswith=city.path, kind=UnitKind.CELL).order_by("code")[:30])
    for i in range(90):
        make_member(cells[i % len(cells)], f"Đảng viên {i:03d}")
    counts = load_cadre_demo()
    assert counts["introductions for appointment"] == 8
    assert counts["nominations"] == 90 + 8 and counts["movements"] == 6
    assert counts["positions"] > 40 and counts["succession entries"] == 33 and counts["trainings"] == 45
    assert SuccessionEntry.objects.filter(term="2025-2030", removed_on__isnull=False).count() == 1
    assert Movement.objects.filter(kind="rotation").exists() and Movement.objects.filter(kind="transfer").exists()
    assert Member.objects.exclude(theory_level="").exists()  # completed theory courses raised levels
    today = timezone.localdate()
    figures = sel.cadre_figures(unit=city, start=datetime.date(2025, 1, 1), end=today)
    assert figures["nominations_appointment"] == 8 and figures["nominations_election"] == 90
    assert figures["movements"] == 6
    assert Nomination.objects.filter(kind="appointment", outcome="").count() == 1
    assert load_cadre_demo() == {}  # once only
