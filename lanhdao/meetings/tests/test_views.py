import pytest
from django.urls import reverse

from lanhdao.audit.models import AuditEntry
from lanhdao.meetings import services, services_state
from lanhdao.meetings.models import Frequency, Meeting, MeetingKind, Participant, Submission
from lanhdao.meetings.tests.conftest import TODAY, D
from lanhdao.work.models import Task


@pytest.fixture
def busy(world, bodies, make_meeting, make_submission):
    """Thirty meetings with participants, a dozen submissions and two assignments in district A."""
    meetings = []
    for i in range(30):
        meeting = make_meeting(date=TODAY - D(days=i), chair=world.alice, title=f"Hội nghị {i}")
        services.participants_add(actor=world.alice, meeting=meeting, users=[world.alice], names=["Khách"])
        meetings.append(meeting)
    for i in range(12):
        submission = make_submission(title=f"Tờ trình {i}")
        if i % 3 == 0:
            services_state.decision_record(actor=world.alice, submission=submission, decided_on=TODAY)
    for unit in (world.commune_a, world.cell_a):
        services_state.responsibility_assign(
            actor=world.alice, committee=world.district_a, member=world.alice, unit=unit, starts_on=TODAY
        )
    services.frequency_set(
        actor=world.alice,
        unit=world.district_a,
        kind=MeetingKind.PLENUM,
        frequency=Frequency.MONTHLY,
        effective_from=TODAY - D(days=400),
    )
    return meetings


