"""members.figures against a data set counted by hand (the comments say who counts where), and by_child against the
per-unit figures it groups."""

import datetime

import pytest

from conftest import make_member
from lanhdao.members import figures
from lanhdao.members.models import (
    Award,
    Grade,
    MemberEvaluation,
    OrganisationEvaluation,
    Placement,
    Transfer,
)
from lanhdao.members.placing import place

D = datetime.date
START, END = D(2024, 1, 1), D(2024, 12, 31)


def placed(row, unit):
    place(row, unit)
    row.save()
    return row


@pytest.fixture
def data(world):
    """Twelve people, counted on 31/12/2024 and over 2024 (ages on 31/12/2024):

    m1  CA1  female 34  full since 2016, intermediate theory, bachelor; excellent 2024; awarded 2024
    m2  CA1  male 24    admitted 10/04/2024 (probationary)
    m3  CA1  male 64    admitted 19/05/1994 (30 years in 2024), advanced theory; good 2024
    m4  XA1  female ?   admitted 01/02/2023, full 01/02/2024 (the day the probation ends)
    m5  XB1  male 74    admitted 01/06/1984 (40 years in 2024); completed 2024
    m6  CA1  died 30/06/2024
    m7  CA1  a candidate (not a member)
    m8  XB1 → CA1 on 01/09/2024 (transfer received), male 39
    m9  XB1  expelled in 2023
    m10 HA   female 29 admitted 31/12/2024 (the last day)
    m11 TU   male 49
    plus a cancelled and a pending transfer of m5, organisation grades for 2024 (CA1 excellent, XA1 good, XB1 not
    completed), an award to XA1 in 2024 and one to XB1 in 2023.
    """
    w = world
    w.m1 = make_member(
        w.cell_a, "M1", gender="female", birth_date=D(1990, 6, 1), theory_level="intermediate", qualification="bachelor"
    )
    w.m2 = make_member(w.cell_a, "M2", birth_date=D(2000, 1, 15), admitted_on=D(2024, 4, 10), full_on=None)
    w.m3 = make_member(
        w.cell_a,
        "M3",
        birth_date=D(1960, 1, 1),
        admitted_on=D(1994, 5, 19),
        full_on=D(1995, 5, 19),
        theory_level="advanced",
    )
    w.m4 = make_member(w.commune_a, "M4", gender="female", admitted_on=D(2023, 2, 1), full_on=D(2024, 2, 1))
    w.m5 = make_member(w.commune_b, "M5", birth_date=D(1950, 3, 3), admitted_on=D(1984, 6, 1), full_on=D(1985, 6, 1))
    w.m6 = make_member(
        w.cell_a, "M6", admitted_on=D(2010, 1, 1), full_on=D(2011, 1, 1), ended_on=D(2024, 6, 30), end_reason="died"
    )
    w.m7 = make_member(w.cell_a, "M7", admitted_on=None, full_on=None, introduced_on=D(2024, 5, 1))
    w.m8 = make_member(w.cell_a, "M8", birth_date=D(1985, 1, 1), admitted_on=D(2018, 1, 1), full_on=D(2019, 1, 1))
    first = Placement.objects.get(member=w.m8)
    place(first, w.commune_b)
    first.ended_on = D(2024, 9, 1)
    first.save()
    placed(Placement(member=w.m8, unit=w.cell_a, started_on=D(2024, 9, 1)), w.cell_a)
    transfer = {
        "member": w.m8,
        "from_unit": w.commune_b,
        "from_path": w.commune_b.path,
        "to_unit": w.cell_a,
        "to_path": w.cell_a.path,
    }
    Transfer.objects.create(**transfer, sent_on=D(2024, 8, 20), received_on=D(2024, 9, 1))
    m5_out = {
        "member": w.m5,
        "from_unit": w.commune_b,
        "from_path": w.commune_b.path,
        "to_unit": w.commune_a,
        "to_path": w.commune_a.path,
        "sent_on": D(2024, 3, 1),
    }
    Transfer.objects.create(
        **m5_out, received_on=D(2024, 3, 5), cancelled_at=datetime.datetime(2024, 3, 4, tzinfo=datetime.UTC)
    )
    Transfer.objects.create(**m5_out | {"sent_on": D(2024, 12, 1)})  # pending
    w.m9 = make_member(
        w.commune_b,
        "M9",
        admitted_on=D(2000, 1, 1),
        full_on=D(2001, 1, 1),
        ended_on=D(2023, 5, 5),
        end_reason="expelled",
    )
    w.m10 = make_member(w.district_a, "M10", gender="female", birth_date=D(1995, 7, 7), admitted_on=END, full_on=None)
    w.m11 = make_member(w.province, "M11", birth_date=D(1975, 2, 2), admitted_on=D(2000, 2, 2), full_on=D(2001, 2, 2))
    for member, unit, year, grade in (
        (w.m1, w.cell_a, 2024, Grade.EXCELLENT),
        (w.m1, w.cell_a, 2023, Grade.GOOD),
        (w.m3, w.cell_a, 2024, Grade.GOOD),
        (w.m5, w.commune_b, 2024, Grade.COMPLETED),
    ):
        placed(MemberEvaluation(member=member, unit=unit, year=year, grade=grade), unit)
    for unit, grade in ((w.cell_a, Grade.EXCELLENT), (w.commune_a, Grade.GOOD), (w.commune_b, Grade.NOT_COMPLETED)):
        placed(OrganisationEvaluation(unit=unit, year=2024, grade=grade), unit)
    placed(Award(member=w.m1, unit=w.cell_a, year=2024, title="Bằng khen", awarded_on=D(2024, 9, 2)), w.cell_a)
    placed(Award(unit=w.commune_a, year=2024, title="Cờ thi đua", awarded_on=D(2024, 5, 5)), w.commune_a)
    placed(Award(unit=w.commune_b, year=2023, title="Giấy khen", awarded_on=D(2023, 5, 5)), w.commune_b)
    return w


