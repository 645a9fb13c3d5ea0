"""The unit picker (org.picker on core.picker): what a typed text means, what may be chosen, and what the suggestion
endpoint tells whom."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from conftest import add_unit
from lanhdao.accounts.roles import Perm
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.picker import UnitChoices, UnitField, UnitRef, UnitsField, unit_choices
from lanhdao.work.models import Task


class OneUnit(forms.Form):
    unit = UnitField(label="Unit")
    day = forms.DateField(required=False)


class DatedUnit(forms.Form):
    day = forms.DateField()
    unit = UnitField(label="Unit", on_field="day")


class SeveralUnits(forms.Form):
    units = UnitsField(label="Units")


def chosen(form_class, data, choices):
    form = form_class(data)
    form.fields["unit" if "unit" in form.fields else "units"].units = choices
    return form


def test_a_unit_is_found_by_its_name_with_or_without_diacritics_or_its_code(world):
    choices = unit_choices(world.alice, Perm.VIEW)
    for typed in ("Phòng Nội vụ huyện An", "phong noi vu huyen an", "PHÒNG NỘI VỤ HUYỆN AN", "HA-UB-NV", "ha-ub-nv"):
        form = chosen(OneUnit, {"unit__text": typed}, choices)
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["unit"] == world.dept_a
    # the old forms posted the code in the field itself: still accepted
    form = chosen(OneUnit, {"unit": "HA-UB-NV"}, choices)
    assert form.is_valid() and form.cleaned_data["unit"] == world.dept_a


def test_the_id_sent_by_the_picker_is_checked_against_the_choices(world):
    choices = unit_choices(world.alice, Perm.VIEW)
    form = chosen(OneUnit, {"unit": str(world.dept_a.pk), "unit__text": world.dept_a.name}, choices)
    assert form.is_valid() and form.cleaned_data["unit"] == world.dept_a
    # an id outside the user's scope is refused, whatever the text says
    outside = chosen(OneUnit, {"unit": str(world.commune_b.pk), "unit__text": world.commune_b.name}, choices)
    assert not outside.is_valid()
    assert "unit" in outside.errors and not outside.cleaned_data.get("unit")


def test_a_text_edited_after_choosing_is_what_counts(world):
    """Without JavaScript the hidden id stays as it was rendered; the text the user changed is what they mean."""
    choices = unit_choices(world.alice, Perm.VIEW)
    form = chosen(OneUnit, {"unit": str(world.dept_a.pk), "unit__text": "Đảng ủy xã An Một"}, choices)
    assert form.is_valid() and form.cleaned_data["unit"] == world.commune_a


def test_an_ambiguous_name_lists_the_candidates_with_their_parents(world):
    add_unit(world.commune_a, "CA2", "Chi bộ thôn Hai", K.CELL)
    add_unit(world.ubnd_a, "CA2-X", "Chi bộ thôn Hai", K.CELL)
    form = chosen(OneUnit, {"unit__text": "chi bo thon hai"}, unit_choices(world.alice, Perm.VIEW))
    assert not form.is_valid()
    message = form.errors["unit"][0]
    assert "CA2" in message and "CA2-X" in message
    assert "Đảng ủy xã An Một" in message and "Ủy ban nhân dân huyện An" in message
    # the code settles it
    form = chosen(OneUnit, {"unit__text": "CA2-X"}, unit_choices(world.alice, Perm.VIEW))
    assert form.is_valid() and form.cleaned_data["unit"].code == "CA2-X"


def test_a_unit_outside_the_scope_is_refused_by_name_and_by_code(world):
    choices = unit_choices(world.alice, Perm.VIEW)
    for typed in ("Đảng ủy xã Bình Một", "XB1"):
        form = chosen(OneUnit, {"unit__text": typed}, choices)
        assert not form.is_valid()
        assert typed in form.errors["unit"][0]


def test_an_archived_unit_cannot_be_chosen(world):
    world.dept_a.archived_at = timezone.now()
    world.dept_a.save()
    choices = unit_choices(world.alice, Perm.VIEW)
    for data in ({"unit__text": "Phòng Nội vụ huyện An"}, {"unit": str(world.dept_a.pk)}):
        assert not chosen(OneUnit, data, choices).is_valid()
    assert world.dept_a.pk not in [o["pk"] for o in choices.suggest("noi vu")]


def test_only_the_units_that_exist_on_the_forms_date_may_be_chosen(world):
    world.dept_a.valid_to = datetime.date(2025, 6, 30)
    world.dept_a.save()
    choices = unit_choices(world.alice, Perm.VIEW)
    before = chosen(DatedUnit, {"day": "2025-06-30", "unit__text": "HA-UB-NV"}, choices)
    assert before.is_valid(), before.errors
    after = chosen(DatedUnit, {"day": "2025-07-01", "unit__text": "HA-UB-NV"}, choices)
    assert not after.is_valid() and "unit" in after.errors


def test_the_kind_and_the_subtree_limit_the_choices(world):
    cells = unit_choices(world.alice, Perm.VIEW, kinds={K.CELL})
    assert [u.code for u in cells.queryset()] == ["CA1"]
    under = unit_choices(world.alice, Perm.VIEW, under=world.ubnd_a)
    assert sorted(u.code for u in under.queryset()) == ["HA-UB", "HA-UB-NV"]
    assert not chosen(OneUnit, {"unit__text": "XA1"}, under).is_valid()


def test_several_units_by_id_by_names_and_by_codes_as_before(world):
    choices = unit_choices(world.alice, Perm.VIEW)
    data = {"units": [str(world.commune_a.pk)], "units__text": "phong noi vu huyen an; HA-UB"}
    form = chosen(SeveralUnits, data, choices)
    assert form.is_valid(), form.errors
    assert [u.code for u in form.cleaned_data["units"]] == ["XA1", "HA-UB-NV", "HA-UB"]
    old = chosen(SeveralUnits, {"units__text": "XA1 HA-UB-NV"}, choices)
    assert old.is_valid() and [u.code for u in old.cleaned_data["units"]] == ["XA1", "HA-UB-NV"]
    refused = chosen(SeveralUnits, {"units": [str(world.commune_b.pk)]}, choices)
    assert not refused.is_valid()


def test_a_small_set_is_a_select_and_a_large_one_a_text_box(world, monkeypatch):
    form = chosen(OneUnit, {}, unit_choices(world.alice, Perm.VIEW))
    html = str(form["unit"])
    assert "<select" in html and f'value="{world.dept_a.pk}"' in html and "Phòng Nội vụ huyện An" in html
    assert "XB1" not in html and "Bình" not in html
    monkeypatch.setattr("lanhdao.core.picker.SMALL", 2)
    html = str(chosen(OneUnit, {}, unit_choices(world.alice, Perm.VIEW))["unit"])
    assert "<select" not in html and 'name="unit__text"' in html and 'type="hidden" name="unit"' in html


# --- the suggestion endpoint ----------------------------------------------------------------------------------------


def suggest(client, query, choices=None):
    params = {"q": query}
    if choices is not None:
        params["t"] = choices.token()
    return client.get(reverse("org:pick_units"), params)


def test_suggestions_match_the_name_without_diacritics_within_the_users_scope(world, client_for):
    response = suggest(client_for(world.bob), "noi vu", unit_choices(world.bob, Perm.VIEW))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="option"' in page and f'data-value="{world.dept_a.pk}"' in page and "Phòng Nội vụ huyện An" in page
    # its code and parent tell it apart
    assert "HA-UB-NV" in page and "Ủy ban nhân dân huyện An" in page
    other = suggest(client_for(world.bob), "binh").content.decode()
    assert "Bình" not in other and 'role="option"' not in other


def test_suggestions_follow_the_fields_choices(world, client_for):
    """A field taking the units one may record in offers no more: bob only views district A."""
    response = suggest(client_for(world.bob), "an", unit_choices(world.bob, Perm.RECORD))
    assert response.status_code == 200 and 'role="option"' not in response.content.decode()
    cells = suggest(client_for(world.alice), "", unit_choices(world.alice, Perm.VIEW, kinds={K.CELL}))
    assert cells.content.decode().count('role="option"') == 1


def test_a_token_made_for_someone_else_gives_nothing(world, client_for):
    """charlie replays alice's token: the endpoint rebuilds choices for the user asking, and alice's are not his."""
    response = suggest(client_for(world.charlie), "an", unit_choices(world.alice, Perm.VIEW))
    assert response.status_code == 200 and 'role="option"' not in response.content.decode()
    forged = client_for(world.charlie).get(reverse("org:pick_units"), {"q": "an", "t": "forged:token"})
    assert forged.status_code == 200 and 'role="option"' not in forged.content.decode()


def test_an_outsider_gets_no_suggestions(world, client_for):
    from conftest import make_user

    nobody = make_user("nobody")
    response = suggest(client_for(nobody), "an")
    assert response.status_code == 403
    assert client_for(nobody).get(reverse("accounts:pick_users"), {"q": "a"}).status_code == 403
    assert client_for(nobody).get(reverse("members:pick_members"), {"q": "a"}).status_code == 403


def test_suggestions_on_a_day_leave_out_the_units_closed_then(world, client_for):
    world.dept_a.valid_to = datetime.date(2025, 6, 30)
    world.dept_a.save()
    choices = unit_choices(world.alice, Perm.VIEW)
    url = reverse("org:pick_units")
    client = client_for(world.alice)
    assert "HA-UB-NV" in client.get(url, {"q": "noi vu", "t": choices.token(), "on": "2025-06-01"}).content.decode()
    assert "HA-UB-NV" not in client.get(url, {"q": "noi vu", "t": choices.token(), "on": "01/07/2025"}).content.decode()


def test_choices_come_back_from_their_token_for_the_same_user_only(world):
    choices = unit_choices(world.alice, Perm.RECORD, kinds={K.CELL}, under=world.commune_a)
    again = UnitChoices.from_token(world.alice, choices.token())
    assert again.spec == choices.spec
    assert UnitChoices.from_token(world.charlie, choices.token()) is None


# --- pages and the API ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_task_is_assigned_to_units_typed_by_name(world, client_for):
    data = {
        "assigning_unit__text": "Huyện ủy An",
        "title": "Rà soát biên chế",
        "lead_unit__text": "phong noi vu huyen an",
        "coordinating_units__text": "Đảng ủy xã An Một",
        "start_date": timezone.localdate().isoformat(),
        "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        "priority": "2",
    }
    response = client_for(world.alice).post(reverse("work:task_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    task = Task.objects.get(title="Rà soát biên chế")
    assert (task.assigning_unit, task.lead_unit) == (world.district_a, world.dept_a)
    assert list(task.coordinating_units.all()) == [world.commune_a]


def test_the_task_form_names_units_without_codes(world, client_for):
    page = client_for(world.alice).get(reverse("work:task_create")).content.decode()
    assert "(mã)" not in page and "(code)" not in page
    assert 'data-picker="/units/pick/?t=' in page


def test_the_api_takes_a_unit_by_its_code_or_its_id(world, api_for):
    start = timezone.localdate()
    body = {
        "assigning_unit": "HA",
        "lead_unit": "HA-UB-NV",
        "coordinating_units": ["XA1", world.ubnd_a.pk],
        "title": "Theo mã",
        "start_date": start.isoformat(),
        "deadline": (start + datetime.timedelta(days=10)).isoformat(),
    }
    response = api_for(world.alice).post("/api/tasks/", body, format="json")
    assert response.status_code == 201, response.content
    task = Task.objects.get(title="Theo mã")
    assert task.lead_unit == world.dept_a
    assert sorted(u.code for u in task.coordinating_units.all()) == ["HA-UB", "XA1"]
    # a code outside one's scope and a code nobody bears get the same answer: nothing tells them apart
    outside = api_for(world.alice).post("/api/tasks/", body | {"lead_unit": "XB1", "title": "x"}, format="json")
    unknown = api_for(world.alice).post("/api/tasks/", body | {"lead_unit": "NO-SUCH", "title": "x"}, format="json")
    assert outside.status_code == unknown.status_code == 404
    assert not Task.objects.filter(title="x").exists()


def test_unit_ref_reads_ids_and_codes(world):
    field = UnitRef()
    assert field.run_validation(world.dept_a.pk) == world.dept_a.pk
    assert field.run_validation(str(world.dept_a.pk)) == world.dept_a.pk
    assert field.run_validation("HA-UB-NV") == world.dept_a.pk
    assert Task.objects.filter(pk=field.run_validation("NO-SUCH")).count() == 0


def test_the_schema_says_a_unit_field_takes_an_id_or_a_code(world, api_for):
    schema = api_for(world.alice).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    lead = schema["components"]["schemas"]["TaskWriteRequest"]["properties"]["lead_unit"]
    assert {"type": "integer"} in lead["oneOf"] and {"type": "string"} in lead["oneOf"]


def test_an_untouched_picker_is_unchanged_and_a_new_choice_is_a_change(world):
    """Formsets skip the extra rows nobody filled in by has_changed(): an empty picker must say it is unchanged."""
    field = UnitField()
    field.units = unit_choices(world.alice, Perm.VIEW)
    assert not field.has_changed(None, {"ids": [], "text": ""})
    assert not field.has_changed(world.dept_a, {"ids": [str(world.dept_a.pk)], "text": world.dept_a.name})
    assert field.has_changed(world.dept_a, {"ids": [str(world.commune_a.pk)], "text": world.commune_a.name})
    assert field.has_changed(None, {"ids": [], "text": "noi vu"})


def test_the_task_list_filters_by_the_lead_units_name_or_code(world, client_for):
    from lanhdao.work import services

    start = timezone.localdate()
    for lead in (world.dept_a, world.commune_a):
        services.task_create(
            actor=world.alice,
            assigning_unit=world.district_a,
            lead_unit=lead,
            title=f"Việc của {lead.code}",
            start_date=start,
            deadline=start + datetime.timedelta(days=5),
        )
    client = client_for(world.alice)
    for lead in ("noi vu", "HA-UB-NV"):
        page = client.get(reverse("work:task_list"), {"unit": world.district_a.pk, "lead": lead}).content.decode()
        assert "Việc của HA-UB-NV" in page and "Việc của XA1" not in page


def test_a_code_typed_in_a_small_picker_survives_the_form_coming_back(world):
    """A small set is a <select> (no text box): a code typed in the script's box but not picked was dropped when the
    form came back — a conclusion's point lost its lead unit when a row was added (found by the clerk's day)."""
    from lanhdao.meetings.forms import PointFormSet

    data = {
        "points-TOTAL_FORMS": "1",
        "points-INITIAL_FORMS": "0",
        "points-0-title": "Rà soát quy hoạch cán bộ",
        "points-0-lead_unit": "",
        "points-0-lead_unit__text": "XA1",
        "points-0-deadline": "06/01/2027",
    }
    formset = PointFormSet(data, prefix="points", units=unit_choices(world.alice, Perm.RECORD))
    html = str(formset.forms[0]["lead_unit"])
    assert f'<option value="{world.commune_a.pk}" data-label="Đảng ủy xã An Một" selected>' in html
    # a text naming several units (or none) still shows nothing chosen
    data["points-0-lead_unit__text"] = "An"
    formset = PointFormSet(data, prefix="points", units=unit_choices(world.alice, Perm.RECORD))
    assert " selected>" not in str(formset.forms[0]["lead_unit"])
