"""Histories read as people write (issue 15, item 5): each field by its label (the right one: a transfer's sending
cell was labelled "từ ngày" and its kind "loại đơn vị", a petition's receiving unit "người tiếp công dân"), records
by name (also through a many-to-many: a task's coordinating units were "[759]"), choices by label, lists of texts as
lines (a plan's commitments were "['1. …']"), dates as dd/mm/yyyy, moments as dd/mm/yyyy HH:MM in the product's
time zone, yes/no as Có/Không; the API's history says the same in `changes`, next to the raw values."""

import datetime
from collections import defaultdict

import pytest
import time_machine
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.functional import Promise

from lanhdao.accounts import services as accounts
from lanhdao.accounts.roles import Clearance
from lanhdao.audit.models import Action, AuditEntry
from lanhdao.audit.selectors import history_for, readings
from lanhdao.audit.services import record
from lanhdao.documents import services as documents
from lanhdao.members import services_transfers
from lanhdao.people import services_petitions, services_plans
from lanhdao.work import services as work

MOMENT = datetime.datetime(2026, 12, 20, 3, 5, tzinfo=datetime.UTC)  # 10:05 in Hà Nội


def changes_of(obj, reader) -> dict[str, tuple]:
    """{label: (before, after)} over every row of `obj`'s history, as `reader` reads it."""
    found = {}
    for reading in readings(history_for(obj), reader):
        for change in reading.changes or []:
            found.setdefault(change.label, (change.before, change.after))
    return found


@pytest.fixture
def task(world):
    return work.task_create(
        actor=world.alice,
        assigning_unit=world.district_a,
        lead_unit=world.commune_a,
        title="Rà soát quy chế làm việc",
        start_date=datetime.date(2026, 12, 1),
        deadline=datetime.date(2026, 12, 20),
        coordinating_units=[world.ubnd_a, world.dept_a],
    )


def test_a_task_s_history_names_its_units_and_shows_dates_and_choices_as_people_read_them(world, task):
    found = changes_of(task, world.alice)
    assert found["đơn vị phối hợp"] == (None, "Ủy ban nhân dân huyện An, Phòng Nội vụ huyện An")
    assert found["đơn vị chủ trì"] == (None, "Đảng ủy xã An Một")
    assert found["thời hạn"] == (None, "20/12/2026")
    assert found["mức độ ưu tiên"] == (None, "Bình thường")
    assert found["độ mật"] == (None, "Thường")


def test_a_changed_list_of_units_reads_as_names_on_the_task_page(world, task, client_for):
    task = work.task_update(
        actor=world.alice, task=task, data={"coordinating_units": [world.dept_a]}, seen_version=task.version
    )
    page = client_for(world.alice).get(reverse("work:task_detail", args=[task.pk])).content.decode()
    assert "đơn vị phối hợp" in page
    assert "<del>Ủy ban nhân dân huyện An, Phòng Nội vụ huyện An</del> → <ins>Phòng Nội vụ huyện An</ins>" in page
    assert f"[{world.dept_a.pk}]" not in page and "coordinating_units" not in page
    assert "2026-12-20" not in page and "20/12/2026" in page


def test_a_moment_reads_as_day_and_time_in_the_product_s_time_zone(world, task):
    with time_machine.travel(MOMENT, tick=False):
        work.propose_completion(actor=world.alice, task=task, text="Đã xong", seen_version=task.version)
    found = changes_of(task, world.alice)
    assert found["thời điểm đề nghị công nhận hoàn thành"] == (None, "20/12/2026 10:05")
    assert found["ngày hoàn thành"] == (None, "20/12/2026")


def test_a_yes_or_no_reads_co_or_khong(world, client_for):
    accounts.user_update(actor=world.alice, user=world.bob, data={"is_active": False})
    found = changes_of(world.bob, world.alice)
    assert ("Có", "Không") in found.values()


def test_a_plan_s_commitments_read_as_lines_and_its_publication_as_a_moment(world, api_for):
    plan = services_plans.plan_create(
        actor=world.alice,
        unit=world.district_a,
        leader=world.alice,
        leader_position="Bí thư Huyện ủy",
        year_start=2026,
        commitments=["Đi cơ sở mỗi tháng hai lần", "Tiếp công dân định kỳ"],
    )
    with time_machine.travel(MOMENT, tick=False):
        services_plans.plan_publish(actor=world.alice, plan=plan)
    found = changes_of(plan, world.alice)
    assert found["cam kết"] == (None, "1. Đi cơ sở mỗi tháng hai lần\n2. Tiếp công dân định kỳ")
    assert found["thời điểm công khai"] == (None, "20/12/2026 10:05")

    rows = api_for(world.alice).get(f"/api/commitment-plans/{plan.pk}/history/").json()["results"]
    created = rows[-1]
    assert created["after"]["commitments"] == ["1. Đi cơ sở mỗi tháng hai lần", "2. Tiếp công dân định kỳ"]
    lines = {c["field"]: c for c in created["changes"]}["commitments"]
    assert lines == {
        "field": "commitments",
        "label": "cam kết",
        "before": None,
        "after": "1. Đi cơ sở mỗi tháng hai lần\n2. Tiếp công dân định kỳ",
    }


