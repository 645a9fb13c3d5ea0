"""The reform page of a province and of the centre, its background run, the placement form, and the command:
the organisation board previews then applies; others are refused and nothing is written."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from conftest import make_user, shown
from lanhdao.accounts.roles import Role
from lanhdao.audit.models import AuditEntry
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit
from lanhdao.org.services import UnitSpec, units_bulk_create
from lanhdao.org.shapes import province_spec
from lanhdao.restructuring import reform2025_runs
from lanhdao.restructuring.models import Operation, ReformRun


def state():
    return Operation.objects.count(), AuditEntry.objects.count(), Unit.objects.count(), ReformRun.objects.count()


@pytest.fixture
def country(db):
    """The Central Committee with Thái Nguyên as it stood before 1 July 2025 under it."""
    root = make_user("root", is_superuser=True, is_staff=True)
    units_bulk_create(
        actor=root, parent=None, specs=[UnitSpec("TW", "Ban Chấp hành Trung ương", K.CENTRAL)], audit=False
    )
    units_bulk_create(actor=root, parent=Unit.objects.get(code="TW"), specs=[province_spec()], audit=False)
    province = Unit.objects.get(code="TU19")
    return {
        "root": root,
        "centre": Unit.objects.get(code="TW"),
        "province": province,
        "board": make_user("tochuc", role=Role.ORGANISATION_BOARD, unit=province),
        "viewer": make_user("xem", role=Role.VIEWER, unit=province),
        "outsider": make_user("ngoai", role=Role.ORGANISATION_BOARD, unit=Unit.objects.get(code="HU167")),
    }


def test_the_board_previews_then_applies_the_reform_of_its_province(country, client_for):
    client = client_for(country["board"])
    url = reverse("restructuring:reform2025", args=[country["province"].pk])
    before = state()
    page = client.get(url)
    assert page.status_code == 200
    counts = dict(page.context["counts"])
    assert counts[shown(page, "New communes created")] == 92
    assert counts[shown(page, "District committees closed")] == 9
    assert counts[shown(page, "Old communes to be placed by hand")] == 3  # the three split communes with cells
    assert "1683/NQ-UBTVQH15" in page.content.decode() and "202/2025/QH15" in page.content.decode()
    assert client.post(url, {"effective_on": "2025-07-01"}).status_code == 200  # not confirmed: nothing done
    assert state() == before

    response = client.post(url, {"effective_on": "2025-07-01", "confirm": "on"})

    run = ReformRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("restructuring:reform2025_run", args=[run.pk])
    assert run.status == "done" and run.result == {"19": 2}
    assert Unit.objects.filter(code="XA05467", archived_at__isnull=True).exists()
    progress = client.get(response.url, headers={"HX-Request": "true"})
    assert progress.status_code == 200 and "100" in progress.content.decode()
    again = client.get(url)
    assert shown(again, "To be placed") in again.content.decode()
    assert again.context["design"].applied is not None
    # a second apply runs, finds the province reformed and writes no operation
    operations = Operation.objects.count()
    client.post(url, {"effective_on": "2025-07-01", "confirm": "on"})
    second = ReformRun.objects.order_by("-id").first()
    assert second.status == "done" and second.result == {"19": 0}
    assert Operation.objects.count() == operations
    assert shown(
        client.get(reverse("restructuring:reform2025_run", args=[second.pk])), "already reformed: nothing to do"
    )


def test_the_board_places_a_held_commune_through_its_form(country, client_for):
    client = client_for(country["board"])
    client.post(
        reverse("restructuring:reform2025", args=[country["province"].pk]),
        {"effective_on": "2025-07-01", "confirm": "on"},
    )
    held = Unit.objects.get(code="DU05461", archived_at__isnull=True)
    url = reverse("restructuring:reform2025_place", args=[held.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["waiting"]
    cells = reform2025_runs.placeable(held)
    target = Unit.objects.get(code="XA05467")
    data = {f"to_{c.pk}": target.pk for c in cells} | {"receiver": target.pk, "effective_on": "2025-07-02"}
    refused = client.post(url, {**data, f"to_{cells[0].pk}": ""})
    assert refused.status_code == 200 and Unit.objects.get(pk=held.pk).archived_at is None

    response = client.post(url, data)

    operation = Operation.objects.get(spec__reform2025_placed="DU05461")
    assert response.status_code == 302 and response.url == reverse(
        "restructuring:operation_detail", args=[operation.pk]
    )
    assert Unit.objects.get(pk=held.pk).archived_at is not None
    assert Unit.objects.filter(code=cells[0].code, archived_at__isnull=True).get().path.startswith(target.path)


def test_the_centre_previews_the_whole_country(country, client_for):
    client = client_for(make_user("bttw", role=Role.ORGANISATION_BOARD, unit=country["centre"]))
    page = client.get(reverse("restructuring:reform2025", args=[country["centre"].pk]))
    assert page.status_code == 200
    [row] = page.context["country"]
    assert row["name"] == "Tỉnh Thái Nguyên" and row["resolution"] == "1683/NQ-UBTVQH15" and row["created"] == 92


def test_an_outsider_and_a_reader_are_refused_and_nothing_is_written(country, client_for):
    url = reverse("restructuring:reform2025", args=[country["province"].pk])
    held_url = reverse("restructuring:reform2025_place", args=[Unit.objects.get(code="DU05461").pk])
    before = state()
    outsider = client_for(country["outsider"])
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"effective_on": "2025-07-01", "confirm": "on"}).status_code == 404
    assert outsider.post(held_url, {"effective_on": "2025-07-02"}).status_code == 404
    reader = client_for(country["viewer"])
    assert reader.get(url).status_code == 403
    assert reader.post(url, {"effective_on": "2025-07-01", "confirm": "on"}).status_code == 403
    assert state() == before


def test_a_run_is_its_owners_alone(country, client_for):
    run = ReformRun.objects.create(
        owner=country["board"], unit=country["province"], provinces=[19], effective_on=datetime.date(2025, 7, 1)
    )
    url = reverse("restructuring:reform2025_run", args=[run.pk])
    assert client_for(country["board"]).get(url).status_code == 200
    assert client_for(country["viewer"]).get(url).status_code == 404


def test_the_command_previews_then_applies_and_says_when_there_is_nothing_to_do(country):
    out = StringIO()
    call_command("reform2025", province="Thái Nguyên", stdout=out)
    assert "communes_created: 92" in out.getvalue() and "1683/NQ-UBTVQH15" in out.getvalue()
    assert not Operation.objects.exists()
    with pytest.raises(CommandError):
        call_command("reform2025", province="19", apply=True)  # no account named
    with pytest.raises(CommandError):
        call_command("reform2025", province="Atlantis")
    out = StringIO()
    call_command("reform2025", province="19", apply=True, user="tochuc", stdout=out, stderr=StringIO())
    assert "Tỉnh Thái Nguyên: 2 operations" in out.getvalue()
    out = StringIO()
    call_command("reform2025", country=True, apply=True, user="tochuc", stdout=out, stderr=StringIO())
    assert "Tỉnh Thái Nguyên: already reformed: nothing to do" in out.getvalue()


def test_the_province_page_links_its_board_to_the_reform_and_nobody_else(country, client_for):
    """The reform is reached by a link (the unit's restructuring panel), not by an address typed; only the
    organisation board of the province sees the link."""
    panel = reverse("restructuring:unit_panel", args=[country["province"].pk])
    target = reverse("restructuring:reform2025", args=[country["province"].pk])
    assert f'href="{target}"' in client_for(country["board"]).get(panel).content.decode()
    assert f'href="{target}"' not in client_for(country["viewer"]).get(panel).content.decode()
