"""Issue 16, item 3: an operation dated after today is scheduled, not applied. The units keep their names and codes
until its date; it is shown pending and cancellable meanwhile; the background job applies it on its date."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from conftest import add_unit, make_user, shown
from lanhdao.accounts.roles import Role
from lanhdao.audit.models import AuditEntry
from lanhdao.org.models import Unit
from lanhdao.restructuring import services
from lanhdao.restructuring.models import Lineage, Operation, Status
from lanhdao.work.models import Task

from .test_engine import BASIS, board  # noqa: F401  (the fixture)

SUBMITTED = datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC)  # the day the merge was applied
NEW_YEAR = datetime.date(2027, 1, 1)
EVE = datetime.date(2026, 12, 31)


def merge_communes(world, **extra):
    """The issue's case: two communes merged into a new one on 1 January 2027, submitted on 7 December 2026."""
    return {
        "effective_on": NEW_YEAR.isoformat(),
        "legal_basis_text": BASIS,
        "others": "XB1",
        "survivor": "",
        "new_code": "XAB",
        "new_name": "Đảng ủy xã An Bình",
        "new_kind": "commune_committee",
        "parent": "HA",
        "confirm": "1",
        **extra,
    }


def units():
    return list(Unit.objects.order_by("pk").values_list("pk", "code", "name", "path", "archived_at", "valid_to"))


@pytest.fixture
def scheduled(board, client_for):  # noqa: F811
    """The merge submitted on the page on 7 December 2026; returns (operation, the tree as it was, the response)."""
    before = units()
    with time_machine.travel(SUBMITTED, tick=False):
        response = client_for(board.board).post(
            reverse("restructuring:operate", args=[board.commune_a.pk, "merge"]), merge_communes(board)
        )
    return Operation.objects.get(), before, response


def test_a_merge_dated_next_year_changes_nothing_today(board, scheduled):  # noqa: F811
    operation, before, response = scheduled
    assert response.status_code == 302 and response.url == reverse(
        "restructuring:operation_detail", args=[operation.pk]
    )
    assert operation.status == Status.SCHEDULED and operation.effective_on == NEW_YEAR
    assert units() == before  # Tân Quang is not `…~20261231` the same day: no unit closed, renamed or created
    assert not Lineage.objects.exists()
    assert Unit.objects.get(pk=board.commune_b.pk).code == "XB1"
    assert sorted(u.pk for u in operation.units.all()) == sorted([board.commune_a.pk, board.commune_b.pk])
    assert operation.summary["units_closed"] == 3  # the preview as counted when it was scheduled
    entry = AuditEntry.objects.get(object_id=str(operation.pk), content_type__model="operation")
    assert entry.actor == board.board and entry.after["status"] == Status.SCHEDULED


def test_a_scheduled_operation_is_shown_pending_on_its_page_the_list_and_the_units(board, scheduled, client_for):  # noqa: F811
    operation, _before, _response = scheduled
    client = client_for(board.board)
    with time_machine.travel(SUBMITTED, tick=False):
        detail = client.get(reverse("restructuring:operation_detail", args=[operation.pk]))
        listing = client.get(reverse("restructuring:operation_list"))
        panel = client.get(reverse("restructuring:unit_panel", args=[board.commune_b.pk]))
        start = client.get(reverse("restructuring:start", args=[board.commune_a.pk]))
    html = detail.content.decode()
    assert shown(detail, "Scheduled: takes effect on %(day)s.", day="01/01/2027") in html
    assert shown(detail, "Cancel this operation") in html
    assert operation in listing.context["page"].object_list
    assert shown(listing, "Scheduled") in listing.content.decode()
    for page in (panel, start):
        assert list(page.context["pending"]) == [operation]
        assert shown(page, "takes effect on %(day)s", day="01/01/2027") in page.content.decode()
    # bob (a viewer of district A) sees it pending but is offered no cancel
    bob = client_for(board.bob).get(reverse("restructuring:operation_detail", args=[operation.pk]))
    assert bob.status_code == 200 and shown(bob, "Cancel this operation") not in bob.content.decode()


def test_the_units_can_still_be_found_and_given_work_until_the_date(board, scheduled):  # noqa: F811
    from lanhdao.accounts.roles import Perm
    from lanhdao.accounts.selectors import units_for

    assert units_for(board.charlie, Perm.RECORD).filter(code="XB1").exists()
    assert not Unit.objects.filter(code="XAB").exists()


def test_the_job_applies_it_on_its_date_and_not_before(board, scheduled):  # noqa: F811
    operation, before, _response = scheduled
    task = Task.objects.create(
        assigning_unit=board.district_b,
        lead_unit=board.commune_b,
        lead_path=board.commune_b.path,
        title="Chuẩn bị đại hội",
        start_date=datetime.date(2026, 12, 1),
        deadline=datetime.date(2027, 3, 31),
    )
    assert services.apply_due(today=EVE) == {"applied": 0, "failed": 0}
    assert units() == before
    call_command("apply_due_restructurings", today=NEW_YEAR)
    operation.refresh_from_db()
    assert operation.status == Status.APPLIED and operation.applied_at is not None
    new = Unit.objects.get(code="XAB")
    assert new.valid_from == NEW_YEAR and new.name == "Đảng ủy xã An Bình"
    old = Unit.objects.get(pk=board.commune_b.pk)
    assert old.code == "XB1~20261231" and old.valid_to == EVE
    assert Lineage.objects.filter(operation=operation, predecessor=board.commune_b, successor=new).exists()
    task.refresh_from_db()
    assert task.lead_unit_id == new.pk
    assert AuditEntry.objects.filter(object_id=str(old.pk), action="archive", actor=board.board).exists()
    applied = AuditEntry.objects.filter(content_type__model="operation", object_id=str(operation.pk)).latest("pk")
    assert applied.before["status"] == Status.SCHEDULED and applied.after["status"] == Status.APPLIED
    assert services.apply_due(today=NEW_YEAR) == {"applied": 0, "failed": 0}  # once only