def test_a_transfer_labels_its_sending_cell_and_its_kind_as_such(members_world, client_for):
    w = members_world
    transfer = services_transfers.transfer_send(
        actor=w.olga, member=w.member_a, to_unit=w.commune_a, sent_on=datetime.date(2026, 2, 1)
    )
    found = changes_of(transfer, w.olga)
    assert found["chuyển đi từ"] == (None, "Chi bộ thôn Một")
    assert found["chuyển đến"] == (None, "Đảng ủy xã An Một")
    assert found["hình thức chuyển"] == (None, "Chuyển sinh hoạt đảng chính thức")
    assert found["ngày chuyển đi"] == (None, "01/02/2026")
    assert found["đảng viên"] == (None, "Trần Thị An")
    page = client_for(w.olga).get(reverse("members:transfer_detail", args=[transfer.pk])).content.decode()
    assert "chuyển đi từ" in page and "từ ngày" not in page and "loại đơn vị" not in page


def test_a_petition_labels_its_receiving_unit_as_a_unit_in_the_api(world, api_for):
    petition = services_petitions.petition_create(
        actor=world.alice,
        receiving_unit=world.district_a,
        received_on=datetime.date(2026, 11, 16),
        sender="Ông Nguyễn Văn Hải",
        subject="Kiến nghị sửa đường",
        channel="post",
    )
    rows = api_for(world.alice).get(f"/api/petitions/{petition.pk}/history/").json()["results"]
    changes = {c["field"]: c for c in rows[0]["changes"]}
    assert changes["receiving_unit"]["label"] == "đơn vị tiếp nhận"
    assert changes["receiving_unit"]["after"] == "Huyện ủy An"
    assert changes["received_on"]["after"] == "16/11/2026"
    assert rows[0]["after"]["receiving_unit"] == world.district_a.pk  # the raw values stay


def test_a_record_the_reader_may_not_open_reads_as_hidden_in_the_api_s_changes_too(world, api_for):
    secret = documents.document_create(
        actor=world.alice,
        owner=world.district_a,
        symbol="09-NQ/HU",
        title="Nghị quyết mật",
        confidentiality=Clearance.SECRET,
    )
    plan = documents.document_create(actor=world.alice, owner=world.district_a, symbol="15-KH/HU", title="Kế hoạch")
    documents.link_create(actor=world.alice, source=plan, target=secret, relation="implements")
    answer = api_for(world.bob).get(f"/api/documents/{plan.pk}/history/").content.decode()
    assert "Nghị quyết mật" not in answer and "09-NQ/HU" not in answer
    seen = api_for(world.alice).get(f"/api/documents/{plan.pk}/history/").json()["results"]
    linked = [c for row in seen for c in row["changes"] if c["field"] == "linked_document"]
    assert linked and "Nghị quyết mật" in linked[0]["after"]


def test_naming_the_records_of_a_history_costs_the_same_for_two_rows_or_forty(world):
    def task(n):
        return work.task_create(
            actor=world.alice,
            assigning_unit=world.district_a,
            lead_unit=[world.commune_a, world.ubnd_a][n % 2],
            title=f"Việc {n}",
            start_date=datetime.date(2026, 12, 1),
            deadline=datetime.date(2026, 12, 20),
            coordinating_units=[world.dept_a] if n % 2 == 0 else [world.cell_a],
        )

    tasks = [task(n) for n in range(20)]
    few = list(AuditEntry.objects.filter(object_id__in=[str(t.pk) for t in tasks[:2]]))
    many = list(AuditEntry.objects.filter(object_id__in=[str(t.pk) for t in tasks]))
    assert len(many) >= 20
    readings(few, world.alice)  # the content types, cached for the process
    counted = []
    for entries in (few, many):
        with CaptureQueriesContext(connection) as captured:
            readings(entries, world.alice)
        counted.append(len(captured))
    assert counted[0] == counted[1], counted


def _sort(field) -> str:
    if field.is_relation:
        return f"record of {field.related_model._meta.label}"
    if field.choices:
        return "choice of " + ",".join(sorted(str(key) for key, _label in field.flatchoices))
    if isinstance(field, models.DateField):
        return "date"
    return "value"


# Messages that name fields of different sorts on purpose: the Vietnamese word fits each of them.
SHARED = {("outcome",), ("status",)}  # "trạng thái" of an operation and of a run alike


def test_no_message_names_fields_of_different_sorts():
    """One English msgid for fields of different sorts gets one Vietnamese translation, right for only one of them:
    "from" was a start date ("từ ngày") and a transfer's sending cell; "kind" a unit's kind ("loại đơn vị") and a
    transfer's. Such fields take a context (pgettext_lazy), which changes no migration. A text may share its
    message with one other sort (a leader's account and the leader's name are both "lãnh đạo")."""
    sorts: dict[tuple, set] = defaultdict(set)
    for model in apps.get_models():
        if not model.__module__.startswith("lanhdao."):
            continue
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            name = field.verbose_name
            if isinstance(name, Promise) and not field.primary_key:
                sorts[name._args].add(_sort(field))
    mixed = {message: found for message, found in sorts.items() if len(found - {"value"}) > 1 and message not in SHARED}
    assert mixed == {}


def test_a_code_kept_under_a_relation_s_key_does_not_break_the_history(world, task):
    """A report file's export row keeps its unit's code under `unit` (reports.rendering.jobs): it is shown as it is,
    and the history still reads."""
    record(actor=world.alice, action=Action.EXPORT, obj=task, after={"lead_unit": "HA"})
    found = changes_of(task, world.alice)
    assert found["đơn vị chủ trì"] == (None, "#HA")
