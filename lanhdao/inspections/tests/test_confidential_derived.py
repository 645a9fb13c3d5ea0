"""Issue 13, finding 3: a secret inspection showed through what followed it. The discipline decision that followed it
gave the inspection's id (`/api/disciplines/<id>/`) and title (its history) to a Normal reader in scope; the task made
from its recommendation carried the inspection's title and date in its description, page and export. Now what follows
a confidential inspection carries its level (README "Confidentiality"), and a reader below it sees none of it."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lanhdao.accounts.models import User
from lanhdao.accounts.roles import Clearance
from lanhdao.audit.models import AuditEntry
from lanhdao.documents.tests.conftest import make_document
from lanhdao.inspections import demo, services
from lanhdao.inspections.models import Discipline, DisciplineForm, ProgrammeSpan, Recommendation
from lanhdao.inspections.services_disciplines import discipline_create
from lanhdao.inspections.services_programmes import programme_create
from lanhdao.org import demo as org_demo
from lanhdao.work.models import Task
from lanhdao.work.selectors import tasks_for
from lanhdao.work.services import task_create

from .conftest import TODAY

D = datetime.timedelta
SECRET_TITLE = "Kiểm tra dấu hiệu vi phạm của đồng chí Bí thư"
RECOMMENDATION = "Kiểm điểm trách nhiệm tập thể Ban Thường vụ"
CONCLUDED = TODAY - D(days=3)


@pytest.fixture
def secret(members_world, make_inspection):
    """A Secret inspection by district A of a member of cell CA1, concluded three days ago with one recommendation
    that became a task of commune A, and the warning decided after it."""
    world = members_world
    inspection = make_inspection(
        title=SECRET_TITLE,
        subject_unit=None,
        subject_member=world.member_a,
        confidentiality=Clearance.SECRET,
        starts_on=TODAY - D(days=20),
    )
    services.inspection_conclude(
        actor=world.alice,
        inspection=inspection,
        conclusion="Có vi phạm.",
        concluded_on=CONCLUDED,
        violation_found=True,
        recommendations=[{"text": RECOMMENDATION, "lead_unit": world.commune_a, "deadline": TODAY + D(days=30)}],
    )
    discipline = discipline_create(
        actor=world.alice,
        unit=world.district_a,
        subject_member=world.member_a,
        form=DisciplineForm.WARNING,
        decided_on=TODAY,
        reason="Vi phạm quy chế làm việc",
        decision="15-QĐ/HU",
        inspection=inspection,
    )
    world.inspection, world.discipline = inspection, discipline
    world.task = Recommendation.objects.get(inspection=inspection).task
    return world


def leaks(text: str, world) -> list[str]:
    """What of the secret inspection or its task `text` shows."""
    found = [s for s in (SECRET_TITLE, RECOMMENDATION) if s in text]
    return found + ([CONCLUDED.strftime("%d/%m/%Y")] if CONCLUDED.strftime("%d/%m/%Y") in text else [])


def export_text(response) -> str:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)


def test_what_follows_a_secret_inspection_carries_its_level_from_the_start(secret):
    assert secret.task.confidentiality == Clearance.SECRET
    assert Discipline.objects.get(pk=secret.discipline.pk).confidentiality == Clearance.SECRET
    rows = AuditEntry.objects.filter(object_id__in=[str(secret.task.pk), str(secret.discipline.pk)])
    rows = rows.filter(content_type__model__in=["task", "discipline"])
    assert rows.exists() and not rows.filter(confidentiality__lt=Clearance.SECRET).exists()


def test_a_normal_reader_in_scope_gets_nothing_of_the_discipline(secret, api_for, client_for):
    bob = secret.bob  # Viewer of district A, clearance Normal: he sees district A's other decisions
    normal = discipline_create(
        actor=secret.alice,
        unit=secret.district_a,
        subject_member=secret.member_a,
        form=DisciplineForm.REPRIMAND,
        decided_on=TODAY,
        reason="Chậm nộp đảng phí",
    )
    api = api_for(bob)
    assert api.get(f"/api/disciplines/{secret.discipline.pk}/").status_code == 404
    assert api.get(f"/api/disciplines/{secret.discipline.pk}/history/").status_code == 404
    listed = api.get("/api/disciplines/", {"member": secret.member_a.pk}).json()["results"]
    assert [d["id"] for d in listed] == [normal.pk]
    assert all(d["inspection"] is None and not d["inspection_hidden"] for d in listed)
    client = client_for(bob)
    assert client.get(reverse("inspections:discipline_detail", args=[secret.discipline.pk])).status_code == 404
    pages = [
        client.get(reverse("inspections:discipline_list"), {"unit": secret.district_a.pk}),
        client.get(reverse("inspections:member_panel", args=[secret.member_a.pk])),
        client.get(reverse("inspections:follow_up"), {"unit": secret.district_a.pk}),
        client.get(reverse("inspections:inspection_list"), {"unit": secret.district_a.pk}),
    ]
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        assert not leaks(text, secret), page.request["PATH_INFO"]
        assert reverse("inspections:discipline_detail", args=[secret.discipline.pk]) not in text
        assert reverse("inspections:inspection_detail", args=[secret.inspection.pk]) not in text
    follow_up = api.get("/api/inspection-follow-up/", {"unit": secret.district_a.pk}).json()
    assert not leaks(str(follow_up), secret) and follow_up["count"] == 0


def test_a_secret_reader_still_sees_the_discipline_and_its_inspection(secret, api_for, client_for):
    api = api_for(secret.alice)
    answer = api.get(f"/api/disciplines/{secret.discipline.pk}/").json()
    assert answer["inspection"] == secret.inspection.pk and answer["confidentiality"] == Clearance.SECRET
    page = client_for(secret.alice).get(reverse("inspections:discipline_detail", args=[secret.discipline.pk]))
    assert SECRET_TITLE in page.content.decode()
    panel = client_for(secret.alice).get(reverse("inspections:member_panel", args=[secret.member_a.pk]))
    assert SECRET_TITLE in panel.content.decode()
    assert reverse("inspections:discipline_detail", args=[secret.discipline.pk]) in panel.content.decode()


def test_the_task_of_a_secret_recommendation_is_hidden_from_a_normal_reader(secret, api_for, client_for):
    client, api = client_for(secret.bob), api_for(secret.bob)
    assert SECRET_TITLE in secret.task.description  # what the task carries: the reason it must be hidden
    assert client.get(reverse("work:task_detail", args=[secret.task.pk])).status_code == 404
    assert api.get(f"/api/tasks/{secret.task.pk}/").status_code == 404
    assert secret.task.pk not in [t["id"] for t in api.get("/api/tasks/").json()["results"]]
    for name in ("work:task_list", "work:board", "work:calendar"):
        page = client.get(reverse(name), {"unit": secret.district_a.pk})
        assert page.status_code == 200 and not leaks(page.content.decode(), secret), name
    export = client.get(reverse("work:task_export"), {"unit": secret.district_a.pk})
    assert export.status_code == 200 and not leaks(export_text(export), secret)
    # alice, cleared Secret, still follows it everywhere
    alice = client_for(secret.alice)
    assert SECRET_TITLE in alice.get(reverse("work:task_detail", args=[secret.task.pk])).content.decode()
    assert RECOMMENDATION in export_text(alice.get(reverse("work:task_export"), {"unit": secret.district_a.pk}))


def test_a_task_made_later_from_a_secret_recommendation_carries_its_level(members_world, make_concluded):
    world = members_world
    inspection = make_concluded(
        recommendations=[{"text": RECOMMENDATION}], confidentiality=Clearance.TOP_SECRET, actor=world.root
    )
    recommendation = Recommendation.objects.get(inspection=inspection)
    services.recommendation_to_task(
        actor=world.root, recommendation=recommendation, lead_unit=world.commune_a, deadline=TODAY + D(days=9)
    )
    recommendation.refresh_from_db()
    assert recommendation.task.confidentiality == Clearance.TOP_SECRET


def test_raising_an_inspection_raises_what_followed_it_and_lowering_goes_back_no_lower_than_its_sources(
    members_world, make_inspection, api_for
):
    world = members_world
    inspection = make_inspection(subject_unit=None, subject_member=world.member_a, title=SECRET_TITLE)
    services.inspection_conclude(
        actor=world.alice,
        inspection=inspection,
        conclusion="Có vi phạm.",
        concluded_on=CONCLUDED,
        recommendations=[{"text": RECOMMENDATION, "lead_unit": world.commune_a, "deadline": TODAY + D(days=30)}],
    )
    discipline = discipline_create(
        actor=world.alice,
        unit=world.district_a,
        subject_member=world.member_a,
        form=DisciplineForm.WARNING,
        decided_on=TODAY,
        reason="Vi phạm",
        inspection=inspection,
    )
    task = Recommendation.objects.get(inspection=inspection).task
    sub = task_create(
        actor=world.alice,
        assigning_unit=world.commune_a,
        lead_unit=world.cell_a,
        title="Việc con",
        start_date=TODAY,
        deadline=TODAY + D(days=5),
        parent=task,
    )
    assert (task.confidentiality, discipline.confidentiality, sub.confidentiality) == (0, 0, 0)

    services.inspection_update(actor=world.alice, inspection=inspection, data={"confidentiality": Clearance.SECRET})
    levels = {t.pk: t.confidentiality for t in Task.objects.filter(pk__in=[task.pk, sub.pk])}
    assert levels == {task.pk: Clearance.SECRET, sub.pk: Clearance.SECRET}
    assert Discipline.objects.get(pk=discipline.pk).confidentiality == Clearance.SECRET
    history = AuditEntry.objects.filter(content_type__model="discipline", object_id=str(discipline.pk))
    assert not history.filter(confidentiality__lt=Clearance.SECRET).exists(), "its earlier rows named the inspection"

    services.inspection_update(actor=world.alice, inspection=inspection, data={"confidentiality": Clearance.NORMAL})
    assert Task.objects.get(pk=task.pk).confidentiality == Clearance.NORMAL
    assert Discipline.objects.get(pk=discipline.pk).confidentiality == Clearance.NORMAL
    assert Task.objects.get(pk=sub.pk).confidentiality == Clearance.SECRET, "a sub-task is declassified on its own"
    # bob sees the decision again, but not the rows written while it was Secret (nor the row that lowered it: its
    # "before" holds what was Secret, so audit.services keeps that row at the level it lowered from)
    rows = {
        u.username: api_for(u).get(f"/api/disciplines/{discipline.pk}/history/").json()["count"]
        for u in (world.bob, world.alice)
    }
    assert rows["bob"] < rows["alice"]
    assert api_for(world.bob).get(f"/api/disciplines/{discipline.pk}/").status_code == 200


def test_lowering_an_inspection_never_lowers_a_task_below_its_document(members_world, make_inspection):

    world = members_world
    inspection = make_inspection(title=SECRET_TITLE, confidentiality=Clearance.SECRET)
    services.inspection_conclude(
        actor=world.alice,
        inspection=inspection,
        conclusion="Có vi phạm.",
        concluded_on=CONCLUDED,
        recommendations=[{"text": RECOMMENDATION, "lead_unit": world.commune_a, "deadline": TODAY + D(days=30)}],
    )
    task = Recommendation.objects.get(inspection=inspection).task
    document = make_document(world.district_a, symbol="07-NQ/HU", confidentiality=Clearance.SECRET)
    Task.objects.filter(pk=task.pk).update(document=document)  # linked later by the lead unit
    services.inspection_update(actor=world.alice, inspection=inspection, data={"confidentiality": Clearance.NORMAL})
    assert Task.objects.get(pk=task.pk).confidentiality == Clearance.SECRET


def test_a_decision_never_names_an_inspection_its_reader_may_not_open(secret, api_for):
    """Rows written before the rule (or changed by hand) may point a Normal decision at a Secret inspection: the API
    says only that it follows a hidden inspection."""
    Discipline.objects.filter(pk=secret.discipline.pk).update(confidentiality=Clearance.NORMAL)
    answer = api_for(secret.bob).get(f"/api/disciplines/{secret.discipline.pk}/").json()
    assert answer["inspection"] is None and answer["inspection_hidden"] is True
    assert not leaks(str(answer), secret)


def test_a_programme_lists_only_what_its_reader_may_open_and_says_how_many_more(secret, client_for):
    programme = programme_create(
        actor=secret.alice,
        unit=secret.district_a,
        span=ProgrammeSpan.TERM,
        title="Chương trình kiểm tra khóa",
        starts_on=TODAY - D(days=400),
        ends_on=TODAY + D(days=400),
    )
    services.inspection_update(actor=secret.alice, inspection=secret.inspection, data={"programme": programme})
    page = client_for(secret.bob).get(reverse("inspections:programme_detail", args=[programme.pk]))
    text = page.content.decode()
    assert not leaks(text, secret) and 'id="programme-not-listed"' in text
    own = client_for(secret.alice).get(reverse("inspections:programme_detail", args=[programme.pk])).content.decode()
    assert SECRET_TITLE in own and 'id="programme-not-listed"' not in own


def test_a_recommendations_task_raised_by_its_document_is_not_named_to_a_normal_reader(
    members_world, make_concluded, client_for, api_for
):

    world = members_world
    deadline = TODAY + D(days=41)
    inspection = make_concluded(
        recommendations=[{"text": RECOMMENDATION, "lead_unit": world.commune_a, "deadline": deadline}]
    )
    task = Recommendation.objects.get(inspection=inspection).task
    document = make_document(world.district_a, symbol="07-NQ/HU", confidentiality=Clearance.SECRET)
    Task.objects.filter(pk=task.pk).update(document=document, confidentiality=Clearance.SECRET)
    client = client_for(world.bob)
    for page in (
        client.get(reverse("inspections:inspection_detail", args=[inspection.pk])),
        client.get(reverse("inspections:follow_up"), {"unit": world.district_a.pk}),
    ):
        text = page.content.decode()
        assert RECOMMENDATION in text, "the recommendation is the inspection's, which bob may open"
        assert reverse("work:task_detail", args=[task.pk]) not in text and deadline.strftime("%d/%m/%Y") not in text
    rows = api_for(world.bob).get("/api/inspection-follow-up/", {"unit": world.district_a.pk}).json()["results"]
    assert [(r["task"], r["deadline"], r["task_status"]) for r in rows] == [(None, None, None)]
    nested = api_for(world.bob).get(f"/api/inspections/{inspection.pk}/").json()["recommendations"]
    assert [(r["text"], r["task"], r["task_status"]) for r in nested] == [(RECOMMENDATION, None, None)]
    listed = api_for(world.bob).get(f"/api/inspections/{inspection.pk}/recommendations/").json()
    assert [r["task"] for r in listed] == [None]
    own = api_for(world.alice).get(f"/api/inspections/{inspection.pk}/").json()["recommendations"]
    assert [r["task"] for r in own] == [task.pk]
    mine = client_for(world.alice).get(reverse("inspections:follow_up"), {"unit": world.district_a.pk})
    assert reverse("work:task_detail", args=[task.pk]) in mine.content.decode()


def test_an_expulsion_after_a_secret_inspection_leaves_no_secret_on_the_members_record(members_world, make_inspection):
    world = members_world
    inspection = make_inspection(
        title=SECRET_TITLE, subject_unit=None, subject_member=world.member_a, confidentiality=Clearance.SECRET
    )
    services.inspection_conclude(
        actor=world.alice, inspection=inspection, conclusion="Có vi phạm.", concluded_on=CONCLUDED
    )
    discipline_create(
        actor=world.alice,
        unit=world.district_a,
        subject_member=world.member_a,
        form=DisciplineForm.EXPULSION,
        decided_on=TODAY,
        reason="Vi phạm nghiêm trọng",
        decision="99-QĐ/HU",
        inspection=inspection,
    )
    member_rows = AuditEntry.objects.filter(content_type__model="member", object_id=str(world.member_a.pk))
    assert member_rows.filter(after__end_reason="expelled").exists()
    assert not any("99-QĐ/HU" in (row.note + str(row.after)) for row in member_rows)


def test_on_the_demo_the_office_clerk_no_longer_reaches_the_secret_inspection_through_its_decision(db, api_for):
    """The demo's reprimand 45-QĐ/ThU follows the Secret inspection on signs of violation: the Normal office clerk
    of the city got its inspection id from /api/disciplines/<id>/; the Secret city secretary still does."""

    org_demo.load_demo()
    demo.load_demo()
    decision = Discipline.objects.get(decision="45-QĐ/ThU")
    task = Recommendation.objects.get(inspection=decision.inspection).task
    clerk, secretary = (User.objects.get(username=n) for n in ("vanphong.songcong", "bithu.songcong"))
    assert api_for(clerk).get(f"/api/disciplines/{decision.pk}/").status_code == 404
    assert not tasks_for(clerk).filter(pk=task.pk).exists()
    assert api_for(secretary).get(f"/api/disciplines/{decision.pk}/").json()["inspection"] == decision.inspection_id
    assert tasks_for(secretary).filter(pk=task.pk).exists()


def test_a_programme_never_names_a_secret_document_to_a_normal_reader(members_world, client_for, api_for):

    world = members_world
    document = make_document(
        world.district_a,
        symbol="04-CTr/HU",
        title="Chương trình kiểm tra mật",
        issuer_code="HU",
        confidentiality=Clearance.SECRET,
    )
    programme = programme_create(
        actor=world.alice,
        unit=world.district_a,
        span=ProgrammeSpan.TERM,
        title="Chương trình kiểm tra khóa",
        starts_on=TODAY - D(days=400),
        ends_on=TODAY + D(days=400),
        document=document,
    )
    text = client_for(world.bob).get(reverse("inspections:programme_detail", args=[programme.pk])).content.decode()
    assert "04-CTr/HU" not in text.split("<h2>")[0] and 'id="programme-document-hidden"' in text
    assert api_for(world.bob).get(f"/api/inspection-programmes/{programme.pk}/").json()["document"] is None
    assert api_for(world.alice).get(f"/api/inspection-programmes/{programme.pk}/").json()["document"] == document.pk
