"""One filter for the list of meetings, for the page and the API; the states as filters agree with meeting_state."""

import pytest
from django.urls import reverse

from lanhdao.meetings import selectors, services
from lanhdao.meetings.models import Meeting
from lanhdao.meetings.rules import MeetingState, meeting_state, meeting_state_q

from .conftest import TODAY, D


@pytest.fixture
def meetings(world, make_meeting):
    cancelled = make_meeting(date=TODAY + D(days=3), title="Hội nghị hoãn")
    services.meeting_cancel(actor=world.alice, meeting=cancelled, reason="Hoãn")
    return {
        "held": make_meeting(),
        "today": make_meeting(date=TODAY, title="Hội nghị hôm nay"),
        "planned": make_meeting(date=TODAY + D(days=7), title="Hội nghị sắp tới"),
        "cancelled": Meeting.objects.get(pk=cancelled.pk),
    }


def test_each_state_as_a_filter_keeps_the_meetings_in_that_state(meetings):
    for state in MeetingState:
        found = set(Meeting.objects.filter(meeting_state_q(state, TODAY)).values_list("pk", flat=True))
        assert found == {m.pk for m in meetings.values() if meeting_state(m, TODAY) == state}, state
    assert Meeting.objects.filter(meeting_state_q("nonsense", TODAY)).count() == len(meetings)


def test_the_page_and_the_api_list_the_same_meetings_for_one_filter(world, meetings, client_for, api_for):
    query = {"unit": world.district_a.pk, "state": "planned", "date_from": TODAY.isoformat()}
    page = client_for(world.alice).get(reverse("meetings:meeting_list"), query)
    api = api_for(world.alice).get("/api/meetings/", query)
    listed = [meeting.pk for meeting in page.context["page"].object_list]
    assert listed == [row["id"] for row in api.json()["results"]] == [meetings["planned"].pk]


def test_an_empty_filter_keeps_every_meeting(world, meetings):
    every = selectors.meetings_for(world.alice)
    assert selectors.filter_meetings(every, selectors.MeetingFilter(), TODAY).count() == len(meetings)