def test_the_daily_remind_job_applies_what_is_due(board, scheduled):  # noqa: F811
    call_command("remind", today=NEW_YEAR)
    assert Operation.objects.get().status == Status.APPLIED


def test_cancel_before_the_date_leaves_the_tree_as_it_was(board, scheduled, client_for):  # noqa: F811
    operation, _before, _response = scheduled
    url = reverse("restructuring:operation_cancel", args=[operation.pk])
    outsider = make_user("dung", role=Role.SECRETARY, unit=add_unit(None, "TX", "Tỉnh ủy Khác", "province_committee"))
    before, audits = units(), AuditEntry.objects.count()
    assert client_for(board.alice).post(url).status_code == 403
    assert client_for(board.charlie).post(url).status_code == 403  # sees it (district B), may not cancel
    assert client_for(outsider).post(url).status_code == 404
    assert AuditEntry.objects.count() == audits and Operation.objects.get().status == Status.SCHEDULED
    with time_machine.travel(SUBMITTED, tick=False):
        response = client_for(board.board).post(url)
    assert response.status_code == 302
    operation.refresh_from_db()
    assert operation.status == Status.CANCELLED and operation.cancelled_by == board.board
    assert AuditEntry.objects.count() == audits + 1
    assert services.apply_due(today=NEW_YEAR) == {"applied": 0, "failed": 0}
    assert units() == before


def test_it_cannot_be_cancelled_on_its_date(board, scheduled):  # noqa: F811
    operation, _before, _response = scheduled
    with pytest.raises(services.ValidationError):
        services.cancel(actor=board.board, operation=operation, today=NEW_YEAR)
    assert Operation.objects.get().status == Status.SCHEDULED


def test_another_operation_on_a_pending_unit_is_refused_at_preview_and_apply(board, scheduled, client_for):  # noqa: F811
    _operation, before, _response = scheduled
    client = client_for(board.board)
    url = reverse("restructuring:operate", args=[board.commune_b.pk, "rename"])
    rename = {"effective_on": "2026-12-07", "name": "Đảng ủy xã Bình Hòa", "legal_basis_text": BASIS}
    message = "%(units)s will be restructured on %(day)s by an operation already scheduled; cancel it first."
    for action in ("preview", "confirm"):
        with time_machine.travel(SUBMITTED, tick=False):
            response = client.post(url, {**rename, action: "1"})
        assert response.status_code == 200
        expected = shown(response, message, units="Đảng ủy xã Bình Một", day="01/01/2027")
        assert expected in response.content.decode()
    assert units() == before and Operation.objects.count() == 1


def test_what_can_no_longer_be_applied_on_its_date_is_marked_failed_and_changes_nothing(board, scheduled):  # noqa: F811
    operation, _before, _response = scheduled
    Unit.objects.filter(pk=board.dept_a.pk).update(code="XAB")  # the new code taken meanwhile
    before = units()
    assert services.apply_due(today=NEW_YEAR) == {"applied": 0, "failed": 1}
    operation.refresh_from_db()
    assert operation.status == Status.FAILED and "XAB" in operation.failure
    assert units() == before


def test_scheduling_queues_the_job_for_the_first_moment_of_the_date(board, django_capture_on_commit_callbacks):  # noqa: F811
    from django.tasks import default_task_backend

    from lanhdao.restructuring import forms

    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        data = {"kind": "rename", "unit": board.commune_a.pk, "effective_on": NEW_YEAR, "name": "Đảng ủy xã An Hòa"}
        plan = forms.build_plan(board.board, data)
        with django_capture_on_commit_callbacks(execute=True):
            services.apply(actor=board.board, plan=plan, legal_basis_text=BASIS, today=EVE)
        queued = default_task_backend.results
        assert [r.task.name for r in queued] == ["apply_due_restructurings_task"]
        assert queued[0].task.run_after.date() == NEW_YEAR
    assert Unit.objects.get(pk=board.commune_a.pk).name == "Đảng ủy xã An Một"


def test_the_api_schedules_too(board, api_for):  # noqa: F811
    data = {
        "kind": "rename",
        "unit": board.commune_a.pk,
        "effective_on": "2027-01-01",
        "name": "Đảng ủy xã An Hòa",
        "legal_basis_text": BASIS,
    }
    with time_machine.travel(SUBMITTED, tick=False):
        response = api_for(board.board).post("/api/restructuring/apply/", data, format="json")
    assert response.status_code == 201 and response.json()["status"] == "scheduled"
    assert Unit.objects.get(pk=board.commune_a.pk).name == "Đảng ủy xã An Một"
