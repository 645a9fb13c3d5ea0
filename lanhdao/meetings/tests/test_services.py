import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from conftest import make_user
from lanhdao.accounts.roles import Role
from lanhdao.audit.models import Action, AuditEntry
from lanhdao.documents.tests.conftest import make_document
from lanhdao.meetings import services
from lanhdao.meetings.models import ConclusionPoint, Frequency, Meeting, MeetingFrequency, MeetingKind, Participant
from lanhdao.meetings.selectors import quorum_of, schedule
from lanhdao.meetings.services import PointSpec
from lanhdao.meetings.tests.conftest import TODAY, D
from lanhdao.work.models import Task


def test_recording_a_meeting_is_audited_and_keeps_the_unit_path(world, make_meeting):
    meeting = make_meeting(chair=world.alice, member_count=9)
    assert meeting.unit_path == world.district_a.path
    entry = AuditEntry.objects.get(action=Action.CREATE, object_id=str(meeting.pk))
    assert entry.after["member_count"] == 9 and entry.actor == world.alice


def test_only_recorders_of_the_unit_record_its_meetings(world, make_meeting):
    with pytest.raises(PermissionDenied):
        make_meeting(actor=world.bob)  # a viewer of district A
    with pytest.raises(PermissionDenied):
        make_meeting(actor=world.charlie)  # the secretary of district B
    assert not Meeting.objects.exists() and not AuditEntry.objects.exists()


def test_a_kind_of_meeting_must_suit_the_unit(world, make_meeting):
    with pytest.raises(ValidationError) as error:
        make_meeting(kind=MeetingKind.COUNCIL_SESSION)
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError):
        make_meeting(unit=world.cell_a, kind=MeetingKind.PLENUM)
    assert make_meeting(unit=world.cell_a, kind=MeetingKind.CELL_MONTHLY).pk


def test_quorum_of_a_plenum_is_two_thirds_of_the_members_and_only_warns(world, make_meeting):
    meeting = make_meeting(member_count=9)
    invited = services.participants_add(
        actor=world.alice, meeting=meeting, names=[f"Ủy viên {i}" for i in range(1, 10)]
    )
    services.participants_add(actor=world.alice, meeting=meeting, names=["Khách mời"], is_member=False)
    guest = Participant.objects.get(is_member=False)
    # 5 members and a guest present: below 6 of 9 — recorded all the same, with the quorum not met
    result = services.attendance_record(
        actor=world.alice, meeting=meeting, present_ids=[p.pk for p in invited[:5]] + [guest.pk]
    )
    assert (result.applies, result.members, result.present, result.required, result.met) == (True, 9, 5, 6, False)
    assert Participant.objects.filter(present=True).count() == 6
    result = services.attendance_record(actor=world.alice, meeting=meeting, present_ids=[p.pk for p in invited[:6]])
    assert result.met and quorum_of(Meeting.objects.get(pk=meeting.pk)).met
    assert (
        AuditEntry.objects.filter(action=Action.UPDATE, content_type__model="participant").count() == 8
    )  # 6, then 2 changed


def test_quorum_counts_the_listed_members_when_the_body_size_is_not_recorded(world, bodies, make_meeting):
    meeting = make_meeting(unit=bodies["btv"], kind=MeetingKind.STANDING_BOARD)
    invited = services.participants_add(actor=world.alice, meeting=meeting, names=["A", "B", "C"])
    assert not services.attendance_record(actor=world.alice, meeting=meeting, present_ids=[invited[0].pk]).met
    assert services.attendance_record(actor=world.alice, meeting=meeting, present_ids=[p.pk for p in invited[:2]]).met
    liaison = make_meeting(kind=MeetingKind.LIAISON)
    assert not quorum_of(liaison).applies and quorum_of(liaison).met


def test_attendance_waits_for_the_day_of_the_meeting(world, make_meeting):
    meeting = make_meeting(date=TODAY + D(days=3))
    services.participants_add(actor=world.alice, meeting=meeting, users=[world.alice, world.bob])
    with pytest.raises(ValidationError):
        services.attendance_record(actor=world.alice, meeting=meeting, present_ids=[])


def test_inviting_twice_invites_once(world, make_meeting):
    meeting = make_meeting()
    services.participants_add(actor=world.alice, meeting=meeting, users=[world.alice], names=["Lê Văn A"])
    again = services.participants_add(actor=world.alice, meeting=meeting, users=[world.alice], names=["lê văn a "])
    assert again == [] and meeting.participants.count() == 2


