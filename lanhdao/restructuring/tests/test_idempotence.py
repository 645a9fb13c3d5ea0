"""Finding 6 of issue 13: a restructuring applied twice at the same moment was recorded twice (PostgreSQL: two 201s,
operations and lineage duplicated, the closed unit's code suffixed twice; SQLite: an invisible empty operation).
services.apply now locks the units the plan acts on and checks them after the lock, so the second apply, at the same
moment or later, writes nothing and says so (409 over the API)."""

import re
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from conftest import shown
from lanhdao.audit.models import AuditEntry
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit
from lanhdao.restructuring import api, plans, services
from lanhdao.restructuring.models import Lineage, Operation, UnitName

from .test_api import merge
from .test_engine import BASIS, board  # noqa: F401  (the fixture)
from .test_engine import JULY as JULY_DATE
from .test_views import merge_form


def state():
    return (
        list(Unit.objects.order_by("pk").values_list("pk", "code", "name", "path", "archived_at")),
        Operation.objects.count(),
        Lineage.objects.count(),
        UnitName.objects.count(),
        AuditEntry.objects.count(),
    )


def merge_plan(world):
    return plans.merge(
        sources=[world.district_a, world.district_b],
        effective_on=JULY_DATE,
        parent=world.province,
        new={"code": "HAB", "name": "Đảng ủy khu vực An Bình", "kind": K.DISTRICT_COMMITTEE},
    )


def into_survivor(world):
    """District B merged into district A: no new code, so nothing but the lock stops a second apply."""
    return plans.merge(sources=[world.district_a, world.district_b], effective_on=JULY_DATE, survivor=world.district_a)


@pytest.mark.parametrize("make_plan", [merge_plan, into_survivor], ids=["new-unit", "survivor"])
def test_the_same_plan_applied_twice_is_applied_once(board, make_plan):  # noqa: F811
    plan = make_plan(board)  # read once, as two requests at the same moment would
    services.apply(actor=board.board, plan=plan, legal_basis_text=BASIS)
    after_first = state()
    with pytest.raises(services.AlreadyApplied):
        services.apply(actor=board.board, plan=plan, legal_basis_text=BASIS)
    assert state() == after_first, "nothing written: no empty operation, no second suffix"
    assert Unit.objects.get(pk=board.district_b.pk).code == "HB~20250630"
    assert Operation.objects.count() == 1


def test_a_rename_applied_twice_is_applied_once(board):  # noqa: F811
    plan = plans.rename(unit=board.commune_a, name="Đảng ủy xã An Hòa", effective_on=JULY_DATE)
    services.apply(actor=board.board, plan=plan, legal_basis_text=BASIS)
    after_first = state()
    with pytest.raises(services.AlreadyApplied):
        services.apply(actor=board.board, plan=plan, legal_basis_text=BASIS)
    assert state() == after_first
    assert UnitName.objects.filter(unit=board.commune_a).count() == 1


def test_a_plan_whose_receiver_closed_meanwhile_writes_nothing(board):  # noqa: F811
    # the cell's open work is to go to commune B, which another operation closed after this plan was read
    stale = plans.Plan(
        kind="dissolve", effective_on=JULY_DATE, closed=[board.cell_a], successor={board.cell_a.pk: board.commune_b}
    )
    Unit.objects.filter(pk=board.commune_b.pk).update(archived_at=timezone.now())
    before = state()
    with pytest.raises(services.AlreadyApplied):
        services.apply(actor=board.board, plan=stale, legal_basis_text=BASIS)
    assert state() == before


def test_the_api_answers_409_to_a_second_apply_read_before_the_first_was_written(board, api_for, monkeypatch):  # noqa: F811
    client = api_for(board.board)
    plan = merge_plan(board)
    monkeypatch.setattr(api, "build_plan", lambda user, data: plan)  # both requests read the tree before writing
    first = client.post("/api/restructuring/apply/", merge(board), format="json")
    assert first.status_code == 201, first.json()
    after_first = state()
    second = client.post("/api/restructuring/apply/", merge(board), format="json")
    assert second.status_code == 409, second.json()
    refused = shown(
        second,
        "This restructuring has already been applied, or %(units)s changed meanwhile; nothing was written.",
        units="HA, HB",
    )
    assert second.json() == {"detail": [refused]}
    assert state() == after_first


def test_a_second_apply_sent_later_is_refused_and_writes_nothing(board, api_for):  # noqa: F811
    client = api_for(board.board)
    assert client.post("/api/restructuring/apply/", merge(board), format="json").status_code == 201
    after_first = state()
    again = client.post("/api/restructuring/apply/", merge(board), format="json")
    assert again.status_code in (400, 409), again.json()
    assert state() == after_first


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("make_plan", [merge_plan, into_survivor], ids=["new-unit", "survivor"])
def test_two_applies_at_the_same_moment_on_two_connections_apply_once(board, make_plan):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs two real connections to PostgreSQL")
    plans_read = [make_plan(board), make_plan(board)]  # both requests read the tree before either writes
    start = threading.Barrier(2)
    results: list = [None, None]

    def request(i):
        try:
            start.wait()
            results[i] = services.apply(actor=board.board, plan=plans_read[i], legal_basis_text=BASIS)
        except Exception as error:
            results[i] = error
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=request, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    applied = [r for r in results if isinstance(r, Operation)]
    refused = [r for r in results if isinstance(r, services.AlreadyApplied)]
    assert len(applied) == 1 and len(refused) == 1, results
    operation = Operation.objects.get()
    assert Lineage.objects.count() == operation.summary["units_closed"] > 0
    closed = Unit.objects.get(pk=board.district_b.pk)
    assert closed.code == "HB~20250630", "suffixed once"
    assert Unit.objects.filter(code="XB1", archived_at__isnull=True).count() == 1, "its cell copied once"


def test_the_confirm_page_sent_twice_with_its_token_applies_once_and_shows_the_operation(board, client_for):  # noqa: F811
    client = client_for(board.board)
    url = reverse("restructuring:operate", args=[board.district_a.pk, "merge"])
    preview = client.post(url, merge_form(board, preview="1"))
    token = re.findall(r'name="_submission" value="([^"]+)"', preview.content.decode())[-1]
    first = client.post(url, merge_form(board, confirm="1", _submission=token))
    assert first.status_code == 302
    after_first = state()
    second = client.post(url, merge_form(board, confirm="1", _submission=token))
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert state() == after_first and Operation.objects.count() == 1
