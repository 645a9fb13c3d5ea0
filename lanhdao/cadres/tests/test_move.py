"""The cadre work left members for an app of its own (issue 14) without losing anything: the same tables, the same
addresses, and the histories written while the rows belonged to members."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import resolve, reverse

from lanhdao.audit.models import AuditEntry
from lanhdao.audit.selectors import history_for
from lanhdao.cadres import services as svc
from lanhdao.cadres.models import Movement, Nomination, PositionHeld, SuccessionEntry, Training

from .test_services import add_bodies

content_types_follow = import_module("lanhdao.cadres.migrations.0002_content_types_follow")
# The migration\'s one operation: the content types move forwards (code) and back (reverse_code).
move = content_types_follow.Migration.operations[0]


@pytest.mark.parametrize(
    ("model", "table"),
    [
        (PositionHeld, "members_positionheld"),
        (SuccessionEntry, "members_successionentry"),
        (Training, "members_training"),
        (Movement, "members_movement"),
        (Nomination, "members_nomination"),
    ],
)
def test_the_models_keep_the_tables_they_had_in_members(model, table):
    assert model._meta.app_label == "cadres"
    assert model._meta.db_table == table


@pytest.mark.parametrize(
    ("name", "args", "path"),
    [
        ("cadres:record", [7], "/members/cadres/member/7/"),
        ("cadres:succession_list", [], "/members/cadres/succession/"),
        ("cadres:movement_list", [], "/members/cadres/movements/"),
        ("cadres:training_list", [], "/members/cadres/trainings/"),
        ("cadres:nomination_list", [], "/members/cadres/nominations/"),
        ("cadres:position_create", [7], "/members/cadres/member/7/positions/new/"),
        ("cadres:position_edit", [3], "/members/cadres/positions/3/edit/"),
        ("cadres:position_end", [3], "/members/cadres/positions/3/end/"),
        ("cadres:nomination_outcome", [3], "/members/cadres/nominations/3/outcome/"),
        ("cadre-position-list", [], "/api/cadres/positions/"),
        ("cadre-position-history", [5], "/api/cadres/positions/5/history/"),
        ("cadre-succession-remove", [5], "/api/cadres/succession-entries/5/remove/"),
        ("cadre-nomination-outcome", [5], "/api/cadres/nominations/5/outcome/"),
        ("api-cadre-figures", [], "/api/cadres/figures/"),
    ],
)
def test_the_addresses_users_know_are_unchanged(name, args, path):
    assert reverse(name, args=args) == path
    assert resolve(path).url_name == name.split(":")[-1]


def test_the_member_pages_stay_with_members():
    """/members/cadres/… is the cadres', every other /members/… address still the members'."""
    assert resolve("/members/cadres/member/7/").namespace == "cadres"
    assert resolve("/members/7/").namespace == "members"


@pytest.fixture
def position_of_members_days(members_world):
    """A position held and its audit row, its content type labelled as before the move (app_label 'members')."""
    w = add_bodies(members_world)
    position = svc.position_start(
        actor=w.olga, member=w.member_a, unit=w.btv_a, title="Ủy viên", started_on=datetime.date(2020, 10, 1)
    )
    moved = ContentType.objects.get_for_model(PositionHeld)
    ContentType.objects.filter(pk=moved.pk).update(app_label="members")
    ContentType.objects.clear_cache()
    return position, moved


def test_the_content_types_follow_the_models_and_histories_keep_working(position_of_members_days):
    position, moved = position_of_members_days
    entries = set(AuditEntry.objects.filter(content_type=moved).values_list("pk", flat=True))
    permissions = set(Permission.objects.filter(content_type=moved).values_list("codename", flat=True))
    assert entries and permissions

    move.code(apps, None)

    ContentType.objects.clear_cache()
    assert ContentType.objects.get(pk=moved.pk).app_label == "cadres"
    assert not ContentType.objects.filter(app_label="members", model="positionheld").exists()
    assert set(history_for(position).values_list("pk", flat=True)) == entries
    assert set(Permission.objects.filter(content_type=moved).values_list("codename", flat=True)) == permissions


def test_a_content_type_made_meanwhile_gives_way_to_the_one_the_histories_point_at(position_of_members_days):
    position, moved = position_of_members_days
    ContentType.objects.create(app_label="cadres", model="positionheld")  # e.g. a migrate run in between

    move.code(apps, None)

    ContentType.objects.clear_cache()
    assert ContentType.objects.get(app_label="cadres", model="positionheld").pk == moved.pk
    assert history_for(position).exists()


def test_going_back_gives_members_its_content_types_again(position_of_members_days):
    _position, moved = position_of_members_days
    move.code(apps, None)

    move.reverse_code(apps, None)

    assert ContentType.objects.get(pk=moved.pk).app_label == "members"
    assert AuditEntry.objects.filter(content_type_id=moved.pk).exists()
