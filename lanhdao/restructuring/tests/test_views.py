import datetime
import re

import pytest
from django.urls import reverse

from conftest import shown
from lanhdao.audit.models import AuditEntry
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit
from lanhdao.restructuring.models import Operation

from .test_engine import BASIS, board  # noqa: F401  (the fixture)

JULY = "2025-07-01"


def state():
    return (
        list(Unit.objects.order_by("pk").values_list("pk", "code", "path", "archived_at")),
        Operation.objects.count(),
        AuditEntry.objects.count(),
    )


def merge_form(world, **extra):
    return {
        "effective_on": JULY,
        "legal_basis_text": BASIS,
        "others": "HB",
        "survivor": "",
        "new_code": "HAB",
        "new_name": "Đảng ủy khu vực An Bình",
        "new_kind": K.DISTRICT_COMMITTEE,
        "parent": "",
        **extra,
    }


def test_a_merge_is_previewed_then_applied_through_the_pages(board, client_for):  # noqa: F811
    client = client_for(board.board)
    url = reverse("restructuring:operate", args=[board.district_a.pk, "merge"])
    assert client.get(url).status_code == 200
    before = state()
    response = client.post(url, merge_form(board, preview="1"))
    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts["units_closed"] == 7 and counts["units_created"] == 6 and counts["members"] == 1
    html = response.content.decode()
    for label, n in (("Units closed", 7), ("Units created", 6), ("Members moved", 1)):
        assert f"<dt>{shown(response, label)}</dt><dd>{n}</dd>" in html
    assert shown(response, "Confirm and apply") in html
    assert state() == before  # the preview writes nothing
    response = client.post(url, merge_form(board, confirm="1"))
    operation = Operation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("restructuring:operation_detail", args=[operation.pk])
    new = Unit.objects.get(code="HAB")
    assert new.valid_from == datetime.date(2025, 7, 1)
    assert operation.legal_basis_text == BASIS and operation.spec["new"]["code"] == "HAB"
    page = client.get(response.url)
    assert "Đảng ủy khu vực An Bình" in page.content.decode() and page.context["lineage"]
    listing = client.get(reverse("restructuring:operation_list"))
    assert operation in listing.context["page"].object_list


def test_an_incomplete_split_mapping_shows_the_error_and_changes_nothing(board, client_for):  # noqa: F811
    client = client_for(board.board)
    url = reverse("restructuring:operate", args=[board.district_a.pk, "split"])
    before = state()
    data = {
        "effective_on": JULY,
        "legal_basis_text": BASIS,
        "part1_code": "HAN",
        "part1_name": "Bắc An",
        "part1_kind": K.DISTRICT_COMMITTEE,
        "part2_code": "HAS",
        "part2_name": "Nam An",
        "part2_kind": K.DISTRICT_COMMITTEE,
        "own": "1",
        f"child_{board.commune_a.pk}": "1",
        f"child_{board.ubnd_a.pk}": "",
    }
    for action in ("preview", "confirm"):
        response = client.post(url, {**data, action: "1"})
        assert response.status_code == 200
        message = "The mapping is incomplete: say where these units under %(unit)s go: %(names)s."
        error = shown(response, message, unit="Huyện ủy An", names="Ủy ban nhân dân huyện An")
        assert error in response.content.decode()
        assert "Ủy ban nhân dân huyện An" in str(response.context["form"].non_field_errors())
        assert response.context["preview"] == []
    assert state() == before


def test_a_complete_split_through_the_pages(board, client_for):  # noqa: F811
    client = client_for(board.board)
    url = reverse("restructuring:operate", args=[board.district_a.pk, "split"])
    data = {
        "effective_on": JULY,
        "legal_basis_text": BASIS,
        "confirm": "1",
        "part1_code": "HAN",
        "part1_name": "Bắc An",
        "part1_kind": K.DISTRICT_COMMITTEE,
        "part2_code": "HAS",
        "part2_name": "Nam An",
        "part2_kind": K.DISTRICT_COMMITTEE,
        "own": "2",
        f"child_{board.commune_a.pk}": "1",
        f"child_{board.ubnd_a.pk}": "2",
    }
    assert client.post(url, data).status_code == 302
    assert Unit.objects.get(code="CA1").path.startswith(Unit.objects.get(code="HAN").path)


def test_a_legal_basis_is_required_on_the_page(board, client_for):  # noqa: F811
    client = client_for(board.board)
    url = reverse("restructuring:operate", args=[board.commune_a.pk, "rename"])
    before = state()
    response = client.post(url, {"effective_on": JULY, "name": "Đảng ủy xã An Hòa", "confirm": "1"})
    assert response.status_code == 200 and response.context["form"].errors["legal_basis"]
    assert state() == before


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("bob", 403), ("charlie", 404)])
def test_only_the_organisation_board_of_the_parent_may_restructure(board, client_for, who, status):  # noqa: F811
    client = client_for(getattr(board, who))
    before = state()
    assert client.get(reverse("restructuring:start", args=[board.district_a.pk])).status_code == status
    url = reverse("restructuring:operate", args=[board.district_a.pk, "merge"])
    assert client.post(url, merge_form(board, confirm="1")).status_code == status
    assert state() == before


