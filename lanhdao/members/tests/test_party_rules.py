"""The Party's rules on candidates and transfers (issue 15, 8): the admission age (Charter Art. 1 cl. 2, Regulation
232-QĐ/TW), a candidate has no party card and does not leave the Party (their candidacy stops), and a temporary
transfer keeps the member in their official cell (Regulation 232-QĐ/TW, 6.3.2)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from conftest import make_member, shown
from lanhdao.members import selectors, services, services_transfers
from lanhdao.members.models import EndReason, Member, Placement, TemporaryPlacement, Transfer, TransferKind
from lanhdao.members.stages import Stage, of_admission_age_on, stage

from . import test_members_world as shared
from .test_members_world import TODAY

frozen_today, more_world = shared.frozen_today, shared.more_world  # the shared fixtures, in this module

day = datetime.date
TOO_YOUNG = (
    "The Party Charter admits citizens from eighteen years of age: born on %(birth)s, the candidate may be proposed "
    "and admitted from %(date)s."
)


def refused(message: str, **params) -> str:
    return re.escape(gettext(message) % params if params else gettext(message))


def trained(w, born: datetime.date | None, **fields) -> Member:
    member = services.member_introduce(
        actor=w.olga,
        unit=w.cell_a,
        full_name="Phạm Văn Trẻ",
        gender="male",
        introduced_on=day(2025, 9, 1),
        birth_date=born,
        **fields,
    )
    return services.member_mark_trained(actor=w.olga, member=member, trained_on=day(2025, 11, 3))


# --- the admission age ----------------------------------------------------------------------------------------------


def test_eighteen_is_counted_exactly_to_the_day():
    assert of_admission_age_on(day(2008, 3, 15)) == day(2026, 3, 15)
    assert of_admission_age_on(day(2008, 2, 29)) == day(2026, 2, 28)  # counted in months: the last day of February


def test_a_candidate_is_proposed_and_admitted_only_from_their_eighteenth_birthday(more_world, frozen_today):
    """Issue 15: a candidate born 15/03/2010 was introduced and admitted at 16. Here one born 15/03/2008 is 17 until
    15/03/2026: the cell's proposal (the moment the rule names) is refused the day before, taken on the day."""
    w = more_world
    member = trained(w, day(2008, 3, 15))
    with pytest.raises(ValidationError, match=refused(TOO_YOUNG, birth="15/03/2008", date="15/03/2026")) as error:
        services.member_propose(actor=w.olga, member=member, proposed_on=TODAY)  # 10/03/2026: 17 years old
    assert "proposed_on" in error.value.message_dict
    frozen_today.move_to(datetime.datetime(2026, 3, 20, 9, tzinfo=datetime.UTC))
    with pytest.raises(ValidationError, match=refused(TOO_YOUNG, birth="15/03/2008", date="15/03/2026")):
        services.member_propose(actor=w.olga, member=member, proposed_on=day(2026, 3, 14))
    member = services.member_propose(actor=w.olga, member=member, proposed_on=day(2026, 3, 15))
    assert stage(member) == Stage.PROPOSED


def test_admission_is_refused_below_eighteen_even_when_the_proposal_was_recorded_elsewhere(more_world):
    """A record imported with its proposal (no check then) is still refused its admission before the 18th birthday."""
    w = more_world
    young = make_member(
        w.cell_a,
        "Đỗ Văn Nhỏ",
        admitted_on=None,
        full_on=None,
        introduced_on=day(2025, 9, 1),
        trained_on=day(2025, 11, 3),
        proposed_on=day(2026, 1, 5),
        birth_date=day(2010, 3, 15),
    )
    with pytest.raises(ValidationError, match=refused(TOO_YOUNG, birth="15/03/2010", date="15/03/2028")) as error:
        services.member_admit(actor=w.olga, member=young, admitted_on=TODAY, decision="12-QĐ/HU")
    assert "admitted_on" in error.value.message_dict
    young.refresh_from_db()
    assert young.admitted_on is None and not Placement.objects.filter(member=young, started_on=TODAY).exists()


def test_the_proposal_needs_the_date_of_birth(more_world):
    w = more_world
    member = trained(w, None)
    with pytest.raises(ValidationError) as error:
        services.member_propose(actor=w.olga, member=member, proposed_on=TODAY)
    assert "proposed_on" in error.value.message_dict
    member.refresh_from_db()
    assert member.proposed_on is None


