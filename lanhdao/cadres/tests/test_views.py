"""Cadre pages: the record of a member and its forms work for olga (who manages district A's members), read-only for
bob (403 on every write, nothing changed), 404 for charlie (the outsider) everywhere; the lists keep a fixed number
of queries however many rows they show, and charlie's lists show nothing of district A."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from conftest import make_member, shown
from lanhdao.audit.models import AuditEntry
from lanhdao.cadres import services as svc
from lanhdao.cadres.models import Movement, Nomination, PositionHeld, SuccessionEntry, Training
from lanhdao.org.models import Unit

from .test_services import add_bodies

D = datetime.date
MODELS = (PositionHeld, SuccessionEntry, Training, Movement, Nomination)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, tzinfo=datetime.UTC), tick=False), override("en"):
        yield


def add_rows(w, member, n=1):
    """n rows of each kind for `member`, recorded by olga."""
    rows, first = {}, PositionHeld.objects.filter(member=member).count()
    for i in range(first, first + n):
        rows["position"] = svc.position_start(
            actor=w.olga, member=member, unit=w.btv_a, title=f"Ủy viên {i}", started_on=D(2020, 10, 1)
        )
        rows["succession"] = svc.succession_add(
            actor=w.olga,
            member=member,
            unit=w.btv_a,
            term="2025-2030",
            title=f"Bí thư {i}",
            added_on=D(2025, 12, 10),
        )
        rows["training"] = svc.training_record(
            actor=w.olga,
            member=member,
            kind="theory",
            course=f"Trung cấp {i}",
            level="intermediate",
            started_on=D(2026, 1, 5),
        )
        rows["movement"] = svc.movement_record(
            actor=w.olga,
            member=member,
            unit=w.btv_a,
            kind="rotation",
            decided_on=D(2026, 4, 1),
            starts_on=D(2026, 4, 15),
            to_unit=w.ubnd_a,
            post="Phó Chủ tịch",
        )
        rows["nomination"] = svc.nomination_record(
            actor=w.olga,
            member=member,
            unit=w.commune_a,
            kind="election",
            post="Đại biểu HĐND xã",
            nominated_on=D(2026, 1, 20),
        )
    return rows


@pytest.fixture
def w(members_world):
    w = add_bodies(members_world)
    w.rows = add_rows(w, w.member_a)
    return w


def state():
    """Everything a refused request must leave as it was."""
    return [list(model.objects.order_by("pk").values()) for model in MODELS] + [AuditEntry.objects.count()]


def write_urls(w):
    a = w.member_a.pk
    urls = [reverse(f"cadres:{key}_create", args=[a]) for key in w.rows]
    urls += [reverse(f"cadres:{key}_edit", args=[row.pk]) for key, row in w.rows.items()]
    urls += [
        reverse("cadres:position_end", args=[w.rows["position"].pk]),
        reverse("cadres:succession_remove", args=[w.rows["succession"].pk]),
        reverse("cadres:training_complete", args=[w.rows["training"].pk]),
        reverse("cadres:nomination_outcome", args=[w.rows["nomination"].pk]),
    ]
    return urls


# --- the record page -----------------------------------------------------------------------------------------------


def test_olga_sees_the_record_with_its_forms(w, client_for):
    page = client_for(w.olga).get(reverse("cadres:record", args=[w.member_a.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for url in write_urls(w):
        assert url in html, url
    for text in ("Ủy viên 0", "Bí thư 0", "Trung cấp 0", "Phó Chủ tịch", "Đại biểu HĐND xã", "Ban Thường vụ"):
        assert text in html


def test_bob_reads_the_record_without_any_form(w, client_for):
    page = client_for(w.bob).get(reverse("cadres:record", args=[w.member_a.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Trung cấp 0" in html and "Đại biểu HĐND xã" in html
    for url in write_urls(w):
        assert url not in html, url


@pytest.mark.parametrize("who", ["charlie", "celia_other"])
def test_outsiders_get_404_for_the_record(w, client_for, who):
    user = w.charlie if who == "charlie" else w.celia
    member = w.member_a if who == "charlie" else w.member_b
    assert client_for(user).get(reverse("cadres:record", args=[member.pk])).status_code == 404


def test_a_missing_member_is_404_like_one_out_of_scope(w, client_for):
    assert client_for(w.olga).get(reverse("cadres:record", args=[99999])).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_write_page_is_404_for_charlie_and_403_for_bob_and_changes_nothing(w, client_for, method):
    before = state()
    for user, code in ((w.charlie, 404), (w.bob, 403)):
        client = client_for(user)
        for url in write_urls(w):
            response = getattr(client, method)(url, {"title": "x", "ended_on": "2026-06-01"})
            assert response.status_code == code, (user, url)
    assert state() == before


# --- olga's forms --------------------------------------------------------------------------------------------------


def post(client, name, pk, data):
    return client.post(reverse(f"cadres:{name}", args=[pk]), data)


def test_olga_adds_a_row_of_each_kind(w, client_for):
    client, a = client_for(w.olga), w.member_a.pk
    forms = {
        "position_create": {"unit": "HA-UB", "title": "Chủ tịch UBND huyện", "started_on": "2025-10-20"},
        "succession_create": {
            "unit": "HA-BTV",
            "term": "2030-2035",
            "title": "Bí thư Huyện ủy",
            "added_on": "2026-06-01",
        },
        "training_create": {"kind": "refresher", "course": "Bồi dưỡng cập nhật kiến thức", "started_on": "2026-03-01"},
        "movement_create": {
            "unit": "HA-BTV",
            "kind": "transfer",
            "decided_on": "2026-06-01",
            "starts_on": "2026-06-10",
            "destination": "Sở Nội vụ tỉnh",
        },
        "nomination_create": {
            "unit": "HA-BTV",
            "kind": "appointment",
            "post": "Phó Chủ tịch UBND xã",
            "nominated_on": "2026-06-01",
        },
    }
    for name, data in forms.items():
        response = post(client, name, a, data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
        assert response["Location"].startswith(reverse("cadres:record", args=[a]))
    assert [model.objects.count() for model in MODELS] == [2, 2, 2, 2, 2]


def test_a_refused_rule_is_shown_on_the_form_and_nothing_is_saved(w, client_for):
    before = state()
    response = post(
        client_for(w.olga),
        "succession_create",
        w.member_a.pk,
        {"unit": "HA-BTV", "term": "2030-2025", "title": "Bí thư", "added_on": "2026-06-01"},
    )
    assert response.status_code == 200
    assert shown(response, "The term must end after it starts.") in response.content.decode()
    assert state() == before


def test_a_body_out_of_scope_is_refused_by_the_form(w, client_for):
    response = post(
        client_for(w.olga),
        "position_create",
        w.member_a.pk,
        {"unit": "HB-BTV", "title": "x", "started_on": "2025-01-01"},
    )
    assert response.status_code == 200 and "HB-BTV" in response.content.decode()
    assert PositionHeld.objects.count() == 1


def test_a_movement_from_the_form_ends_and_starts_the_positions(w, client_for):
    old = w.rows["position"]
    response = post(
        client_for(w.olga),
        "movement_create",
        w.member_a.pk,
        {
            "unit": "HA-BTV",
            "kind": "rotation",
            "decided_on": "2026-06-01",
            "starts_on": "2026-06-10",
            "to_unit": "XA1",
            "post": "Bí thư Đảng ủy xã",
            "end_position": old.pk,
            "start_position": "on",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.ended_on == D(2026, 6, 9)
    assert PositionHeld.objects.filter(unit=w.commune_a, title="Bí thư Đảng ủy xã", started_on=D(2026, 6, 10)).exists()


def test_olga_ends_removes_completes_and_records_an_outcome(w, client_for):
    client, rows = client_for(w.olga), w.rows
    assert post(client, "position_end", rows["position"].pk, {"ended_on": "2026-06-01"}).status_code == 302
    assert post(client, "succession_remove", rows["succession"].pk, {"removed_on": "2026-06-01"}).status_code == 302
    assert post(client, "training_complete", rows["training"].pk, {"ended_on": "2026-06-01"}).status_code == 302
    outcome = {"outcome": "elected", "outcome_on": "2026-03-15"}
    assert post(client, "nomination_outcome", rows["nomination"].pk, outcome).status_code == 302
    for row in rows.values():
        row.refresh_from_db()
    w.member_a.refresh_from_db()
    assert rows["position"].ended_on == rows["succession"].removed_on == D(2026, 6, 1)
    assert rows["training"].completed and w.member_a.theory_level == "intermediate"
    assert rows["nomination"].outcome == "elected"


def test_olga_edits_a_row(w, client_for):
    row = w.rows["nomination"]
    data = {"kind": "election", "post": "Đại biểu HĐND huyện", "body": "", "nominated_on": "2026-01-21"}
    assert post(client_for(w.olga), "nomination_edit", row.pk, data).status_code == 302
    row.refresh_from_db()
    assert (row.post, row.nominated_on) == ("Đại biểu HĐND huyện", D(2026, 1, 21))
    page = client_for(w.olga).get(reverse("cadres:movement_edit", args=[w.rows["movement"].pk]))
    # The picker shows the unit chosen earlier by its id (and its name), not by its code
    chosen = Unit.objects.get(code="HA-UB")
    assert page.status_code == 200 and f'value="{chosen.pk}"' in page.content.decode()


# --- lists ---------------------------------------------------------------------------------------------------------

LISTS = ["succession", "movement", "training", "nomination"]
# session, user, roles, unread notifications, the unit, then the page's own: a count and a page (joined), plus the
# terms of the plan, or the counts by kind and outcome of the nominations
LIMITS = {"succession": 8, "movement": 7, "training": 7, "nomination": 8}


def queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("name", LISTS)
def test_list_pages_keep_a_fixed_number_of_queries(w, client_for, name):
    client, url = client_for(w.bob), reverse(f"cadres:{name}_list")
    params = {"unit": w.district_a.pk, "start": "2020-01-01", "end": "2026-12-31"}
    few = queries(client, url, params)
    for i in range(6):
        add_rows(w, make_member(w.cell_a, f"Cán bộ {i}"), n=2)
    more = queries(client, url, params)
    assert few == more <= LIMITS[name], (few, more)


@pytest.mark.parametrize("name", LISTS)
def test_charlie_sees_nothing_of_district_a(w, client_for, name):
    client, url = client_for(w.charlie), reverse(f"cadres:{name}_list")
    html = client.get(url).content.decode()
    assert w.member_a.full_name not in html
    assert client.get(url, {"unit": w.district_a.pk}).status_code == 404
    assert client.get(url, {"unit": "abc"}).status_code == 404


def test_the_succession_plan_is_grouped_by_body_and_post(w, client_for):
    other = make_member(w.cell_a, "Phạm Văn Hai")
    svc.succession_add(
        actor=w.olga, member=other, unit=w.btv_a, term="2025-2030", title="Bí thư 0", added_on=D(2026, 1, 1)
    )
    html = client_for(w.bob).get(reverse("cadres:succession_list"), {"unit": w.district_a.pk}).content.decode()
    assert "Ban Thường vụ Huyện ủy An — Bí thư 0" in html and html.count("— Bí thư 0") == 1
    assert "Phạm Văn Hai" in html and w.member_a.full_name in html and "2025-2030" in html


def test_list_filters_and_the_htmx_partial(w, client_for):
    client = client_for(w.bob)
    url = reverse("cadres:nomination_list")
    partial = client.get(url, {"unit": w.district_a.pk, "kind": "appointment"}, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "<html" not in html and w.member_a.full_name not in html
    page = client.get(url, {"unit": w.district_a.pk, "kind": "election"})
    html = page.content.decode()
    assert w.member_a.full_name in html and f"<b>1</b>{shown(page, 'nominated for election')}" in html
    html = client.get(reverse("cadres:movement_list"), {"unit": w.district_a.pk, "start": "2026-05-01"})
    assert w.member_a.full_name not in html.content.decode()


def test_the_record_page_keeps_a_fixed_number_of_queries(w, client_for):
    client, url = client_for(w.olga), reverse("cadres:record", args=[w.member_a.pk])
    few = queries(client, url, {})
    add_rows(w, w.member_a, n=4)
    assert queries(client, url, {}) == few <= 12, few
