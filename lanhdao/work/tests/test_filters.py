"""One filter for the list of tasks: the page reads it from its form, the API from its query string, and the same
selector (selectors.filter_tasks) applies it, so that the two list the same tasks."""

import datetime

import pytest
from django.urls import reverse

from lanhdao.work import selectors
from lanhdao.work.models import Priority
from lanhdao.work.selectors import TaskFilter

from .conftest import TODAY


@pytest.fixture
def tasks(world, make_task):
    return {
        "commune": make_task(title="Rà soát đảng viên", deadline=TODAY + datetime.timedelta(days=5)),
        "district": make_task(lead_unit=world.district_a, title="Tổng kết nghị quyết", priority=Priority.HIGH),
        "cancelled": make_task(title="Việc đã hủy"),
    }


def test_the_page_and_the_api_list_the_same_tasks_for_one_filter(world, tasks, client_for, api_for):
    from lanhdao.work import services

    services.cancel(actor=world.alice, task=tasks["cancelled"], reason="Không cần nữa")
    query = {"unit": world.district_a.pk, "status": "open", "lead": world.commune_a.pk}
    page = client_for(world.alice).get(reverse("work:task_list"), query)
    api = api_for(world.alice).get("/api/tasks/", query)
    listed = [task.pk for task in page.context["page"].object_list]
    assert listed == [row["id"] for row in api.json()["results"]] == [tasks["commune"].pk]


def test_filter_tasks_narrows_by_each_field_and_an_empty_filter_by_none(world, tasks):
    every = selectors.tasks_for(world.alice)
    ids = lambda wanted: set(selectors.filter_tasks(every, wanted, TODAY).values_list("pk", flat=True))  # noqa: E731
    assert ids(TaskFilter()) == {t.pk for t in tasks.values()}
    assert ids(TaskFilter(unit=world.commune_a)) == {tasks["commune"].pk, tasks["cancelled"].pk}
    assert ids(TaskFilter(lead_code="HA")) == ids(TaskFilter(lead=world.district_a.pk)) == {tasks["district"].pk}
    assert ids(TaskFilter(priority=Priority.HIGH)) == {tasks["district"].pk}
    assert ids(TaskFilter(words="ra soat dang vien")) == {tasks["commune"].pk}
    soon = TODAY + datetime.timedelta(days=6)
    assert ids(TaskFilter(deadline_to=soon)) == {tasks["commune"].pk}
    assert tasks["commune"].pk not in ids(TaskFilter(deadline_from=soon))


def test_the_page_reads_a_lead_unit_by_code_or_by_id(world):
    from lanhdao.work.forms import FilterForm

    assert FilterForm({"lead": " HA "}).task_filter(world.province) == TaskFilter(unit=world.province, lead_code="HA")
    by_id = FilterForm({"lead": str(world.district_a.pk)}).task_filter(None)
    assert by_id == TaskFilter(lead=world.district_a.pk)
    # An invalid field leaves the whole form unfiltered, as the list always did.
    assert FilterForm({"status": "nonsense", "lead": "HA"}).task_filter(None) == TaskFilter()
