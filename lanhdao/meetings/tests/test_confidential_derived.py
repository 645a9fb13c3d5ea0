"""Issue 13, finding 3, for meetings: the conclusions of a confidential meeting and their tasks, and the opinion on a
submission given at one, showed to readers below the meeting's level. Now they carry the meeting's level (README
"Confidentiality"): a Normal reader in scope sees at most that they exist; a Secret reader still sees them."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from lanhdao.accounts.roles import Clearance
from lanhdao.audit.models import AuditEntry
from lanhdao.documents.tests.conftest import make_document
from lanhdao.meetings import services, services_state
from lanhdao.meetings.models import ConclusionPoint, Meeting, MeetingKind, Outcome
from lanhdao.meetings.services import PointSpec
from lanhdao.work.models import Task
from lanhdao.work.services import task_create

from .conftest import TODAY

D = datetime.timedelta
MEETING_TITLE = "Hội nghị Ban Thường vụ về công tác cán bộ"
POINT = "Chuẩn bị phương án nhân sự Đảng ủy xã An Một"
OPINION = "Ban Thường vụ không đồng ý phương án điều chỉnh dự toán"
OPINION_POINT = "Rà soát lại dự toán chi thường xuyên"
HELD = TODAY - D(days=12)


def leaks(text: str) -> list[str]:
    """What of the confidential meeting, its conclusion, opinion or tasks `text` shows."""
    secrets = [MEETING_TITLE, POINT, OPINION, OPINION_POINT, HELD.strftime("%d/%m/%Y")]
    return [s for s in secrets if s in text]


def export_text(response) -> str:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)


@pytest.fixture
def secret(world, bodies, make_meeting, make_submission):
    """A Secret meeting of district A's Standing Board held twelve days ago: its conclusion gave a task to commune A,
    and the Board's opinion on the People's Committee's budget submission, given at it, gave one to the People's
    Committee. The submission was on its agenda."""
    meeting = make_meeting(
        unit=bodies["btv"],
        kind=MeetingKind.STANDING_BOARD,
        title=MEETING_TITLE,
        date=HELD,
        confidentiality=Clearance.SECRET,
    )
    submission = make_submission()
    services.agenda_add(actor=world.alice, meeting=meeting, text="", submission=submission)
    services.conclusion_record(
        actor=world.alice,
        meeting=meeting,
        text="Kết luận về nhân sự.",
        points=[PointSpec(title=POINT, lead_unit=world.commune_a, deadline=TODAY + D(days=20))],
    )
    services_state.opinion_give(
        actor=world.alice,
        submission=submission,
        text=OPINION,
        outcome=Outcome.NOT_AGREED,
        given_on=TODAY,
        meeting=meeting,
        points=[PointSpec(title=OPINION_POINT, lead_unit=world.ubnd_a, deadline=TODAY + D(days=20))],
    )
    world.meeting, world.submission = meeting, submission
    world.point_task = ConclusionPoint.objects.get(meeting=meeting).task
    world.opinion_task = ConclusionPoint.objects.get(submission=submission).task
    return world


def test_the_tasks_of_a_confidential_meeting_carry_its_level_from_the_start(secret):
    assert secret.point_task.confidentiality == Clearance.SECRET
    assert secret.opinion_task.confidentiality == Clearance.SECRET
    rows = AuditEntry.objects.filter(
        content_type__model="task", object_id__in=[str(secret.point_task.pk), str(secret.opinion_task.pk)]
    )
    assert rows.exists() and not rows.filter(confidentiality__lt=Clearance.SECRET).exists()
    opinion_rows = AuditEntry.objects.filter(content_type__model="submission", object_id=str(secret.submission.pk))
    assert opinion_rows.filter(after__opinion_text=OPINION).exists()
    assert not opinion_rows.filter(after__opinion_text=OPINION, confidentiality__lt=Clearance.SECRET).exists()
    assert opinion_rows.filter(action="create", confidentiality=Clearance.NORMAL).exists(), "the submission's own"


def test_a_normal_reader_in_scope_sees_none_of_the_meetings_tasks(secret, api_for, client_for):
    client, api = client_for(secret.bob), api_for(secret.bob)  # Viewer of district A, clearance Normal
    for task in (secret.point_task, secret.opinion_task):
        assert client.get(reverse("work:task_detail", args=[task.pk])).status_code == 404
        assert api.get(f"/api/tasks/{task.pk}/").status_code == 404
    assert api.get("/api/tasks/").json()["count"] == 0
    for name in ("work:task_list", "work:board", "work:calendar"):
        page = client.get(reverse(name), {"unit": secret.district_a.pk})
        assert page.status_code == 200 and not leaks(page.content.decode()), name
    assert not leaks(export_text(client.get(reverse("work:task_export"), {"unit": secret.district_a.pk})))
    assert client.get(reverse("meetings:meeting_detail", args=[secret.meeting.pk])).status_code == 404
    assert api.get(f"/api/meetings/{secret.meeting.pk}/").status_code == 404
    for name in ("meetings:meeting_list", "meetings:schedule", "meetings:submission_list"):
        page = client.get(reverse(name), {"unit": secret.district_a.pk})
        assert page.status_code == 200 and not leaks(page.content.decode()), name


def test_a_submission_keeps_its_visibility_but_not_the_confidential_opinion(secret, api_for, client_for):
    page = client_for(secret.bob).get(reverse("meetings:submission_detail", args=[secret.submission.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and secret.submission.title in text
    assert not leaks(text), "neither the meeting (title, date, link), the opinion nor its task"
    assert 'id="opinion-hidden"' in text
    assert reverse("meetings:meeting_detail", args=[secret.meeting.pk]) not in text
    assert reverse("work:task_detail", args=[secret.opinion_task.pk]) not in text
    answer = api_for(secret.bob).get(f"/api/submissions/{secret.submission.pk}/").json()
    assert answer["opinion_hidden"] is True and answer["state"]
    assert answer["opinion_meeting"] is None and answer["tasks"] == [] and answer["opinion_on"] is None
    assert answer["opinion_text"] == "" and answer["outcome"] == "" and not leaks(str(answer))
    listed = api_for(secret.bob).get("/api/submissions/").json()["results"]
    assert [s["id"] for s in listed] == [secret.submission.pk] and not leaks(str(listed))


def test_a_secret_reader_still_sees_the_opinion_its_meeting_and_its_tasks(secret, api_for, client_for):
    text = client_for(secret.alice).get(reverse("meetings:submission_detail", args=[secret.submission.pk]))
    text = text.content.decode()
    assert OPINION in text and MEETING_TITLE in text and OPINION_POINT in text
    answer = api_for(secret.alice).get(f"/api/submissions/{secret.submission.pk}/").json()
    assert answer["opinion_meeting"] == secret.meeting.pk and answer["tasks"] == [secret.opinion_task.pk]
    assert answer["opinion_text"] == OPINION and answer["opinion_hidden"] is False
    meeting = api_for(secret.alice).get(f"/api/meetings/{secret.meeting.pk}/").json()
    assert meeting["tasks"] == [secret.point_task.pk]
    page = client_for(secret.alice).get(reverse("meetings:meeting_detail", args=[secret.meeting.pk]))
    assert POINT in page.content.decode() and secret.submission.title in page.content.decode()
    assert POINT in client_for(secret.alice).get(reverse("work:task_list")).content.decode()


def test_raising_a_meeting_raises_its_tasks_and_the_opinion_and_lowering_brings_them_back(
    world, bodies, make_meeting, make_submission
):
    meeting = make_meeting(unit=bodies["btv"], kind=MeetingKind.STANDING_BOARD, title=MEETING_TITLE, date=HELD)
    submission = make_submission()
    services.conclusion_record(
        actor=world.alice,
        meeting=meeting,
        text="Kết luận.",
        points=[PointSpec(title=POINT, lead_unit=world.commune_a, deadline=TODAY + D(days=20))],
    )
    services_state.opinion_give(
        actor=world.alice,
        submission=submission,
        text=OPINION,
        outcome=Outcome.AGREED,
        given_on=TODAY,
        meeting=meeting,
        points=[PointSpec(title=OPINION_POINT, lead_unit=world.ubnd_a, deadline=TODAY + D(days=9))],
    )
    tasks = [p.task_id for p in ConclusionPoint.objects.all()]
    assert set(Task.objects.filter(pk__in=tasks).values_list("confidentiality", flat=True)) == {Clearance.NORMAL}
    assert opinion_as_bob(world, submission)["opinion_text"] == OPINION

    services.meeting_update(actor=world.alice, meeting=meeting, data={"confidentiality": Clearance.SECRET})
    assert set(Task.objects.filter(pk__in=tasks).values_list("confidentiality", flat=True)) == {Clearance.SECRET}
    rows = AuditEntry.objects.filter(content_type__model="submission", after__opinion_text=OPINION)
    assert rows.exists() and not rows.filter(confidentiality__lt=Clearance.SECRET).exists()
    assert opinion_as_bob(world, submission)["opinion_hidden"] is True

    services.meeting_update(actor=world.alice, meeting=meeting, data={"confidentiality": Clearance.NORMAL})
    assert set(Task.objects.filter(pk__in=tasks).values_list("confidentiality", flat=True)) == {Clearance.NORMAL}
    assert opinion_as_bob(world, submission)["opinion_text"] == OPINION


def opinion_as_bob(world, submission) -> dict:
    """The submission as bob (Normal, district A) gets it from the API."""
    api = APIClient()
    api.force_authenticate(world.bob)
    return api.get(f"/api/submissions/{submission.pk}/").json()


def test_a_normal_meeting_never_names_a_document_or_task_above_its_reader(world, bodies, make_meeting, client_for):
    """The meeting is Normal but its notice is Secret: its reader sees that a notice and a task exist, no more."""
    notice = make_document(
        world.district_a,
        symbol="09-TB/HU",
        title="Thông báo kết luận mật",
        issuer_code="HU",
        confidentiality=Clearance.SECRET,
    )
    meeting = make_meeting(title="Hội nghị thường kỳ")
    services.conclusion_record(
        actor=world.alice,
        meeting=meeting,
        text="",
        document=notice,
        points=[PointSpec(title=POINT, lead_unit=world.commune_a, deadline=TODAY + D(days=20))],
    )
    page = client_for(world.bob).get(reverse("meetings:meeting_detail", args=[meeting.pk]))
    # The conclusion and its tasks; the history masks what its rows name at display time (the audit app's part).
    text = page.content.decode().split('id="conclusion"')[1].split("<h2>")[0]
    assert page.status_code == 200 and "Hội nghị thường kỳ" in page.content.decode()
    assert "09-TB/HU" not in text and POINT not in text
    assert 'id="conclusion-document-hidden"' in text and 'id="points-hidden"' in text
    own = client_for(world.alice).get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "09-TB/HU" in own and POINT in own and 'id="points-hidden"' not in own


def test_the_migration_gives_existing_opinion_tasks_and_their_sub_tasks_the_meetings_level(
    world, bodies, make_meeting, make_submission
):
    migration = importlib.import_module("lanhdao.meetings.migrations.0004_opinion_tasks_confidentiality")
    meeting = make_meeting(unit=bodies["btv"], kind=MeetingKind.STANDING_BOARD, title=MEETING_TITLE, date=HELD)
    submission = make_submission()
    services_state.opinion_give(
        actor=world.alice,
        submission=submission,
        text=OPINION,
        outcome=Outcome.AGREED,
        given_on=TODAY,
        meeting=meeting,
        points=[PointSpec(title=OPINION_POINT, lead_unit=world.ubnd_a, deadline=TODAY + D(days=9))],
    )
    task = ConclusionPoint.objects.get(submission=submission).task
    sub = task_create(
        actor=world.alice,
        assigning_unit=world.ubnd_a,
        lead_unit=world.dept_a,
        title="Việc con",
        start_date=TODAY,
        deadline=TODAY + D(days=5),
        parent=task,
    )
    other = task_create(
        actor=world.alice,
        assigning_unit=world.district_a,
        lead_unit=world.commune_a,
        title="Việc khác",
        start_date=TODAY,
        deadline=TODAY + D(days=5),
    )
    Meeting.objects.filter(pk=meeting.pk).update(confidentiality=Clearance.TOP_SECRET)  # recorded before the rule

    migration.derive(apps, None)
    levels = dict(Task.objects.values_list("pk", "confidentiality"))
    assert levels == {task.pk: Clearance.TOP_SECRET, sub.pk: Clearance.TOP_SECRET, other.pk: Clearance.NORMAL}