def grades(**counts) -> dict:
    return dict.fromkeys(Grade.values, 0) | counts


def reasons(**counts) -> dict:
    return dict.fromkeys(figures.EndReason.values, 0) | counts


def test_members_on_the_last_day_by_stage_gender_age_theory_and_qualification(data):
    members = figures.members_on(data.province, END)
    assert (members["total"], members["probationary"], members["full"]) == (8, 2, 6)  # m2, m10 probationary
    assert members["by_gender"] == {"male": 5, "female": 3}
    assert members["by_age"] == {
        "up_to_30": 2,
        "31_40": 2,
        "41_50": 1,
        "51_60": 0,
        "61_70": 1,
        "over_70": 1,
        "unknown": 1,
    }
    assert members["by_theory_level"] == {"none": 6, "elementary": 0, "intermediate": 1, "advanced": 1, "bachelor": 0}
    assert members["by_qualification"] == {"none": 7, "vocational": 0, "bachelor": 1, "master": 0, "doctor": 0}


def test_a_past_day_counts_members_where_they_were_then(data):
    # On 29/06/2024: m8 was still in XB1, m6 alive in CA1, m10 not yet admitted.
    assert figures.members_on(data.district_a, D(2024, 6, 29))["total"] == 5  # m1 m2 m3 m4 m6
    assert figures.members_on(data.district_b, D(2024, 6, 29))["total"] == 2  # m5 m8
    assert figures.members_on(data.district_a, D(2024, 6, 30))["total"] == 4  # m6 left on 30/06
    assert figures.members_on(data.district_a, END)["total"] == 6  # m1 m2 m3 m4 m8 m10
    assert figures.members_on(data.district_b, END)["total"] == 1


def test_events_of_the_period(data):
    tu, ha, hb = data.province, data.district_a, data.district_b
    assert figures.admissions(tu, START, END) == 2  # m2, m10 (on the last day)
    assert figures.admissions(tu, START, D(2024, 12, 30)) == 1
    assert figures.recognitions(ha, START, END) == 1  # m4, on the day the probation ends
    assert figures.recognitions(hb, START, END) == 0
    assert figures.endings(ha, START, END) == reasons(died=1)  # m6; m9 was expelled in 2023
    assert figures.endings(hb, D(2023, 1, 1), D(2023, 12, 31)) == reasons(expelled=1)