def test_conclusion_points_become_tasks_in_one_step(world, make_meeting):
    notice = make_document(world.district_a, symbol="12-TB/HU", kind="TB", issuer_code="HU", title="Thông báo kết luận")
    meeting = make_meeting()
    points = services.conclusion_record(
        actor=world.alice,
        meeting=meeting,
        text="Hội nghị thống nhất…",
        document=notice,
        issued_on=meeting.date,
        points=[
            PointSpec("Rà soát quy hoạch cán bộ", world.commune_a, TODAY + D(days=30)),
            PointSpec("Kiện toàn chi bộ thôn", world.cell_a, TODAY + D(days=45), expected_output="Báo cáo"),
        ],
    )
    tasks = list(Task.objects.order_by("pk"))
    assert [p.task for p in points] == tasks and [p.position for p in points] == [1, 2]
    assert all(t.assigning_unit == world.district_a and t.document == notice for t in tasks)
    assert [t.lead_unit for t in tasks] == [world.commune_a, world.cell_a]
    assert tasks[0].start_date == meeting.date and tasks[1].expected_output == "Báo cáo"
    meeting.refresh_from_db()
    assert meeting.conclusion_document == notice and meeting.conclusion_text == "Hội nghị thống nhất…"
    assert AuditEntry.objects.filter(content_type__model="task", action=Action.CREATE).count() == 2
    assert AuditEntry.objects.filter(content_type__model="conclusionpoint").count() == 2
    # more points later are numbered after the first ones
    more = services.conclusion_record(
        actor=world.alice,
        meeting=meeting,
        text=meeting.conclusion_text,
        document=notice,
        points=[PointSpec("Báo cáo kết quả", world.commune_a, TODAY + D(days=60))],
    )
    assert more[0].position == 3 and more[0].task.document_item.endswith("3")


def test_one_bad_point_saves_nothing(world, make_meeting):
    meeting = make_meeting()
    with pytest.raises(ValidationError) as error:
        services.conclusion_record(
            actor=world.alice,
            meeting=meeting,
            text="Kết luận",
            points=[
                PointSpec("Đúng", world.commune_a, TODAY + D(days=30)),
                PointSpec("Sai: xã của huyện khác", world.commune_b, TODAY + D(days=30)),
                PointSpec("Sai: hạn trước ngày họp", world.commune_a, meeting.date - D(days=1)),
            ],
        )
    assert set(error.value.message_dict) == {"point_2", "point_3"}
    meeting.refresh_from_db()
    assert meeting.conclusion_text == "" and not Task.objects.exists() and not ConclusionPoint.objects.exists()
    assert not AuditEntry.objects.exclude(action=Action.CREATE, content_type__model="meeting").exists()


def test_a_failure_inside_task_creation_rolls_back_every_point(world, make_meeting):
    from lanhdao.org import services as org_services

    meeting = make_meeting()
    org_services.unit_archive(actor=world.root, unit=world.cell_a)
    world.cell_a.refresh_from_db()
    with pytest.raises(ValidationError):
        services.conclusion_record(
            actor=world.alice,
            meeting=meeting,
            text="Kết luận",
            points=[PointSpec("Một", world.commune_a, TODAY + D(days=9)), PointSpec("Hai", world.cell_a, TODAY)],
        )
    assert not Task.objects.exists() and Meeting.objects.get(pk=meeting.pk).conclusion_text == ""


def test_a_body_concludes_in_the_name_of_its_committee(world, bodies, make_meeting):
    meeting = make_meeting(unit=bodies["btv"], kind=MeetingKind.STANDING_BOARD)
    [point] = services.conclusion_record(
        actor=world.alice,
        meeting=meeting,
        text="Kết luận",
        points=[PointSpec("Trình HĐND", world.ubnd_a, TODAY + D(days=20))],
    )
    assert point.task.assigning_unit == world.district_a and point.task.lead_unit == world.ubnd_a


