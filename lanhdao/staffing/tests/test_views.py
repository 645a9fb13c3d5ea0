"""Staffing pages: each shows the hand-counted figures, refuses the outsider (404) and the read-only user (403 on
every form, nothing changed), keeps a fixed number of queries, and the forms save all or nothing."""

import re

import pytest
from django.urls import reverse

from conftest import add_unit, shown
from lanhdao.audit.models import AuditEntry
from lanhdao.org.kinds import UnitKind
from lanhdao.staffing.models import StaffingQuota, StreamliningTarget
from lanhdao.staffing.services import Entry, cell_key, staffing_save

from .staffing_data import CS, CT, PE, load


@pytest.fixture
def staffed(world):
    return load(world)


def state():
    return (
        list(StaffingQuota.objects.values_list("unit_id", "year", "category", "assigned", "headcount").order_by("pk")),
        list(StreamliningTarget.objects.values_list("percent", "archived_at").order_by("pk")),
        AuditEntry.objects.count(),
    )


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_unit_page_links_to_staffing(staffed, client_for):
    page = client_for(staffed.bob).get(reverse("org:unit_detail", args=[staffed.district_a.pk]))
    assert reverse("staffing:unit", args=[staffed.district_a.pk]) in page.content.decode()


def test_a_units_staffing_page(staffed, client_for, django_assert_max_num_queries):
    client = client_for(staffed.bob)
    url = reverse("staffing:unit", args=[staffed.district_a.pk])
    with django_assert_max_num_queries(9):
        page = client.get(url, {"year": 2025})
    assert page.status_code == 200
    body = text(page)
    assert "<svg" in body and "<polyline" in body and "style=" not in body
    assert '<div class="stat"><b>88</b>' in body  # the subtree's quota
    assert "Nghị quyết 39-NQ/TW" in body
    # bob only reads: no form link
    assert reverse("staffing:edit", args=[staffed.district_a.pk, 2025]) not in body
    assert reverse("staffing:target_create", args=[staffed.district_a.pk]) not in body


def test_the_secretary_sees_the_forms_she_may_use(staffed, client_for):
    body = text(client_for(staffed.alice).get(reverse("staffing:unit", args=[staffed.district_a.pk]) + "?year=2025"))
    assert reverse("staffing:edit", args=[staffed.district_a.pk, 2025]) in body
    assert reverse("staffing:grid", args=[staffed.district_a.pk, 2025]) in body
    # the district's own targets are the province's to set
    assert reverse("staffing:target_create", args=[staffed.district_a.pk]) not in body
    body = text(client_for(staffed.alice).get(reverse("staffing:unit", args=[staffed.ubnd_a.pk])))
    assert reverse("staffing:target_create", args=[staffed.ubnd_a.pk]) in body


def test_the_subtree_view(staffed, client_for, django_assert_max_num_queries):
    client = client_for(staffed.bob)
    url = reverse("staffing:subtree", args=[staffed.district_a.pk])
    with django_assert_max_num_queries(12):
        page = client.get(url, {"year": 2025})
    body = text(page)
    table = body.split('id="staffing-lines"')[1].split("</table>")[0]
    rows = [
        " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<svg.*?</svg>", "", r)).split())
        for r in re.findall(r"<tr[^>]*> <td>.*?</tr>", table)
    ]
    # the district's own rows, XA1, HA-UB: assigned, headcount, vacancies, over, target limit, distance
    assert rows == [
        f"{shown(page, '%(name)s itself', name='Huyện ủy An')} 20 18 2 0 — —",
        "Đảng ủy xã An Một ↗ 25 26 1 +2 — —",
        f"Ủy ban nhân dân huyện An ↗ 43 42 3 +2 40 (2026) {shown(page, '%(n)s still to cut', n=3)}",
    ]
    target = shown(
        page,
        "Streamlining target: −%(pc)s %% from %(base_year)s (%(base)s) to %(target_year)s: at most %(limit)s.",
        pc=10,
        base_year=2021,
        base=100,
        target_year=2026,
        limit=90,
    )
    assert f'id="subtree-target">{target}' in body
    assert 'id="over-quota"' in body


def test_the_subtree_view_takes_as_many_queries_for_many_children(staffed, client_for, django_assert_max_num_queries):
    communes = [add_unit(staffed.district_a, f"XA{i}", f"Xã An {i}", UnitKind.COMMUNE_COMMITTEE) for i in range(2, 12)]
    entries = [Entry(u, c, {"assigned": 5, "headcount": 6}) for u in communes for c in (CS, CT)]
    staffing_save(actor=staffed.root, year=2025, entries=entries)
    client = client_for(staffed.bob)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("staffing:subtree", args=[staffed.district_a.pk]), {"year": 2025})
    assert text(page).count("status status-overdue") > 10


