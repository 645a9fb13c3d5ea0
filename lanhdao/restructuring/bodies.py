"""Which units under merged committees are the same body, and what the merged body is called.

A committee has one Executive Committee, one Standing Board, one set of Standing members, one People's Council, one
People's Committee and one Fatherland Front (org.kinds, DOMAIN.md §1; org.shapes builds them so): when committees
merge, each of these becomes one body of the successor, not one copy per predecessor. Advisory boards, the People's
Committee's departments and the socio-political organisations under the Front are several of a kind, told apart by
their names: those with the same name once the place is left out ("Ban Tổ chức Huyện ủy An" and "Ban Tổ chức Huyện ủy
Bình" are both "Ban Tổ chức") merge too; a department or an organisation found under only one of them moves as it is.
Party organisations (committees, grassroots organisations, cells) never merge: each moves as it is.
"""

from lanhdao.core.text import fold
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit

ONE_PER_COMMITTEE = frozenset(
    {
        K.EXECUTIVE_COMMITTEE,
        K.STANDING_BOARD,
        K.STANDING_MEMBERS,
        K.PEOPLES_COUNCIL,
        K.PEOPLES_COMMITTEE,
        K.FATHERLAND_FRONT,
    }
)
BY_NAME = frozenset({K.ADVISORY_BOARD, K.DEPARTMENT, K.MASS_ORGANISATION})
# Named after the committee ("Ban Chấp hành Đảng ủy xã An Hòa"); the others after the place ("Hội đồng nhân dân xã …")
OF_THE_COMMITTEE = frozenset({K.EXECUTIVE_COMMITTEE, K.STANDING_BOARD, K.STANDING_MEMBERS, K.ADVISORY_BOARD})
# "Huyện ủy An" → "huyện An": the place a committee's name names, for the bodies named after the place
_PLACE_OF = {"tinh": "tỉnh", "thanh": "thành phố", "huyen": "huyện", "quan": "quận", "thi": "thị xã"}


def role(unit: Unit, parent: Unit) -> str:
    """The name of a body without the place it serves: its last words that also occur in its parent's name are
    dropped ("Phòng Nội vụ huyện An" under "Ủy ban nhân dân huyện An" → "Phòng Nội vụ")."""
    parent_words = set(fold(parent.name).split())
    words = unit.name.split()
    while len(words) > 1 and fold(words[-1]) in parent_words:
        words.pop()
    return " ".join(words)


def key(unit: Unit, parent: Unit) -> tuple[str, str] | None:
    """What makes two bodies under merged units the same body, or None for a unit that never merges."""
    if unit.kind in ONE_PER_COMMITTEE:
        return (unit.kind, "")
    if unit.kind in BY_NAME:
        return (unit.kind, fold(role(unit, parent)))
    return None


def place(committee_name: str) -> str:
    """The place a committee's name names: "Đảng ủy xã An Hòa" → "xã An Hòa", "Huyện ủy An" → "huyện An"."""
    words = committee_name.split()
    if len(words) > 2 and fold(" ".join(words[:2])) in {"dang uy", "dang bo"}:
        return " ".join(words[2:])
    if len(words) > 2 and fold(words[1]) == "uy" and fold(words[0]) in _PLACE_OF:
        return f"{_PLACE_OF[fold(words[0])]} {' '.join(words[2:])}"
    return committee_name


def merged_name(unit: Unit, parent: Unit, *, committee: str) -> str:
    """The name of the body that `unit` (under `parent`) and its namesakes merge into, under `committee`."""
    where = committee if unit.kind in OF_THE_COMMITTEE else place(committee)
    return f"{role(unit, parent)} {where}"[:200]


def merged_code(unit: Unit, parent: Unit, *, into_code: str) -> str:
    """`<parent code>-<suffix>` becomes `<code of what it merges into>-<suffix>` (org.shapes' codes); any other code
    is kept (the unit that bore it is closed, its code suffixed, so the merged body may take it)."""
    prefix = f"{parent.code}-"
    if unit.code.startswith(prefix):
        return f"{into_code}-{unit.code[len(prefix) :]}"[:40]
    return unit.code
