"""The kinds of unit in the organisation tree (DOMAIN.md §1) and what may stand under what."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    # Party organisations, by level
    CENTRAL = "central", _("Central Committee")
    CENTRAL_BOARD = "central_board", _("Central board")
    PROVINCE_COMMITTEE = "province_committee", _("Provincial Party committee")
    DISTRICT_COMMITTEE = "district_committee", _("District Party committee")
    COMMUNE_COMMITTEE = "commune_committee", _("Commune Party committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots Party committee")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots Party cell")
    CELL = "cell", _("Party cell")
    # Bodies of a committee
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive Committee")
    STANDING_BOARD = "standing_board", _("Standing Board")
    STANDING_MEMBERS = "standing_members", _("Standing members")
    ADVISORY_BOARD = "advisory_board", _("Advisory board of the committee")
    # The State
    PEOPLES_COUNCIL = "peoples_council", _("People's Council (HĐND)")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee (UBND)")
    DEPARTMENT = "department", _("Department of the People's Committee")
    # The Front and the socio-political organisations
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front (MTTQ)")
    MASS_ORGANISATION = "mass_organisation", _("Socio-political organisation")


PARTY_COMMITTEES = frozenset(
    {
        UnitKind.CENTRAL,
        UnitKind.PROVINCE_COMMITTEE,
        UnitKind.DISTRICT_COMMITTEE,
        UnitKind.COMMUNE_COMMITTEE,
        UnitKind.GRASSROOTS_COMMITTEE,
    }
)
PARTY_ORGANISATIONS = PARTY_COMMITTEES | {UnitKind.GRASSROOTS_CELL, UnitKind.CELL}
GRASSROOTS = frozenset({UnitKind.GRASSROOTS_COMMITTEE, UnitKind.GRASSROOTS_CELL})

# A kind not listed here may have no units under it.
ALLOWED_CHILDREN: dict[str, frozenset[str]] = {
    UnitKind.CENTRAL: frozenset(
        {
            UnitKind.CENTRAL_BOARD,
            UnitKind.PROVINCE_COMMITTEE,
            UnitKind.EXECUTIVE_COMMITTEE,
            UnitKind.STANDING_BOARD,
            UnitKind.GRASSROOTS_COMMITTEE,
        }
    ),
    UnitKind.PROVINCE_COMMITTEE: frozenset(
        {
            UnitKind.DISTRICT_COMMITTEE,
            UnitKind.COMMUNE_COMMITTEE,
            UnitKind.GRASSROOTS_COMMITTEE,
            UnitKind.GRASSROOTS_CELL,
            UnitKind.EXECUTIVE_COMMITTEE,
            UnitKind.STANDING_BOARD,
            UnitKind.STANDING_MEMBERS,
            UnitKind.ADVISORY_BOARD,
            UnitKind.PEOPLES_COUNCIL,
            UnitKind.PEOPLES_COMMITTEE,
            UnitKind.FATHERLAND_FRONT,
            UnitKind.MASS_ORGANISATION,
        }
    ),
    UnitKind.GRASSROOTS_COMMITTEE: frozenset(
        {
            UnitKind.GRASSROOTS_COMMITTEE,
            UnitKind.CELL,
            UnitKind.EXECUTIVE_COMMITTEE,
            UnitKind.STANDING_BOARD,
        }
    ),
    UnitKind.PEOPLES_COMMITTEE: frozenset({UnitKind.DEPARTMENT}),
    UnitKind.FATHERLAND_FRONT: frozenset({UnitKind.MASS_ORGANISATION}),
}
# District and commune committees hold the same kinds as a province committee, one level down.
ALLOWED_CHILDREN[UnitKind.DISTRICT_COMMITTEE] = ALLOWED_CHILDREN[UnitKind.PROVINCE_COMMITTEE] - {
    UnitKind.DISTRICT_COMMITTEE
}
ALLOWED_CHILDREN[UnitKind.COMMUNE_COMMITTEE] = (
    ALLOWED_CHILDREN[UnitKind.PROVINCE_COMMITTEE] - {UnitKind.DISTRICT_COMMITTEE, UnitKind.COMMUNE_COMMITTEE}
) | {UnitKind.CELL}


def may_contain(parent_kind: str, child_kind: str) -> bool:
    return child_kind in ALLOWED_CHILDREN.get(parent_kind, frozenset())
