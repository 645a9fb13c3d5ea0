"""The plans of units (indicator targets for a year): setting, changing and removing targets in one all-or-nothing
call with an audit row per target written; who may set a unit's plan (the unit, or a level above it); the reads of
one unit's plan and of many units' plans in one query each."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_user
from lanhdao.accounts.roles import Role
from lanhdao.audit import services as audit_services
from lanhdao.audit.models import Action, AuditEntry
from lanhdao.org import services as org_services
from lanhdao.reports.plans import selectors as plans
from lanhdao.reports.plans import services
from lanhdao.reports.plans.models import IndicatorTarget
from lanhdao.reports.plans.permissions import access_targets, may_set_targets

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


def audits():
    return AuditEntry.objects.filter(content_type__model="indicatortarget").order_by("pk")


def stored(unit, year=YEAR) -> dict:
    return dict(IndicatorTarget.objects.filter(unit=unit, year=year).values_list("key", "value"))


def set_plan(world, values, *, unit=None, actor=None, year=YEAR, notes=None):
    return services.targets_set(
        actor=actor or world.alice, unit=unit or world.district_a, year=year, values=values, notes=notes
    )


def test_the_secretary_sets_the_plan_of_her_unit_with_an_audit_row_per_target(world):
    change = set_plan(
        world,
        {"admissions": 120, "meetings_standing_board": "12", "inspections": 4},
        notes={"admissions": "Nghị quyết Đại hội"},
    )
    assert stored(world.district_a) == {"admissions": 120, "meetings_standing_board": 12, "inspections": 4}
    assert len(change.created) == 3 and not change.updated and not change.removed
    row = IndicatorTarget.objects.get(unit=world.district_a, key="admissions")
    assert row.note == "Nghị quyết Đại hội" and row.created_by == world.alice and row.updated_by == world.alice
    rows = list(audits())
    assert len(rows) == 3 and {r.action for r in rows} == {Action.CREATE} and {r.actor for r in rows} == {world.alice}
    assert {r.after["key"]: r.after["value"] for r in rows} == stored(world.district_a)
    assert stored(world.district_a, YEAR + 1) == {}  # another year is another plan


def test_changing_a_target_records_before_and_after_and_an_unchanged_one_writes_nothing(world):
    set_plan(world, {"admissions": 120, "inspections": 4})
    before = audits().count()
    change = set_plan(world, {"admissions": 150, "inspections": 4})
    assert stored(world.district_a) == {"admissions": 150, "inspections": 4}
    assert [r.key for r in change.updated] == ["admissions"] and len(change) == 1
    entry = audits().last()
    assert audits().count() == before + 1 and entry.action == Action.UPDATE
    assert (entry.before["value"], entry.after["value"]) == (120, 150)
    assert len(set_plan(world, {"admissions": 150})) == 0 and audits().count() == before + 1


def test_a_note_alone_changes_the_note_and_keeps_the_target(world):
    set_plan(world, {"admissions": 120})
    set_plan(world, {}, notes={"admissions": "  Theo kế hoạch 15-KH/HU  "})
    row = IndicatorTarget.objects.get(unit=world.district_a, key="admissions")
    assert (row.value, row.note) == (120, "Theo kế hoạch 15-KH/HU")
    assert audits().last().after["note"] == "Theo kế hoạch 15-KH/HU"


def test_an_empty_value_removes_the_target_and_the_keys_not_given_stay(world):
    set_plan(world, {"admissions": 120, "inspections": 4, "field_visits": 30})
    change = set_plan(world, {"admissions": None, "inspections": " "})
    assert stored(world.district_a) == {"field_visits": 30}
    assert sorted(r.key for r in change.removed) == ["admissions", "inspections"]
    removed = list(audits().filter(after__isnull=True))
    assert len(removed) == 2 and {r.before["key"] for r in removed} == {"admissions", "inspections"}
    assert all(r.action == Action.UPDATE and r.note for r in removed)
    assert len(set_plan(world, {"admissions": None})) == 0  # removing what is not there writes nothing


@pytest.mark.parametrize(
    ("values", "bad"),
    [
        ({"admissions": 150, "no_such_indicator": 3}, "no_such_indicator"),
        ({"admissions": 150, "inspections": -1}, "inspections"),
        ({"admissions": 150, "inspections": 0}, "inspections"),
        ({"admissions": 150, "inspections": "bốn"}, "inspections"),
        ({"admissions": 150, "inspections": 2.5}, "inspections"),
        ({"admissions": 150, "inspections": True}, "inspections"),
        ({"admissions": 150, "inspections": 10**12}, "inspections"),
    ],
)
def test_one_bad_value_saves_nothing_and_names_the_indicator(world, values, bad):
    set_plan(world, {"admissions": 120, "field_visits": 30})
    before = audits().count()
    with pytest.raises(ValidationError) as caught:
        set_plan(world, {**values, "field_visits": None})
    assert set(caught.value.message_dict) == {bad}
    assert stored(world.district_a) == {"admissions": 120, "field_visits": 30}
    assert audits().count() == before


def test_every_bad_value_is_reported_at_once(world):
    with pytest.raises(ValidationError) as caught:
        set_plan(world, {"admissions": -5, "inspections": "x", "nope": 1}, notes={"field_visits": "x" * 301})
    assert set(caught.value.message_dict) == {"admissions", "inspections", "nope", "field_visits"}
    assert stored(world.district_a) == {}


def test_a_note_without_a_target_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        set_plan(world, {"inspections": 4}, notes={"admissions": "no target"})
    assert set(caught.value.message_dict) == {"admissions"}
    assert stored(world.district_a) == {}


@pytest.mark.parametrize("year", [1999, 2032, "2026", None])
def test_a_year_out_of_range_is_refused(world, year):
    with pytest.raises(ValidationError) as caught:
        set_plan(world, {"admissions": 1}, year=year)
    assert "year" in caught.value.message_dict and not IndicatorTarget.objects.exists()


def test_a_failure_half_way_rolls_every_write_back(world, monkeypatch):
    """The change and the removal are written before the new rows; when recording the new rows fails, the change and
    the removal are undone too."""
    set_plan(world, {"admissions": 120, "inspections": 4})
    before = audits().count()
    real = audit_services.record_many

    def failing(*, action, **kwargs):
        if action == Action.CREATE:
            raise RuntimeError("disk full")
        return real(action=action, **kwargs)

    monkeypatch.setattr(services, "record_many", failing)
    with pytest.raises(RuntimeError):
        set_plan(world, {"admissions": 150, "inspections": None, "field_visits": 30})
    assert stored(world.district_a) == {"admissions": 120, "inspections": 4}
    assert audits().count() == before


def test_the_level_above_sets_the_plan_of_a_unit_under_it(world):
    set_plan(world, {"admissions": 12}, unit=world.commune_a)  # alice is the secretary of district A
    set_plan(world, {"admissions": 30}, unit=world.commune_b, actor=world.root)
    assert stored(world.commune_a) == {"admissions": 12} and stored(world.commune_b) == {"admissions": 30}
    assert may_set_targets(world.alice, world.cell_a)


def test_a_viewer_an_outsider_and_a_unit_below_may_not_set_a_plan(world):
    set_plan(world, {"admissions": 120})
    commune_secretary = make_user("xuan", role=Role.SECRETARY, unit=world.commune_a)
    refused = [
        (world.bob, world.district_a),
        (world.charlie, world.district_a),
        (commune_secretary, world.district_a),
        (world.alice, world.province),
    ]
    for actor, unit in refused:
        assert not may_set_targets(actor, unit)
        with pytest.raises(PermissionDenied):
            set_plan(world, {"admissions": 1, "inspections": 2}, unit=unit, actor=actor)
    assert stored(world.district_a) == {"admissions": 120} and stored(world.province) == {}
    assert audits().count() == 1


def test_access_answers_404_outside_the_scope_and_403_without_the_right(world):
    from django.http import Http404

    assert access_targets(world.bob, world.district_a.pk) == world.district_a
    with pytest.raises(PermissionDenied):
        access_targets(world.bob, world.district_a.pk, write=True)
    for pk in (world.district_a.pk, 10**6):
        with pytest.raises(Http404):
            access_targets(world.charlie, pk)
    assert access_targets(world.alice, world.commune_a.pk, write=True) == world.commune_a


def test_the_plan_of_an_archived_unit_is_not_changed(world):
    org_services.unit_archive(actor=world.root, unit=world.cell_a)
    world.cell_a.refresh_from_db()
    assert not may_set_targets(world.alice, world.cell_a)
    with pytest.raises(ValidationError):
        set_plan(world, {"admissions": 1}, unit=world.cell_a)
    assert not IndicatorTarget.objects.exists()


def test_the_plan_of_a_unit_is_read_in_one_query(world, django_assert_num_queries):
    set_plan(world, {"admissions": 120, "inspections": 4})
    set_plan(world, {"admissions": 1}, year=YEAR - 1)
    with django_assert_num_queries(1):
        assert plans.targets_of(world.district_a, YEAR) == {"admissions": 120, "inspections": 4}
    assert plans.targets_of(world.commune_a, YEAR) == {}


def test_the_plans_of_many_units_are_read_in_one_query(world, django_assert_num_queries):
    set_plan(world, {"admissions": 120}, unit=world.district_a)
    set_plan(world, {"admissions": 12, "field_visits": 5}, unit=world.commune_a)
    set_plan(world, {"admissions": 30}, unit=world.commune_b, actor=world.charlie)
    set_plan(world, {"admissions": 99}, unit=world.commune_a, year=YEAR + 1)
    units = [world.district_a, world.commune_a, world.ubnd_a]
    with django_assert_num_queries(1):
        found = plans.targets_of_units(units, YEAR)
    assert found == {
        world.district_a.pk: {"admissions": 120},
        world.commune_a.pk: {"admissions": 12, "field_visits": 5},
    }


def test_a_period_is_set_against_the_plan_of_its_year_not_a_share_of_it():
    d = datetime.date
    assert plans.plan_year(d(2026, 1, 1), d(2026, 6, 30)) == 2026
    assert plans.plan_year(d(2025, 7, 1), d(2026, 6, 30)) is None
    assert plans.covers_whole_year(d(2026, 1, 1), d(2026, 12, 31))
    assert not plans.covers_whole_year(d(2026, 1, 1), d(2026, 6, 30))
    found = plans.attainment(
        {"admissions": 30, "inspections": 5, "field_visits": 3}, {"admissions": 120, "inspections": 4}
    )
    assert {k: a.percent for k, a in found.items()} == {"admissions": 25, "inspections": 125}