def test_the_unit_panel_offers_restructure_only_to_those_who_may(board, client_for):  # noqa: F811
    url = reverse("restructuring:unit_panel", args=[board.district_a.pk])
    restructure = reverse("restructuring:start", args=[board.district_a.pk])
    panel = client_for(board.board).get(url)
    assert f'href="{restructure}">{shown(panel, "Restructure")}</a>' in panel.content.decode()
    panel = client_for(board.alice).get(url)
    page = panel.content.decode()
    assert restructure not in page and shown(panel, "Restructure") not in page
    assert shown(panel, "Browse as of a date") in page
    assert client_for(board.charlie).get(url).status_code == 404


def test_the_tree_as_of_a_date_before_and_after_a_merge(board, client_for, django_assert_max_num_queries):  # noqa: F811
    client = client_for(board.board)
    client.post(reverse("restructuring:operate", args=[board.district_a.pk, "merge"]), merge_form(board, confirm="1"))
    url = reverse("restructuring:tree")
    with django_assert_max_num_queries(12):
        before = client.get(url, {"unit": board.province.pk, "on": "2025-06-30"})
    rows = before.context["rows"]
    assert [r["unit"].code for r in rows] == ["HA~20250630", "HB~20250630"]
    assert [s.code for s in rows[0]["successors"]] == ["HAB"]
    html = before.content.decode()
    assert "2025-06-30" in html and f"{shown(before, 'ended on')} 30/06/2025" in html
    after = client.get(url, {"unit": board.province.pk, "on": JULY})
    assert [r["unit"].code for r in after.context["rows"]] == ["HAB"]
    deeper = client.get(url, {"unit": board.district_a.pk, "on": "2025-06-30"})
    assert [r["unit"].code for r in deeper.context["rows"]] == ["XA1~20250630", "HA-UB~20250630"]


def test_the_tree_is_scoped_and_checks_the_date(board, client_for):  # noqa: F811
    url = reverse("restructuring:tree")
    assert client_for(board.charlie).get(url, {"unit": board.district_a.pk}).status_code == 404
    assert client_for(board.bob).get(url, {"unit": board.district_a.pk, "on": "soon"}).status_code == 400
    assert client_for(board.bob).get(url, {"unit": board.district_a.pk}).status_code == 200


def test_operations_are_shown_only_to_those_who_see_their_units(board, client_for):  # noqa: F811
    client_for(board.board).post(
        reverse("restructuring:operate", args=[board.commune_b.pk, "rename"]),
        {"effective_on": JULY, "name": "Đảng ủy xã Bình Hòa", "legal_basis_text": BASIS, "confirm": "1"},
    )
    renamed = Operation.objects.get()
    detail = reverse("restructuring:operation_detail", args=[renamed.pk])
    assert client_for(board.charlie).get(detail).status_code == 200
    assert client_for(board.bob).get(detail).status_code == 404
    assert renamed not in client_for(board.bob).get(reverse("restructuring:operation_list")).context["page"].object_list
    client_for(board.board).post(
        reverse("restructuring:operate", args=[board.commune_b.pk, "move"]),
        {"effective_on": JULY, "parent": "HA", "legal_basis_text": BASIS, "confirm": "1"},
    )
    moved = Operation.objects.get(kind="move")
    assert client_for(board.bob).get(reverse("restructuring:operation_detail", args=[moved.pk])).status_code == 200


def test_the_preview_refuses_a_new_code_that_another_unit_holds_as_the_apply_does(board, client_for):  # noqa: F811
    client = client_for(board.board)
    url = reverse("restructuring:operate", args=[board.district_a.pk, "merge"])
    before = state()
    message = "These codes are already in use: %(codes)s"
    for action in ("preview", "confirm"):
        response = client.post(url, merge_form(board, new_code="TU", **{action: "1"}))
        assert response.status_code == 200
        assert shown(response, message, codes="TU") in response.content.decode()
        assert response.context["preview"] == []  # no confirm button offered on a refused plan
        assert shown(response, "Confirm and apply") not in response.content.decode()
    assert state() == before


def test_a_refused_apply_keeps_what_the_user_typed(board, client_for):  # noqa: F811
    client = client_for(board.board)
    url = reverse("restructuring:operate", args=[board.district_a.pk, "merge"])
    response = client.post(url, merge_form(board, new_code="TU", confirm="1"))
    form = response.context["form"]
    assert form.is_bound and form.errors
    html = response.content.decode()
    for value in ("TU", "Đảng ủy khu vực An Bình", BASIS, JULY):
        assert f'value="{value}"' in html
    # the other unit, posted by its code, is still chosen in the picker
    assert re.search(rf'<option value="{board.district_b.pk}"[^>]* selected>', html)