def test_pages_draw_with_dots_whatever_the_language(staffed, client_for):
    """Vietnamese writes 12,5: SVG coordinates must not go through the template's number formatting."""
    client = client_for(staffed.bob)
    client.post(reverse("set_language"), {"language": "vi"})
    body = client.get(reverse("staffing:subtree", args=[staffed.district_a.pk]), {"year": 2025}).content.decode()
    points = re.findall(r'points="([^"]+)"', body)
    assert points and all(re.fullmatch(r"-?[\d.]+,-?[\d.]+( -?[\d.]+,-?[\d.]+)*", p) for p in points)
    assert all("," not in v for v in re.findall(r'(?:cx|cy|x1|x2|y1|y2)="([^"]+)"', body))


def test_the_subtree_view_sorts_and_answers_htmx_with_the_table_only(staffed, client_for):
    client = client_for(staffed.bob)
    url = reverse("staffing:subtree", args=[staffed.district_a.pk])
    page = client.get(url, {"year": 2025, "sort": "distance"}, headers={"HX-Request": "true"})
    body = text(page)
    assert "<h1>" not in body
    names = re.findall(r'staffing/\d+/units/\?year=2025&amp;category=">([^<]+)</a>', body)
    assert names == ["Ủy ban nhân dân huyện An", "Đảng ủy xã An Một"]


def test_the_subtree_view_of_one_category(staffed, client_for):
    body = text(
        client_for(staffed.bob).get(
            reverse("staffing:subtree", args=[staffed.district_a.pk]), {"year": 2025, "category": PE}
        )
    )
    assert '<div class="stat"><b>5</b>' in body and 'id="subtree-target"' not in body


def test_the_over_quota_list(staffed, client_for):
    body = text(client_for(staffed.bob).get(reverse("staffing:over", args=[staffed.district_a.pk]), {"year": 2025}))
    assert "Đảng ủy xã An Một" in body and "Phòng Nội vụ huyện An" in body


@pytest.mark.parametrize(
    "name",
    ["staffing:unit", "staffing:subtree", "staffing:over", "staffing:target_create"],
)
def test_the_outsider_gets_404(staffed, client_for, name):
    assert client_for(staffed.charlie).get(reverse(name, args=[staffed.district_a.pk])).status_code == 404


def test_the_outsider_gets_404_on_forms_and_targets(staffed, client_for):
    client = client_for(staffed.charlie)
    before = state()
    assert client.get(reverse("staffing:edit", args=[staffed.commune_a.pk, 2025])).status_code == 404
    assert client.post(reverse("staffing:grid", args=[staffed.district_a.pk, 2025]), {}).status_code == 404
    assert client.post(reverse("staffing:target_edit", args=[staffed.target_ub.pk]), {}).status_code == 404
    assert client.post(reverse("staffing:target_archive", args=[staffed.target_ub.pk])).status_code == 404
    assert state() == before


def test_the_viewer_gets_403_on_every_form_and_nothing_changes(staffed, client_for):
    client = client_for(staffed.bob)
    before = state()
    key = cell_key(staffed.commune_a.pk, CS, "headcount")
    assert client.get(reverse("staffing:edit", args=[staffed.commune_a.pk, 2025])).status_code == 403
    assert client.post(reverse("staffing:edit", args=[staffed.commune_a.pk, 2025]), {key: 1}).status_code == 403
    assert client.post(reverse("staffing:grid", args=[staffed.district_a.pk, 2025]), {key: 1}).status_code == 403
    target = {"base_year": 2021, "target_year": 2026, "percent": 5}
    assert client.post(reverse("staffing:target_create", args=[staffed.ubnd_a.pk]), target).status_code == 403
    assert client.post(reverse("staffing:target_edit", args=[staffed.target_ub.pk]), target).status_code == 403
    assert client.post(reverse("staffing:target_archive", args=[staffed.target_ub.pk])).status_code == 403
    assert state() == before


