"""Who sees what: the conducting unit's scope, the subject's scope once concluded, clearance, outsiders."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import make_user
from lanhdao.accounts.roles import Clearance, Role
from lanhdao.inspections import selectors
from lanhdao.inspections.permissions import (
    access_discipline,
    access_inspection,
    access_programme,
    access_recommendation,
)
from lanhdao.inspections.services import inspection_conclude

from .conftest import TODAY


@pytest.fixture
def cora(world):
    """A viewer of commune A: the subject's side."""
    return make_user("cora", role=Role.VIEWER, unit=world.commune_a, clearance=Clearance.SECRET)


def test_the_subject_sees_a_concluded_inspection_but_not_an_open_one(world, make_inspection, cora):
    inspection = make_inspection()
    with pytest.raises(Http404):
        access_inspection(cora, inspection.pk)
    assert not selectors.inspections_for(cora).exists()
    inspection_conclude(actor=world.alice, inspection=inspection, conclusion="Kết luận", concluded_on=TODAY)
    assert access_inspection(cora, inspection.pk) == inspection
    assert list(selectors.inspections_for(cora)) == [inspection]
    with pytest.raises(PermissionDenied):  # seeing is not recording
        access_inspection(cora, inspection.pk, write=True)


def test_confidential_inspections_are_invisible_above_ones_clearance(world, make_inspection, cora):
    secret = make_inspection(confidentiality=Clearance.SECRET)
    assert access_inspection(world.alice, secret.pk) == secret
    with pytest.raises(Http404):
        access_inspection(world.bob, secret.pk)  # same unit, normal clearance
    assert not selectors.inspections_for(world.bob).exists()
    inspection_conclude(actor=world.alice, inspection=secret, conclusion="Kết luận", concluded_on=TODAY)
    assert access_inspection(cora, secret.pk) == secret  # the subject's viewer is cleared
    cora.clearance = Clearance.NORMAL
    with pytest.raises(Http404):
        access_inspection(cora, secret.pk)
    world.root.clearance = Clearance.NORMAL  # a superuser is bound by clearance too
    with pytest.raises(Http404):
        access_inspection(world.root, secret.pk)


def test_outsider_gets_404_for_everything_and_sees_nothing(world, make_concluded):
    from lanhdao.inspections import services_disciplines, services_programmes

    inspection = make_concluded(recommendations=[{"text": "Khắc phục"}])
    programme = services_programmes.programme_create(
        actor=world.alice,
        unit=world.district_a,
        span="year",
        title="Năm",
        starts_on=TODAY.replace(month=1, day=1),
        ends_on=TODAY.replace(month=12, day=31),
    )
    discipline = services_disciplines.discipline_create(
        actor=world.alice,
        unit=world.district_a,
        subject_unit=world.commune_a,
        form="reprimand",
        decided_on=TODAY,
        reason="Vi phạm",
        inspection=inspection,
    )
    recommendation = inspection.recommendations.get()
    for access, pk in (
        (access_inspection, inspection.pk),
        (access_programme, programme.pk),
        (access_discipline, discipline.pk),
        (access_recommendation, recommendation.pk),
        (access_inspection, 999999),
        (access_inspection, "x"),
    ):
        with pytest.raises(Http404):
            access(world.charlie, pk)
    assert not selectors.inspections_for(world.charlie).exists()
    assert not selectors.programmes_for(world.charlie).exists()
    assert not selectors.disciplines_for(world.charlie).exists()
    assert not selectors.recommendations_for(world.charlie).exists()
    # the read-only user sees everything and may change nothing
    for access, pk in (
        (access_inspection, inspection.pk),
        (access_programme, programme.pk),
        (access_discipline, discipline.pk),
        (access_recommendation, recommendation.pk),
    ):
        assert access(world.bob, pk).pk == pk
        with pytest.raises(PermissionDenied):
            access(world.bob, pk, write=True)
        assert access(world.alice, pk, write=True).pk == pk


def test_archived_records_leave_lists_but_stay_reachable(world, make_inspection):
    from lanhdao.inspections.services import archive

    inspection = archive(actor=world.alice, obj=make_inspection())
    assert not selectors.inspections_for(world.alice).exists()
    assert selectors.inspections_for(world.alice, include_archived=True).get() == inspection
    assert access_inspection(world.alice, inspection.pk) == inspection