def test_conclusions_wait_for_the_meeting_and_a_viewer_cannot_record_them(world, make_meeting):
    planned = make_meeting(date=TODAY + D(days=5))
    with pytest.raises(ValidationError):
        services.conclusion_record(actor=world.alice, meeting=planned, text="Sớm quá")
    held = make_meeting()
    with pytest.raises(PermissionDenied):
        services.conclusion_record(
            actor=world.bob, meeting=held, text="x", points=[PointSpec("x", world.commune_a, TODAY + D(days=3))]
        )
    assert not Task.objects.exists()


def test_cancel_needs_a_reason_and_keeps_the_history(world, make_meeting):
    meeting = make_meeting()
    with pytest.raises(ValidationError):
        services.meeting_cancel(actor=world.alice, meeting=meeting, reason=" ")
    services.meeting_cancel(actor=world.alice, meeting=meeting, reason="Trùng lịch")
    assert Meeting.objects.get(pk=meeting.pk).cancelled_at is not None
    entry = AuditEntry.objects.filter(object_id=str(meeting.pk), action=Action.UPDATE).get()
    assert entry.before["cancelled_at"] is None and entry.after["cancel_reason"] == "Trùng lịch"
    with pytest.raises(ValidationError):
        services.meeting_update(actor=world.alice, meeting=meeting, data={"title": "Đổi"})


def test_agenda_items_are_added_in_order_and_removed_with_a_trace(world, make_meeting, make_submission):
    meeting = make_meeting()
    submission = make_submission()
    first = services.agenda_add(actor=world.alice, meeting=meeting, text="", submission=submission)
    second = services.agenda_add(actor=world.alice, meeting=meeting, text="Tình hình tháng")
    assert (first.text, first.position, second.position) == (submission.title, 1, 2)
    services.agenda_remove(actor=world.alice, meeting=meeting, item=first)
    assert list(meeting.agenda.all()) == [second]
    trace = AuditEntry.objects.get(object_id=str(meeting.pk), note=gettext("Agenda item removed"))
    assert trace.before["agenda_item"]["submission"] == submission.pk
    with pytest.raises(ValidationError):
        services.agenda_add(actor=world.alice, meeting=meeting, text="  ")


def test_frequencies_change_with_an_effective_date_and_the_schedule_counts_expected_and_held(world, bodies):
    btv = bodies["btv"]
    year = TODAY.year - 1  # a whole past year
    services.frequency_set(
        actor=world.alice,
        unit=btv,
        kind=MeetingKind.STANDING_BOARD,
        frequency=Frequency.MONTHLY,
        effective_from=TODAY.replace(year=year - 3, month=1, day=1),
    )
    services.frequency_set(
        actor=world.alice,
        unit=btv,
        kind=MeetingKind.STANDING_BOARD,
        frequency=Frequency.QUARTERLY,
        effective_from=TODAY.replace(year=year, month=7, day=1),
        note="Từ hằng tháng sang hằng quý",
    )
    for month in (1, 2, 4, 5, 6, 8):  # March is missed; Q3 held once (August), Q4 missed
        day = TODAY.replace(year=year, month=month, day=5)
        services.meeting_create(actor=world.alice, unit=btv, kind=MeetingKind.STANDING_BOARD, date=day)
    [row] = schedule(
        world.district_a, TODAY.replace(year=year, month=1, day=1), TODAY.replace(year=year, month=12, day=31), TODAY
    )
    assert (row["expected"], row["held"]) == (8, 6)  # 6 months + 2 quarters
    assert [p["start"].month for p in row["missed"]] == [3, 10]
    assert row["setting"].frequency == Frequency.QUARTERLY
    # setting the same day again corrects it, it does not add a row
    services.frequency_set(
        actor=world.alice,
        unit=btv,
        kind=MeetingKind.STANDING_BOARD,
        frequency=Frequency.HALF_YEARLY,
        effective_from=TODAY.replace(year=year, month=7, day=1),
    )
    assert MeetingFrequency.objects.count() == 2
    with pytest.raises(PermissionDenied):
        services.frequency_set(
            actor=world.bob, unit=btv, kind=MeetingKind.STANDING_BOARD, frequency=Frequency.YEARLY, effective_from=TODAY
        )


def test_the_demo_secretary_of_a_commune_records_only_there(world, make_meeting):
    head = make_user("dung", role=Role.SECRETARY, unit=world.commune_a)
    assert make_meeting(actor=head, unit=world.cell_a, kind=MeetingKind.CELL_MONTHLY).pk
    with pytest.raises(PermissionDenied), transaction.atomic():
        make_meeting(actor=head)
