from lanhdao.audit.models import AuditEntry
from lanhdao.meetings import services, services_state
from lanhdao.meetings.models import Meeting, Submission
from lanhdao.meetings.tests.conftest import TODAY, D
from lanhdao.work.models import Task


def test_record_a_meeting_with_attendance_and_conclusion_over_the_api(world, api_for):
    alice = api_for(world.alice)
    created = alice.post(
        "/api/meetings/",
        {
            "unit": world.district_a.pk,
            "kind": "plenum",
            "date": (TODAY - D(days=1)).isoformat(),
            "member_count": 6,
            "chair": world.alice.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    invited = alice.post(f"/api/meetings/{pk}/participants/", {"names": list("ABCDEF")}, format="json").json()
    assert alice.get(f"/api/meetings/{pk}/").json()["quorum"]["taken"] is False  # not yet a missed quorum
    quorum = alice.post(
        f"/api/meetings/{pk}/attendance/", {"present": [p["id"] for p in invited[:3]]}, format="json"
    ).json()
    assert quorum == {"applies": True, "members": 6, "present": 3, "required": 4, "met": False, "taken": True}
    assert alice.post(f"/api/meetings/{pk}/agenda/", {"text": "Báo cáo tháng"}, format="json").status_code == 201
    points = [
        {"title": "Việc một", "lead_unit": world.commune_a.pk, "deadline": (TODAY + D(days=9)).isoformat()},
        {"title": "Việc hai", "lead_unit": world.cell_a.pk, "deadline": (TODAY + D(days=19)).isoformat()},
    ]
    detail = alice.post(f"/api/meetings/{pk}/conclusion/", {"text": "Kết luận", "points": points}, format="json")
    assert detail.status_code == 200, detail.json()
    body = detail.json()
    assert len(body["tasks"]) == 2 and body["quorum"]["met"] is False and body["state"] == "held"
    assert set(Task.objects.values_list("assigning_unit", flat=True)) == {world.district_a.pk}
    listed = alice.get("/api/meetings/", {"unit": world.district_a.pk, "state": "held"}).json()
    assert listed["count"] == 1
    assert alice.get(f"/api/meetings/{pk}/history/").json()["count"] >= 2


def test_a_refused_point_answers_400_and_saves_nothing(world, make_meeting, api_for):
    meeting = make_meeting()
    points = [
        {"title": "Đúng", "lead_unit": world.commune_a.pk, "deadline": (TODAY + D(days=9)).isoformat()},
        {"title": "Sai", "lead_unit": world.commune_b.pk, "deadline": (TODAY + D(days=9)).isoformat()},
    ]
    alice = api_for(world.alice)  # alice may not even see commune B: refused before the service
    response = alice.post(f"/api/meetings/{meeting.pk}/conclusion/", {"text": "K", "points": points}, format="json")
    assert response.status_code == 400
    root = api_for(world.root)  # root sees it, the service refuses it
    response = root.post(f"/api/meetings/{meeting.pk}/conclusion/", {"text": "K", "points": points}, format="json")
    assert response.status_code == 400 and "point_2" in response.json()
    assert not Task.objects.exists() and Meeting.objects.get(pk=meeting.pk).conclusion_text == ""


def test_outsider_and_viewer_are_refused_by_id(world, make_meeting, make_submission, api_for):
    meeting = make_meeting()
    submission = make_submission()
    responsibility = services_state.responsibility_assign(
        actor=world.alice, committee=world.district_a, member=world.alice, unit=world.commune_a, starts_on=TODAY
    )
    before = AuditEntry.objects.count()
    charlie = api_for(world.charlie)
    for url in (
        f"/api/meetings/{meeting.pk}/",
        f"/api/submissions/{submission.pk}/",
        f"/api/responsibilities/{responsibility.pk}/",
    ):
        assert charlie.get(url).status_code == 404
        assert charlie.patch(url, {"title": "x"}, format="json").status_code in {404, 405}
    assert charlie.post(f"/api/meetings/{meeting.pk}/cancel/", {"reason": "x"}, format="json").status_code == 404
    assert (
        charlie.post(f"/api/submissions/{submission.pk}/withdraw/", {"reason": "x"}, format="json").status_code == 404
    )
    assert charlie.get("/api/meetings/").json()["count"] == 0
    assert charlie.get("/api/submissions/").json()["count"] == 0
    assert charlie.get("/api/meeting-figures/", {"unit": world.district_a.pk}).status_code == 404
    bob = api_for(world.bob)
    assert bob.get(f"/api/meetings/{meeting.pk}/").status_code == 200
    assert bob.post(f"/api/meetings/{meeting.pk}/cancel/", {"reason": "x"}, format="json").status_code == 403
    assert bob.patch(f"/api/meetings/{meeting.pk}/", {"title": "x"}, format="json").status_code == 403
    assert bob.post(f"/api/submissions/{submission.pk}/withdraw/", {"reason": "x"}, format="json").status_code == 403
    assert (
        bob.post(
            f"/api/submissions/{submission.pk}/opinion/",
            {"outcome": "agreed", "given_on": TODAY.isoformat(), "text": "x"},
            format="json",
        ).status_code
        == 403
    )
    assert (
        bob.post(
            f"/api/responsibilities/{responsibility.pk}/end/", {"ends_on": TODAY.isoformat()}, format="json"
        ).status_code
        == 403
    )
    assert (
        bob.post(
            "/api/meetings/", {"unit": world.district_a.pk, "kind": "plenum", "date": TODAY.isoformat()}, format="json"
        ).status_code
        == 403
    )
    assert AuditEntry.objects.count() == before
    assert Meeting.objects.get(pk=meeting.pk).cancelled_at is None
    assert Submission.objects.get(pk=submission.pk).withdrawn_at is None


def test_submission_lifecycle_over_the_api(world, bodies, api_for):
    alice = api_for(world.alice)
    created = alice.post(
        "/api/submissions/",
        {
            "from_unit": world.ubnd_a.pk,
            "to_unit": bodies["btv"].pk,
            "matter": "programme",
            "title": "Chương trình",
            "sent_on": TODAY.isoformat(),
            "opinion_due": (TODAY + D(days=10)).isoformat(),
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["state"] == "awaiting"
    pk = created.json()["id"]
    decided = alice.post(f"/api/submissions/{pk}/decision/", {"decided_on": TODAY.isoformat()}, format="json")
    assert decided.json()["state"] == "decided_without_opinion"
    listed = alice.get("/api/submissions/", {"state": "decided_without_opinion", "unit": world.district_a.pk})
    assert [s["id"] for s in listed.json()["results"]] == [pk]
    figures = alice.get("/api/meeting-figures/", {"unit": world.district_a.pk}).json()
    assert figures["submissions"] == 1 and figures["submissions_without_opinion"] == 1


def test_frequencies_schedule_and_responsibilities_over_the_api(world, make_meeting, api_for):
    alice = api_for(world.alice)
    setting = alice.post(
        "/api/meeting-frequencies/",
        {
            "unit": world.district_a.pk,
            "kind": "plenum",
            "frequency": "monthly",
            "effective_from": TODAY.replace(month=1, day=1).isoformat(),
        },
        format="json",
    )
    assert setting.status_code == 201
    make_meeting()
    rows = alice.get("/api/meeting-frequencies/schedule/", {"unit": world.district_a.pk}).json()
    assert rows[0]["expected"] == TODAY.month and rows[0]["held"] == 1
    made = alice.post(
        "/api/responsibilities/",
        {
            "committee": world.district_a.pk,
            "member": world.bob.pk,
            "unit": world.commune_a.pk,
            "starts_on": TODAY.isoformat(),
        },
        format="json",
    )
    assert made.status_code == 201
    services.meeting_create(actor=world.alice, unit=world.cell_a, kind="cell_monthly", date=TODAY)
    mine = api_for(world.bob).get("/api/responsibilities/organisations/").json()
    assert mine[0]["unit"] == world.commune_a.pk and mine[0]["last_meetings"][0]["kind"] == "cell_monthly"


def test_schema_describes_the_endpoints(world, api_for):
    schema = api_for(world.alice).get("/api/schema/").content.decode()
    for path in ("/api/meetings/{id}/conclusion/", "/api/submissions/{id}/opinion/", "/api/meeting-figures/"):
        assert path in schema