def test_transfers_count_in_and_out_of_the_subtree_only(data):
    assert figures.transfers(data.province, START, END) == {"in": 0, "out": 0}  # inside the province
    assert figures.transfers(data.district_a, START, END) == {"in": 1, "out": 0}
    assert figures.transfers(data.district_b, START, END) == {"in": 0, "out": 1}  # the cancelled and pending: no
    assert figures.transfers(data.cell_a, START, END, subtree=False) == {"in": 1, "out": 0}
    assert figures.transfers(data.district_a, START, D(2024, 8, 31)) == {"in": 0, "out": 0}


def test_badges_grades_and_awards_of_the_year(data):
    tu = data.province
    assert figures.badges_eligible(tu, 2024) == dict.fromkeys(figures.BADGE_YEARS, 0) | {30: 1, 40: 1}  # m3, m5
    assert figures.badges_eligible(data.district_a, 2024)[30] == 1
    assert figures.badges_eligible(tu, 2034)[40] == 1  # m3 in 2034
    assert figures.member_grades(tu, 2024) == grades(excellent=1, good=1, completed=1)
    assert figures.member_grades(tu, 2023) == grades(good=1)
    assert figures.organisation_grades(tu, 2024) == grades(excellent=1, good=1, not_completed=1)
    assert figures.organisation_grades(data.district_a, 2024) == grades(excellent=1, good=1)
    assert figures.awards(tu, START, END) == {"members": 1, "organisations": 1}
    assert figures.awards(data.district_b, START, END) == {"members": 0, "organisations": 0}


def test_summary_of_a_district(data):
    found = figures.summary(data.district_a, START, END)
    assert found["members"]["total"] == 6 and found["members"]["probationary"] == 2
    assert (found["admissions"], found["recognitions"], found["ended_total"]) == (2, 1, 1)
    assert found["ended"] == reasons(died=1)
    assert found["transfers"] == {"in": 1, "out": 0}
    assert found["badges"][30] == 1 and found["member_grades"] == grades(excellent=1, good=1)
    assert found["awards"] == {"members": 1, "organisations": 1}


def test_a_unit_alone_leaves_its_subtree_out(data):
    found = figures.summary(data.commune_a, START, END, subtree=False)
    assert found["members"]["total"] == 1  # m4 only, not CA1's members
    assert (found["admissions"], found["recognitions"]) == (0, 1)
    assert found["organisation_grades"] == grades(good=1) and found["awards"] == {"members": 0, "organisations": 1}


def test_an_empty_unit_has_zero_everywhere(data):
    found = figures.summary(data.dept_a, START, END)
    assert found["members"]["total"] == 0 and found["members"]["by_gender"] == {"male": 0, "female": 0}
    assert found["admissions"] == found["ended_total"] == 0 and found["transfers"] == {"in": 0, "out": 0}


def test_summary_is_five_queries(data, django_assert_num_queries):
    with django_assert_num_queries(5):
        figures.summary(data.province, START, END)


@pytest.mark.parametrize("which", ["province", "district_a", "commune_a", "cell_a"])
def test_by_child_matches_each_childs_own_figures(data, which, django_assert_max_num_queries):
    unit = getattr(data, which)
    with django_assert_max_num_queries(7):
        rows = figures.by_child(unit, START, END)
    for row in rows:
        expected = figures.summary(row.unit, START, END, subtree=not row.own)
        assert row.figures == expected, (row.unit.code, row.own)
    kids = {row.unit.code for row in rows if not row.own}
    assert kids == set(figures.children(unit).values_list("code", flat=True))


def test_by_child_lists_the_units_own_rows_first_and_adds_up(data):
    rows = figures.by_child(data.province, START, END)
    assert [(row.unit.code, row.own) for row in rows] == [("TU", True), ("HA", False), ("HB", False)]
    assert [row.figures["members"]["total"] for row in rows] == [1, 6, 1]  # m11 on TU itself
    total = figures.summary(data.province, START, END)
    for key in ("admissions", "recognitions", "ended_total"):
        assert sum(row.figures[key] for row in rows) == total[key]
    commune = figures.by_child(data.commune_a, START, END)
    assert [(row.unit.code, row.own, row.figures["members"]["total"]) for row in commune] == [
        ("XA1", True, 1),
        ("CA1", False, 4),
    ]
    assert commune[1].figures["transfers"] == {"in": 1, "out": 0}
