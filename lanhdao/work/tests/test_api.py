import datetime

from django.utils import timezone

from conftest import make_user
from lanhdao.accounts.roles import Role
from lanhdao.work.models import Task

D = datetime.timedelta
TODAY = timezone.localdate()


def test_assign_report_propose_accept_over_the_api(world, api_for):
    head = make_user("dung", role=Role.SECRETARY, unit=world.commune_a)
    alice = api_for(world.alice)
    created = alice.post(
        "/api/tasks/",
        {
            "assigning_unit": world.district_a.pk,
            "lead_unit": world.commune_a.pk,
            "title": "Nhiệm vụ qua API",
            "start_date": TODAY.isoformat(),
            "deadline": (TODAY + D(days=20)).isoformat(),
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["responsible"] == head.pk and created.json()["status"] == "in_progress"
    lead = api_for(head)
    assert (
        lead.post(
            f"/api/tasks/{pk}/reports/", {"unit": world.commune_a.pk, "percent": 30, "text": "Đang làm"}, format="json"
        ).status_code
        == 201
    )
    assert lead.post(f"/api/tasks/{pk}/accept/", {}, format="json").status_code == 403
    assert lead.post(f"/api/tasks/{pk}/propose/", {"text": "Xong"}, format="json").json()["status"] == "awaiting"
    assert alice.post(f"/api/tasks/{pk}/accept/", {}, format="json").json()["status"] == "done_on_time"
    board = alice.get("/api/tasks/board/", {"unit": world.district_a.pk}).json()
    assert board["by_status"]["done_on_time"] == 1


def test_stale_version_gets_409(world, make_task, api_for):
    task = make_task()
    api = api_for(world.alice)
    assert (
        api.patch(f"/api/tasks/{task.pk}/", {"version": task.version, "title": "Một"}, format="json").status_code == 200
    )
    response = api.patch(f"/api/tasks/{task.pk}/", {"version": task.version, "title": "Hai"}, format="json")
    assert response.status_code == 409
    assert Task.objects.get(pk=task.pk).title == "Một"


def test_outsider_and_viewer_are_refused(world, make_task, api_for):
    task = make_task()
    charlie = api_for(world.charlie)
    assert charlie.get(f"/api/tasks/{task.pk}/").status_code == 404
    assert charlie.get("/api/tasks/").json()["count"] == 0
    assert charlie.post(f"/api/tasks/{task.pk}/cancel/", {"reason": "x"}, format="json").status_code == 404
    bob = api_for(world.bob)
    assert bob.get(f"/api/tasks/{task.pk}/").status_code == 200
    assert bob.post(f"/api/tasks/{task.pk}/cancel/", {"reason": "x"}, format="json").status_code == 403
    assert bob.patch(f"/api/tasks/{task.pk}/", {"version": 1, "title": "x"}, format="json").status_code == 403
    assert (
        charlie.post(
            "/api/tasks/",
            {
                "assigning_unit": world.district_a.pk,
                "lead_unit": world.commune_a.pk,
                "title": "x",
                "start_date": TODAY.isoformat(),
                "deadline": TODAY.isoformat(),
            },
            format="json",
        ).status_code
        == 404
    )
    assert Task.objects.get(pk=task.pk).cancelled_at is None and Task.objects.count() == 1