def test_a_birth_date_changed_after_the_proposal_must_still_give_eighteen_at_the_proposal(more_world):
    w = more_world
    member = services.member_propose(actor=w.olga, member=trained(w, day(2000, 1, 1)), proposed_on=TODAY)
    with pytest.raises(ValidationError) as error:
        services.member_update(actor=w.olga, member=member, data={"birth_date": day(2009, 1, 1)})
    assert "birth_date" in error.value.message_dict
    member.refresh_from_db()
    assert member.birth_date == day(2000, 1, 1)


def test_a_candidates_page_says_from_when_they_may_be_proposed(more_world, client_for):
    w = more_world
    member = trained(w, day(2008, 3, 15))
    page = client_for(w.olga).get(reverse("members:member_detail", args=[member.pk])).content.decode()
    assert 'id="of-age-on"' in page and "15/03/2026" in page
    of_age = services.member_propose(actor=w.olga, member=trained(w, day(2000, 1, 1)), proposed_on=TODAY)
    page = client_for(w.olga).get(reverse("members:member_detail", args=[of_age.pk])).content.decode()
    assert 'id="of-age-on"' not in page
    # the day tells the date of birth: not to those who may not see personal data
    response = client_for(w.alice).get(reverse("members:member_detail", args=[member.pk]))
    assert response.status_code == 200 and 'id="of-age-on"' not in response.content.decode()


