"""The demo city tells seed 003's story of inspection, and every figure of it comes from recorded events."""

import datetime

from django.utils import timezone

from conftest import make_member
from lanhdao.accounts.models import User
from lanhdao.inspections import demo, figures, selectors
from lanhdao.inspections.models import Inspection, SubjectKind
from lanhdao.org import demo as org_demo
from lanhdao.org.kinds import GRASSROOTS, UnitKind
from lanhdao.org.models import Unit


def test_demo_song_cong(db):
    org_demo.load_demo()
    assert not demo.demo_loaded()
    counts = demo.load_demo()
    assert demo.demo_loaded() and counts["inspections"] == 21 and counts["disciplines"] == 1
    city = Unit.objects.get(code="HU165")
    term = figures.summary(city, *demo.TERM)
    assert term["organisations_inspected"] == 20 and term["concluded"] == 20  # seed 003: 20 organisations
    working_rules = Inspection.objects.filter(title__startswith="Kiểm tra việc thực hiện quy chế làm việc")
    assert working_rules.filter(subject_kind=SubjectKind.ORGANISATION, programme__span="term").count() == 20
    kinds = set(working_rules.values_list("subject_unit__kind", flat=True))
    assert kinds <= set(GRASSROOTS) | {UnitKind.COMMUNE_COMMITTEE}
    today = timezone.localdate()
    year = figures.summary(city, datetime.date(today.year, 1, 1), today)
    assert year["supervisions"] >= 4 and year["disciplines_by_form"]["reprimand"] == 1
    assert figures.recommendations_overdue(city, today) >= 1
    secretary = User.objects.get(username="bithu.songcong")
    follow = selectors.follow_up_counts(selectors.follow_up(selectors.recommendations_for(secretary), city), today)
    assert follow["done"] >= 1 and follow["overdue"] >= 1 and follow["open"] >= 1
    # the confidential inspection is seen by the cleared secretary, not by the office clerk
    clerk = User.objects.get(username="vanphong.songcong")
    assert selectors.inspections_for(secretary).count() == selectors.inspections_for(clerk).count() + 1
    assert not Inspection.objects.filter(subject_kind=SubjectKind.MEMBER).exists()


def test_demo_inspects_a_member_when_the_members_are_there(db):
    org_demo.load_demo()
    member = make_member(Unit.objects.get(code="DU05512-CB01"), "Nguyễn Văn Đảng")
    assert demo.load_demo()["inspections"] == 22
    assert Inspection.objects.get(subject_kind=SubjectKind.MEMBER).subject_member == member
