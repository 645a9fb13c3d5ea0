"""The demo city tells seed 004's story, and every figure of it comes from recorded events."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lanhdao.org import demo as org_demo
from lanhdao.org.models import Unit
from lanhdao.people import demo, figures
from lanhdao.people.models import CommitmentPlan


def test_demo_song_cong(db):
    org_demo.load_demo()
    assert not demo.demo_loaded()
    counts = demo.load_demo()
    assert demo.demo_loaded() and counts["field visits"] == 27
    city = Unit.objects.get(code="HU165")
    today = timezone.localdate()
    term = demo.TERM_START, today
    assert figures.field_visits(city, *term) == 27
    assert figures.dialogues(Unit.objects.get(code="HU165-UBND"), *term) > 30
    assert figures.dialogues(city, *term) - figures.dialogues(Unit.objects.get(code="HU165-UBND"), *term) == 5
    last_year = datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)
    assert figures.reception_days(Unit.objects.get(code="HU165-HDND"), *last_year) == 12  # the 15th of each month
    assert figures.published_plans(city, today, today) >= 2
    assert figures.petitions_overdue(city, today) > 0 and figures.petitions_answered_on_time(city, *term) > 0
    # the public page shows the secretary's published plans and none of the drafts
    html = Client().get(reverse("people:public_plans")).content.decode()
    assert "Dương Xuân Công" in html and "bithu.songcong" not in html and "Ghi chú nội bộ" not in html
    for draft in CommitmentPlan.objects.filter(published_at__isnull=True):
        assert draft.leader_name not in html