def test_the_step_form_shows_the_age_refusal(more_world, client_for):
    w = more_world
    member = trained(w, day(2008, 3, 15))
    response = client_for(w.olga).post(
        reverse("members:member_step", args=[member.pk, "propose"]), {"propose-proposed_on": TODAY.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["proposed_on"]
    member.refresh_from_db()
    assert member.proposed_on is None


# --- a candidate has no party card -----------------------------------------------------------------------------------


def test_the_candidate_form_asks_for_no_party_card(more_world, client_for):
    w = more_world
    client = client_for(w.olga)
    form = client.get(reverse("members:member_create")).context["form"]
    assert "card_number" not in form.fields
    data = {"unit": "CA1", "introduced_on": "2026-03-01", "full_name": "Vũ Thị Thẻ", "gender": "female"}
    client.post(reverse("members:member_create"), {**data, "card_number": "79.000001"})
    candidate = Member.objects.get(full_name="Vũ Thị Thẻ")
    assert candidate.card_number == ""
    edit = client.get(reverse("members:member_edit", args=[candidate.pk])).context["form"]
    assert "card_number" not in edit.fields
    assert "card_number" in client.get(reverse("members:member_edit", args=[w.member_a.pk])).context["form"].fields
    page = client.get(reverse("members:member_detail", args=[candidate.pk]))
    assert shown(page, "Party card number") not in page.content.decode()
    member_page = client.get(reverse("members:member_detail", args=[w.member_a.pk]))
    assert shown(member_page, "Party card number") in member_page.content.decode()


def test_the_services_refuse_a_card_number_for_a_candidate(more_world, api_for):
    w = more_world
    with pytest.raises(ValidationError) as error:
        services.member_introduce(
            actor=w.olga,
            unit=w.cell_a,
            full_name="Có Thẻ",
            gender="male",
            introduced_on=TODAY,
            card_number="79.1",
        )
    assert "card_number" in error.value.message_dict
    candidate = trained(w, day(2000, 1, 1))
    with pytest.raises(ValidationError):
        services.member_update(actor=w.olga, member=candidate, data={"card_number": "79.2"})
    body = {"unit": w.cell_a.pk, "full_name": "Qua API", "gender": "male", "introduced_on": "2026-03-01"}
    created = api_for(w.olga).post("/api/members/", {**body, "card_number": "79.3"}, format="json")
    assert created.status_code in (201, 400)
    assert not Member.objects.filter(card_number__in=["79.1", "79.2", "79.3"]).exists()


# --- a candidate does not leave the Party ---------------------------------------------------------------------------


def test_a_candidate_is_offered_to_stop_the_candidacy_not_to_leave_the_party(more_world, client_for):
    w = more_world
    candidate = trained(w, day(2000, 1, 1))
    client = client_for(w.olga)
    page = client.get(reverse("members:member_detail", args=[candidate.pk])).content.decode()
    assert 'id="candidacy-stop"' in page and 'id="member-end"' not in page
    form = client.get(reverse("members:member_end", args=[candidate.pk])).context["form"]
    assert {value for value, _label in form.fields["reason"].choices} == {EndReason.WITHDRAWN, EndReason.DIED}
    member_form = client.get(reverse("members:member_end", args=[w.member_a.pk])).context["form"]
    reasons = {value for value, _label in member_form.fields["reason"].choices}
    assert EndReason.WITHDRAWN not in reasons and EndReason.RESIGNED in reasons
    assert 'id="member-end"' in client.get(reverse("members:member_detail", args=[w.member_a.pk])).content.decode()
    # leaving the Party is refused to the candidate, even posted by hand; stopping the candidacy is recorded
    client.post(reverse("members:member_end", args=[candidate.pk]), {"ended_on": "2026-03-01", "reason": "resigned"})
    candidate.refresh_from_db()
    assert candidate.ended_on is None
    client.post(reverse("members:member_end", args=[candidate.pk]), {"ended_on": "2026-03-01", "reason": "withdrawn"})
    candidate.refresh_from_db()
    assert (candidate.ended_on, candidate.end_reason) == (day(2026, 3, 1), EndReason.WITHDRAWN)


def test_a_member_does_not_withdraw_a_candidacy(more_world):
    w = more_world
    with pytest.raises(ValidationError) as error:
        services.member_end(actor=w.olga, member=w.member_a, ended_on=TODAY, reason=EndReason.WITHDRAWN)
    assert "reason" in error.value.message_dict
    w.member_a.refresh_from_db()
    assert w.member_a.ended_on is None


# --- a temporary transfer keeps the official cell -------------------------------------------------------------------


def test_a_temporary_transfer_keeps_the_official_placement_open(more_world):
    """Issue 15: a temporary transfer closed the home placement as an official one does."""
    w = more_world
    transfer = services_transfers.transfer_send(
        actor=w.olga,
        member=w.member_a,
        to_unit=w.cell_a2,
        sent_on=day(2026, 2, 1),
        kind=TransferKind.TEMPORARY,
        until=day(2026, 8, 1),
    )
    assert transfer.received_on == day(2026, 2, 1)  # inside olga's subtree: received at once
    member = Member.objects.get(pk=w.member_a.pk)
    assert member.unit == w.cell_a  # still a member of her official cell
    assert [(p.unit, p.ended_on) for p in Placement.objects.filter(member=member)] == [(w.cell_a, None)]
    stay = TemporaryPlacement.objects.get(member=member)
    assert (stay.unit, stay.started_on, stay.until, stay.ended_on) == (
        w.cell_a2,
        day(2026, 2, 1),
        day(2026, 8, 1),
        None,
    )
    # counted in the official cell, not in the temporary one ("không tính vào đảng số")
    assert list(selectors.members_on(w.cell_a, TODAY)) == [member]
    assert not selectors.members_on(w.cell_a2, TODAY).exists()
    assert selectors.open_temporary_placement(member) == stay


def test_a_temporary_transfer_has_a_period_the_rules_allow(more_world):
    w = more_world
    send = {"actor": w.olga, "member": w.member_a, "to_unit": w.cell_a2, "kind": TransferKind.TEMPORARY}
    for until in (None, day(2026, 4, 1), day(2028, 3, 1)):  # none, under 3 months, over 2 years
        with pytest.raises(ValidationError) as error:
            services_transfers.transfer_send(**send, sent_on=day(2026, 2, 1), until=until)
        assert "until" in error.value.message_dict
    assert not Transfer.objects.exists()


def test_a_temporary_transfer_across_subtrees_is_received_as_a_temporary_stay(more_world, client_for):
    w = more_world
    client = client_for(w.olga)
    client.post(
        reverse("members:transfer_send", args=[w.member_a.pk]),
        {"to_unit": "CB1", "kind": "temporary", "sent_on": "2026-03-01", "until": "2026-12-01"},
    )
    transfer = Transfer.objects.get()
    assert transfer.is_pending and transfer.until == day(2026, 12, 1)
    client_for(w.olgb).post(reverse("members:transfer_receive", args=[transfer.pk]), {"received_on": "2026-03-05"})
    member = Member.objects.get(pk=w.member_a.pk)
    assert member.unit == w.cell_a
    assert Placement.objects.get(member=member).ended_on is None
    assert TemporaryPlacement.objects.get(member=member).unit == w.cell_b
    page = client_for(w.olga).get(reverse("members:member_detail", args=[member.pk])).content.decode()
    assert 'id="temporary-placements"' in page and w.cell_b.name in page
    # the membership ending closes the temporary stay too
    services.member_end(actor=w.olga, member=member, ended_on=TODAY, reason=EndReason.DIED)
    assert TemporaryPlacement.objects.get(member=member).ended_on == TODAY


def test_an_official_transfer_still_moves_the_member(more_world):
    w = more_world
    services_transfers.transfer_send(actor=w.olga, member=w.member_a, to_unit=w.cell_a2, sent_on=day(2026, 2, 1))
    assert Member.objects.get(pk=w.member_a.pk).unit == w.cell_a2
    assert not TemporaryPlacement.objects.exists()
