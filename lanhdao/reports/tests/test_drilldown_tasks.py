"""The drill-down from a task figure lists tasks as tasks: each with its lead unit, deadline and status, and a link."""

import datetime

from django.urls import reverse
from django.utils import timezone

from lanhdao.work import services
from lanhdao.work.status import Status

D = datetime.timedelta


def _eight_alike(world):
    """Issue 15: a conclusion gave one task, one title, to eight units: the drill-down showed eight bare titles."""
    today = timezone.localdate()
    leads = [world.commune_a, world.cell_a, world.dept_a, world.ubnd_a] * 2
    tasks = []
    for i, lead in enumerate(leads):
        tasks.append(
            services.task_create(
                actor=world.alice,
                assigning_unit=world.district_a,
                lead_unit=lead,
                title="Triển khai Kết luận số 45-KL/HU",
                start_date=today - D(days=30),
                deadline=today + D(days=i * 10 - 15),
            )
        )
    return today, tasks


def test_a_task_figure_lists_each_task_with_its_lead_unit_deadline_and_status(
    world, client_for, django_assert_max_num_queries
):
    today, tasks = _eight_alike(world)
    period = {"start": (today - D(days=40)).isoformat(), "end": today.isoformat()}
    client = client_for(world.alice)
    query = {"unit": world.district_a.pk, "indicator": "tasks_assigned", **period}
    with django_assert_max_num_queries(25):
        response = client.get(reverse("reports:drilldown"), query)
    assert response.context["figure"] == 8
    html = response.content.decode()
    table = html[html.index('id="drilldown-tasks"') :]
    rows = table[: table.index("</table>")].split("<tr>")[2:]
    assert len(rows) == 8
    # By deadline, each row its link, its lead unit, its deadline and its status today.
    for row, task in zip(rows, sorted(tasks, key=lambda t: t.deadline), strict=True):
        assert reverse("work:task_detail", args=[task.pk]) in row
        assert task.lead_unit.name in row
        assert task.deadline.strftime("%d/%m/%Y") in row
        status = (
            Status.OVERDUE
            if task.deadline < today
            else Status.DUE_SOON
            if task.deadline <= today + D(days=7)
            else Status.IN_PROGRESS
        )
        assert f"status-{status.value}" in row


def test_a_task_figure_pages_its_tasks(world, client_for, monkeypatch):
    from lanhdao.core.paging import paginate
    from lanhdao.reports import views_indicators

    monkeypatch.setattr(views_indicators, "paginate", lambda request, qs: paginate(request, qs, per_page=3))
    today, tasks = _eight_alike(world)
    query = {"unit": world.district_a.pk, "indicator": "tasks_assigned", "start": (today - D(days=40)).isoformat()}
    client = client_for(world.alice)
    last = client.get(reverse("reports:drilldown"), {**query, "end": today.isoformat(), "page": 3})
    assert last.context["page"].paginator.num_pages == 3
    assert [t.pk for t in last.context["page"]] == [t.pk for t in sorted(tasks, key=lambda t: t.deadline)][6:]
    assert "page=2" in last.content.decode()


def test_an_outsider_gets_no_task_list(world, client_for):
    today, _tasks = _eight_alike(world)
    query = {"unit": world.district_a.pk, "indicator": "tasks_assigned", "start": today.isoformat()}
    assert client_for(world.charlie).get(reverse("reports:drilldown"), query).status_code == 404