def test_list_pages_have_bounded_queries(world, busy, client_for, django_assert_max_num_queries):
    client = client_for(world.alice)
    unit = {"unit": world.district_a.pk}
    with django_assert_max_num_queries(10):
        page = client.get(reverse("meetings:meeting_list"), unit)
    assert page.context["page"].paginator.count == 30
    row = page.context["page"].object_list[0]
    assert (row.invited, row.state) == (2, "held")
    with django_assert_max_num_queries(10):
        partial = client.get(reverse("meetings:meeting_list"), unit | {"kind": "liaison"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and partial.context["page"].paginator.count == 0
    with django_assert_max_num_queries(10):
        assert client.get(reverse("meetings:submission_list"), unit).context["page"].paginator.count == 12
    with django_assert_max_num_queries(10):
        listed = client.get(reverse("meetings:decided_without_opinion"), unit)
    assert listed.context["page"].paginator.count == 4
    with django_assert_max_num_queries(10):
        schedule = client.get(reverse("meetings:schedule"), unit)
    assert schedule.context["rows"][0]["held"] >= 1
    with django_assert_max_num_queries(10):
        assert client.get(reverse("meetings:responsibility_list"), unit).context["page"].paginator.count == 2
    with django_assert_max_num_queries(10):
        mine = client.get(reverse("meetings:my_organisations"))
    assert len(mine.context["rows"]) == 2
    with django_assert_max_num_queries(10):
        client.get(reverse("meetings:unit_panel", args=[world.district_a.pk]))


def test_detail_shows_the_quorum_warning_for_a_held_plenum(world, make_meeting, client_for):
    meeting = make_meeting(member_count=9)
    invited = services.participants_add(actor=world.alice, meeting=meeting, names=[f"Ủy viên {i}" for i in range(9)])
    client = client_for(world.alice)
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {"present": [p.pk for p in invited[:5]]},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'id="quorum-warning"' in html and "<html" not in html
    assert Participant.objects.filter(present=True).count() == 5
    client.post(reverse("meetings:attendance", args=[meeting.pk]), {"present": [p.pk for p in invited[:6]]})
    html = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert 'id="quorum-warning"' not in html and 'id="quorum-ok"' in html
    planned = make_meeting(date=TODAY + D(days=7), member_count=9)
    html = client.get(reverse("meetings:meeting_detail", args=[planned.pk])).content.decode()
    assert 'id="quorum-warning"' not in html


def test_a_new_meeting_says_the_attendance_is_not_yet_taken_rather_than_warn_of_the_quorum(
    world, make_meeting, client_for
):
    """Issue 15: a plenum held today, 12 members invited, nobody marked yet, showed "Quorum not met: 0 of 12"."""
    meeting = make_meeting(date=TODAY, member_count=12)
    invited = services.participants_add(actor=world.alice, meeting=meeting, names=[f"Ủy viên {i}" for i in range(12)])
    client = client_for(world.alice)
    html = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert 'id="quorum-warning"' not in html and 'id="quorum-ok"' not in html
    assert 'id="quorum-not-taken"' in html
    # Once taken, a short attendance warns — even when nobody came.
    client.post(reverse("meetings:attendance", args=[meeting.pk]), {"present": [p.pk for p in invited[:3]]})
    html = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert 'id="quorum-warning"' in html and 'id="quorum-not-taken"' not in html
    client.post(reverse("meetings:attendance", args=[meeting.pk]), {})
    html = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert 'id="quorum-warning"' in html and 'id="quorum-not-taken"' not in html


def test_record_a_meeting_through_the_form(world, client_for):
    client = client_for(world.alice)
    form = client.get(reverse("meetings:meeting_create"), {"unit_code": "CA1"}).context["form"]
    assert form["kind"].initial == "cell_monthly"
    data = {"unit": "HA", "kind": "plenum", "date": TODAY.isoformat(), "chair": "alice", "member_count": 9}
    response = client.post(reverse("meetings:meeting_create"), data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.chair == world.alice and meeting.member_count == 9
    data |= {"chair": "Nguyễn Văn Khách", "minutes": "Biên bản"}
    client.post(reverse("meetings:meeting_edit", args=[meeting.pk]), data)
    meeting.refresh_from_db()
    assert meeting.chair is None and meeting.chair_name == "Nguyễn Văn Khách" and meeting.minutes == "Biên bản"
    bad = client.post(reverse("meetings:meeting_create"), data | {"kind": "council_session"})
    assert bad.status_code == 200 and bad.context["form"].errors and Meeting.objects.count() == 1


def _conclusion_data(rows):
    data = {
        "text": "Kết luận của hội nghị",
        "issued_on": TODAY.isoformat(),
        "points-TOTAL_FORMS": len(rows),
        "points-INITIAL_FORMS": 0,
    }
    for i, (title, code, deadline) in enumerate(rows):
        data |= {f"points-{i}-title": title, f"points-{i}-lead_unit": code, f"points-{i}-deadline": deadline}
    return data


def test_conclusion_page_turns_points_into_tasks(world, make_meeting, client_for):
    meeting = make_meeting()
    client = client_for(world.alice)
    page = client.get(reverse("meetings:conclusion", args=[meeting.pk]))
    assert len(page.context["formset"].forms) == 3
    later = (TODAY + D(days=30)).isoformat()
    rows = [("Rà soát hạ tầng", "XA1", later), ("", "", ""), ("Kiện toàn chi bộ", "CA1", later)]
    more = client.post(
        reverse("meetings:conclusion", args=[meeting.pk]),
        _conclusion_data(rows) | {"add_row": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert len(more.context["formset"].forms) == 4 and "<html" not in more.content.decode()
    assert not Task.objects.exists()
    response = client.post(reverse("meetings:conclusion", args=[meeting.pk]), _conclusion_data(rows))
    assert response.status_code == 302
    assert list(Task.objects.order_by("pk").values_list("lead_unit__code", flat=True)) == ["XA1", "CA1"]
    detail = client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Rà soát hạ tầng" in detail and "Kết luận của hội nghị" in detail


def test_conclusion_with_a_unit_of_another_district_saves_nothing(world, make_meeting, client_for):
    meeting = make_meeting()
    later = (TODAY + D(days=30)).isoformat()
    rows = [("Đúng", "XA1", later), ("Sai", "XB1", later)]
    response = client_for(world.alice).post(reverse("meetings:conclusion", args=[meeting.pk]), _conclusion_data(rows))
    assert response.status_code == 200 and response.context["formset"].forms[1].errors
    assert not Task.objects.exists() and Meeting.objects.get(pk=meeting.pk).conclusion_text == ""


def test_agenda_and_participants_through_htmx(world, make_meeting, make_submission, client_for):
    meeting = make_meeting()
    submission = make_submission()
    client = client_for(world.alice)
    html = client.post(
        reverse("meetings:agenda_add", args=[meeting.pk]),
        {"text": "", "submission": submission.pk},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert submission.title in html and "<html" not in html
    item = meeting.agenda.get()
    assert client.get(reverse("meetings:agenda_remove", args=[meeting.pk, item.pk])).status_code == 200  # confirm
    assert meeting.agenda.exists()
    client.post(reverse("meetings:agenda_remove", args=[meeting.pk, item.pk]), HTTP_HX_REQUEST="true")
    assert not meeting.agenda.exists()
    client.post(
        reverse("meetings:participants_add", args=[meeting.pk]),
        {"users": [world.bob.pk], "names": "Lê Văn A\nTrần Thị B", "is_member": "on"},
    )
    assert meeting.participants.count() == 3
    participant = meeting.participants.get(user=world.bob)
    client.post(reverse("meetings:participant_remove", args=[meeting.pk, participant.pk]))
    assert meeting.participants.count() == 2


def test_submission_pages_follow_the_lifecycle(world, bodies, client_for):
    client = client_for(world.alice)
    data = {
        "from_unit": "HA-UB",
        "to_unit": "HA-BTV",
        "matter": "personnel",
        "title": "Tờ trình nhân sự",
        "sent_on": TODAY.isoformat(),
        "opinion_due": (TODAY + D(days=7)).isoformat(),
    }
    assert client.post(reverse("meetings:submission_create"), data).status_code == 302
    submission = Submission.objects.get()
    assert client.get(reverse("meetings:submission_detail", args=[submission.pk])).context["state"] == "awaiting"
    opinion = {
        "outcome": "agreed",
        "given_on": TODAY.isoformat(),
        "text": "Đồng ý",
        "points-TOTAL_FORMS": 1,
        "points-INITIAL_FORMS": 0,
        "points-0-title": "Làm quy trình bổ nhiệm",
        "points-0-lead_unit": "HA-UB",
        "points-0-deadline": (TODAY + D(days=20)).isoformat(),
    }
    assert client.post(reverse("meetings:submission_opinion", args=[submission.pk]), opinion).status_code == 302
    page = client.get(reverse("meetings:submission_detail", args=[submission.pk]))
    assert page.context["state"] == "answered" and len(page.context["points"]) == 1
    assert Task.objects.get().assigning_unit == world.district_a


def test_outsider_gets_not_found_everywhere_and_changes_nothing(
    world, bodies, make_meeting, make_submission, client_for
):
    meeting = make_meeting()
    participant = services.participants_add(actor=world.alice, meeting=meeting, names=["A"])[0]
    item = services.agenda_add(actor=world.alice, meeting=meeting, text="Nội dung")
    submission = make_submission()
    responsibility = services_state.responsibility_assign(
        actor=world.alice, committee=world.district_a, member=world.alice, unit=world.commune_a, starts_on=TODAY
    )
    before = AuditEntry.objects.count()
    charlie = client_for(world.charlie)
    m, s = meeting.pk, submission.pk
    for name, args in [
        ("meeting_detail", [m]),
        ("meeting_edit", [m]),
        ("meeting_cancel", [m]),
        ("conclusion", [m]),
        ("agenda_add", [m]),
        ("agenda_remove", [m, item.pk]),
        ("participants_add", [m]),
        ("attendance", [m]),
        ("participant_remove", [m, participant.pk]),
        ("submission_detail", [s]),
        ("submission_edit", [s]),
        ("submission_opinion", [s]),
        ("submission_decision", [s]),
        ("submission_withdraw", [s]),
        ("responsibility_end", [responsibility.pk]),
        ("member_organisations", [world.alice.pk]),
        ("unit_panel", [world.district_a.pk]),
    ]:
        url = reverse(f"meetings:{name}", args=args)
        assert charlie.get(url).status_code in {404, 405}, name
        assert charlie.post(url, {"note": "x", "reason": "x", "decided_on": TODAY.isoformat()}).status_code in {
            404,
            405,
        }, name
    assert charlie.get(reverse("meetings:meeting_list"), {"unit": world.district_a.pk}).status_code == 404
    assert charlie.get(reverse("meetings:meeting_list")).context["page"].paginator.count == 0
    assert AuditEntry.objects.count() == before and Meeting.objects.get(pk=m).cancelled_at is None


def test_viewer_reads_but_cannot_write(world, make_meeting, make_submission, client_for):
    meeting = make_meeting()
    participant = services.participants_add(actor=world.alice, meeting=meeting, names=["A"])[0]
    submission = make_submission()
    bob = client_for(world.bob)
    page = bob.get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200 and not page.context["can_record"] and page.context["agenda_form"] is None
    assert 'id="attendance-save"' not in page.content.decode()
    before = AuditEntry.objects.count()
    m = meeting.pk
    for name, args in [
        ("meeting_edit", [m]),
        ("meeting_cancel", [m]),
        ("conclusion", [m]),
        ("agenda_add", [m]),
        ("participants_add", [m]),
        ("attendance", [m]),
        ("participant_remove", [m, participant.pk]),
        ("submission_edit", [submission.pk]),
        ("submission_withdraw", [submission.pk]),
        ("submission_decision", [submission.pk]),
    ]:
        url = reverse(f"meetings:{name}", args=args)
        assert bob.post(url, {"note": "x", "present": [participant.pk]}).status_code == 403, name
    assert bob.get(reverse("meetings:submission_opinion", args=[submission.pk])).status_code == 404
    assert bob.get(reverse("meetings:submission_detail", args=[submission.pk])).context["can_record"] is False
    assert AuditEntry.objects.count() == before
    assert Meeting.objects.get(pk=m).cancelled_at is None and not Participant.objects.filter(present=True).exists()


def test_conclusion_points_of_a_cancelled_meeting_are_refused(world, make_meeting, client_for):
    meeting = make_meeting()
    client = client_for(world.alice)
    assert client.get(reverse("meetings:meeting_cancel", args=[meeting.pk])).status_code == 200  # the confirmation
    client.post(reverse("meetings:meeting_cancel", args=[meeting.pk]), {"note": "Hoãn"})
    later = (TODAY + D(days=30)).isoformat()
    response = client.post(reverse("meetings:conclusion", args=[meeting.pk]), _conclusion_data([("A", "XA1", later)]))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Task.objects.exists()


def test_frequency_form_and_responsibility_form(world, client_for):
    client = client_for(world.alice)
    response = client.post(
        reverse("meetings:frequency_set"),
        {"unit": "HA", "kind": "liaison", "frequency": "quarterly", "effective_from": TODAY.isoformat()},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("meetings:responsibility_create"),
        {"committee": "HA", "member": "bob", "unit": "XA1", "starts_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    bad = client.post(
        reverse("meetings:responsibility_create"),
        {"committee": "HA", "member": "charlie", "unit": "XA1", "starts_on": TODAY.isoformat()},
    )
    assert bad.status_code == 200 and "member" in bad.context["form"].errors  # not a user of her scope
    bob_page = client_for(world.bob).get(reverse("meetings:my_organisations"))
    assert [r["responsibility"].unit for r in bob_page.context["rows"]] == [world.commune_a]


def test_a_confidential_meeting_is_seen_only_by_those_cleared_for_it(world, make_meeting, client_for, api_for):
    from django.core.exceptions import ValidationError as DjangoValidationError

    from lanhdao.accounts.roles import Clearance
    from lanhdao.meetings.selectors import meetings_for

    secret = make_meeting(title="Công tác nhân sự", confidentiality=Clearance.SECRET)
    assert secret in meetings_for(world.alice)  # SECRET clearance, in scope
    assert secret not in meetings_for(world.bob)  # in scope, no clearance
    assert client_for(world.bob).get(f"/meetings/{secret.pk}/").status_code == 404
    assert api_for(world.bob).get(f"/api/meetings/{secret.pk}/").status_code == 404
    assert secret.pk not in [m["id"] for m in api_for(world.bob).get("/api/meetings/").json()["results"]]
    with pytest.raises(DjangoValidationError):
        make_meeting(title="Tối mật", confidentiality=Clearance.TOP_SECRET)  # above alice's own clearance


def test_a_meetings_document_box_reads_references_as_the_reader_does(world):
    """Issue 15: the boxes that take a document read what the reference reader reads (`12/CTr/TU`, by its name)."""
    from django.core.exceptions import ValidationError

    from lanhdao.documents.models import Document
    from lanhdao.documents.tests.conftest import make_document
    from lanhdao.meetings.forms import DocumentRefField

    programme = make_document(world.district_a, symbol="12-CTr/TU", kind="CTr", title="Chương trình hành động")
    field = DocumentRefField(documents=Document.objects.all())
    for typed in ("12/CTr/TU", "12-CTr/TU", "Chương trình số 12-CTr/TU", str(programme.pk)):
        assert field.clean(typed) == programme
    with pytest.raises(ValidationError):
        field.clean("13/CTr/TU")