def test_the_district_reports_its_headcount_on_its_own_form_where_the_quota_is_read_only(staffed, client_for):
    client = client_for(staffed.alice)
    url = reverse("staffing:edit", args=[staffed.district_a.pk, 2025])
    form = client.get(url).content.decode()
    assert re.search(rf'name="{cell_key(staffed.district_a.pk, CS, "assigned")}"[^>]*disabled', form)
    response = client.post(
        url,
        {
            cell_key(staffed.district_a.pk, CS, "assigned"): 999,  # disabled: ignored
            cell_key(staffed.district_a.pk, CS, "headcount"): 19,
            cell_key(staffed.district_a.pk, CS, "note"): "Một người nghỉ hưu",
            cell_key(staffed.district_a.pk, PE, "headcount"): "",
        },
    )
    assert response.status_code == 302
    row = StaffingQuota.objects.get(unit=staffed.district_a, year=2025, category=CS)
    assert (row.assigned, row.headcount, row.note) == (20, 19, "Một người nghỉ hưu")
    assert not StaffingQuota.objects.filter(unit=staffed.district_a, year=2025, category=PE).exists()


def grid_data(world, **overrides):
    data = {}
    for unit, (a, h) in ((world.commune_a, (22, 21)), (world.ubnd_a, (30, 30))):
        data[cell_key(unit.pk, CS, "assigned")] = a
        data[cell_key(unit.pk, CS, "headcount")] = h
    data[cell_key(world.commune_a.pk, CT, "assigned")] = 3
    data[cell_key(world.commune_a.pk, CT, "headcount")] = 5
    return data | overrides


def test_the_grid_of_the_children_saves_every_cell_at_once(staffed, client_for):
    w = staffed
    url = reverse("staffing:grid", args=[w.district_a.pk, 2025])
    response = client_for(w.alice).post(
        url, grid_data(w, **{cell_key(w.commune_a.pk, CS, "assigned"): 21, cell_key(w.ubnd_a.pk, PE, "assigned"): 4})
    )
    assert response.status_code == 302
    assert StaffingQuota.objects.get(unit=w.commune_a, year=2025, category=CS).assigned == 21
    assert StaffingQuota.objects.get(unit=w.ubnd_a, year=2025, category=PE).assigned == 4


def test_a_grid_with_one_bad_cell_saves_nothing_and_shows_the_error_on_it(staffed, client_for):
    w = staffed
    before = state()
    bad = cell_key(w.ubnd_a.pk, CS, "headcount")
    response = client_for(w.alice).post(
        reverse("staffing:grid", args=[w.district_a.pk, 2025]),
        grid_data(w, **{cell_key(w.commune_a.pk, CS, "assigned"): 21, bad: -4}),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(rf'name="{bad}"[^>]*aria-invalid="true"', body)
    assert state() == before


def test_a_target_is_created_edited_and_archived_by_the_level_above(staffed, client_for):
    client = client_for(staffed.alice)
    response = client.post(
        reverse("staffing:target_create", args=[staffed.commune_a.pk]),
        {"category": CS, "base_year": 2021, "target_year": 2026, "percent": "5", "legal_basis": "Kết luận 40-KL/TW"},
    )
    assert response.status_code == 302
    target = StreamliningTarget.objects.get(unit=staffed.commune_a)
    response = client.post(
        reverse("staffing:target_edit", args=[target.pk]),
        {"category": CS, "base_year": 2021, "target_year": 2026, "percent": "7.5"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.percent_text == "7.5"
    assert client.get(reverse("staffing:target_archive", args=[target.pk])).status_code == 200
    assert client.post(reverse("staffing:target_archive", args=[target.pk]), {"note": "Nhầm"}).status_code == 302
    target.refresh_from_db()
    assert target.archived_at is not None
    # the district's own target is the province's
    assert client.get(reverse("staffing:target_create", args=[staffed.district_a.pk])).status_code == 403
    assert client.post(reverse("staffing:target_edit", args=[staffed.target_a.pk]), {}).status_code == 403


def test_a_target_form_reports_bad_years(staffed, client_for):
    response = client_for(staffed.alice).post(
        reverse("staffing:target_create", args=[staffed.commune_a.pk]),
        {"base_year": 2026, "target_year": 2021, "percent": "5"},
    )
    assert response.status_code == 200 and not StreamliningTarget.objects.filter(unit=staffed.commune_a).exists()


def test_a_year_out_of_range_is_not_found(staffed, client_for):
    client = client_for(staffed.alice)
    assert client.get(reverse("staffing:edit", args=[staffed.commune_a.pk, 1200])).status_code == 404


def test_the_year_picker_shows_this_year_by_default(world, client_for):
    from django.urls import reverse
    from django.utils import timezone

    page = client_for(world.alice).get(reverse("staffing:subtree", args=[world.district_a.pk]))
    year = timezone.localdate().year
    assert f'<option value="{year}" selected>' in page.content.decode()
