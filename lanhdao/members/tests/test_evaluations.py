"""Annual classification of members and organisations, awards, and "excellent N years in a row" — one GROUP BY …
HAVING query, proved on hand-built data where a gap year breaks the run."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_member
from lanhdao.audit.models import AuditEntry
from lanhdao.members import selectors_evaluations as ev
from lanhdao.members import services_evaluations as se
from lanhdao.members.models import Award, Grade, MemberEvaluation, OrganisationEvaluation

from . import test_members_world as shared
from .test_members_world import TODAY

frozen_today, more_world = shared.frozen_today, shared.more_world  # the shared fixtures, in this module

E, G = Grade.EXCELLENT, Grade.GOOD


def classify(w, unit, year, grades, actor=None):
    return se.member_classify(actor=actor or w.olga, unit=unit, year=year, grades=grades)


def test_a_cell_classifies_its_members_once_a_year_and_resaving_updates_with_audit(more_world):
    w = more_world
    other = make_member(w.cell_a, "Lê Thị Hai")
    created, updated = classify(w, w.cell_a, 2025, {w.member_a.pk: (E, ""), other.pk: (G, "")})
    assert (len(created), len(updated)) == (2, 0)
    row = MemberEvaluation.objects.get(member=w.member_a, year=2025)
    assert row.unit == w.cell_a and row.unit_path == w.cell_a.path and row.level3_id == w.commune_a.pk
    created, updated = classify(w, w.cell_a, 2025, {w.member_a.pk: (G, "Hạ bậc"), other.pk: (G, "")})
    assert (len(created), len(updated)) == (0, 1)
    assert MemberEvaluation.objects.filter(year=2025).count() == 2
    entry = AuditEntry.objects.get(action="update", content_type__model="memberevaluation")
    assert entry.before["grade"] == E and entry.after["grade"] == G
    assert AuditEntry.objects.filter(action="create", content_type__model="memberevaluation").count() == 2
    assert ev.grade_counts(MemberEvaluation.objects.filter(year=2025))[G] == 2


def test_only_the_cells_members_of_that_year_are_classified(more_world):
    w = more_world
    with pytest.raises(ValidationError):
        classify(w, w.cell_a, 2025, {w.member_b.pk: (E, "")})
    late = make_member(w.cell_a, "Kết nạp 2026", admitted_on=datetime.date(2026, 1, 10), full_on=None)
    with pytest.raises(ValidationError):
        classify(w, w.cell_a, 2025, {late.pk: (E, "")})
    with pytest.raises(ValidationError):
        classify(w, w.cell_a, TODAY.year + 1, {w.member_a.pk: (E, "")})
    with pytest.raises(ValidationError):
        classify(w, w.cell_a, 2025, {w.member_a.pk: ("perfect", "")})
    assert not MemberEvaluation.objects.exists()


@pytest.mark.parametrize("who", ["bob", "alice", "charlie"])
def test_who_may_not_classify_members(more_world, who):
    with pytest.raises(PermissionDenied):
        classify(more_world, more_world.cell_a, 2025, {more_world.member_a.pk: (E, "")}, actor=getattr(more_world, who))
    assert not MemberEvaluation.objects.exists()


def build_runs(w):
    """Hand-built classifications 2021–2025: `five` excellent every year; `gap` excellent except in 2023 (good);
    `four` excellent 2022–2025 only; `recent` excellent five years up to 2024, good in 2025."""
    five, gap = w.member_a, make_member(w.cell_a, "Có năm gián đoạn")
    four, recent = make_member(w.cell_a, "Bốn năm"), make_member(w.cell_a, "Đến 2024")
    grades = {
        five: [E, E, E, E, E],
        gap: [E, E, G, E, E],
        four: [G, E, E, E, E],
        recent: [E, E, E, E, G],
    }
    for year in range(2021, 2026):
        classify(w, w.cell_a, year, {m.pk: (g[year - 2021], "") for m, g in grades.items()})
    classify(w, w.cell_a, 2020, {recent.pk: (E, "")})
    return five, gap, four, recent


def test_excellent_five_years_in_a_row_and_a_gap_year_breaks_the_run(more_world, django_assert_num_queries):
    w = more_world
    five, gap, four, recent = build_runs(w)
    with django_assert_num_queries(1):
        found = list(ev.excellent_members(w.olga, w.district_a, year=2025, years=5))
    assert found == [five]
    assert set(ev.excellent_members(w.olga, w.district_a, year=2025, years=4)) == {five, four}
    assert set(ev.excellent_members(w.olga, w.district_a, year=2024, years=5)) == {recent}
    assert set(ev.excellent_members(w.olga, w.district_a, year=2025, years=2)) == {five, gap, four}
    assert not ev.excellent_members(w.charlie, w.district_b, year=2025, years=5).exists()
    sql = str(ev.excellent_members(w.olga, w.district_a, year=2025, years=5).query).upper()
    assert "GROUP BY" in sql and "HAVING" in sql


def test_organisations_clean_and_strong_five_years_in_a_row(more_world):
    w = more_world
    runs = {w.cell_a: [E, E, E, E, E], w.cell_a2: [E, E, G, E, E]}
    for year in range(2021, 2026):
        for cell, grades in runs.items():
            se.organisation_classify(actor=w.alice, unit=cell, year=year, grade=grades[year - 2021])
    assert list(ev.excellent_organisations(w.bob, w.district_a, year=2025, years=5)) == [w.cell_a]
    assert not ev.excellent_organisations(w.charlie, w.district_a, year=2025, years=5).exists()
    row = se.organisation_classify(actor=w.alice, unit=w.cell_a2, year=2023, grade=E, note="Sửa")
    assert row.grade == E and OrganisationEvaluation.objects.filter(unit=w.cell_a2).count() == 5
    assert set(ev.excellent_organisations(w.bob, w.district_a, year=2025, years=5)) == {w.cell_a, w.cell_a2}


def test_an_organisation_is_classified_and_awarded_by_the_level_above(more_world):
    w = more_world
    with pytest.raises(PermissionDenied):  # celia's cell is classified by the commune, not by itself
        se.organisation_classify(actor=w.celia, unit=w.cell_a, year=2025, grade=E)
    with pytest.raises(PermissionDenied):
        se.organisation_classify(actor=w.bob, unit=w.cell_a, year=2025, grade=E)
    with pytest.raises(ValidationError):
        se.organisation_classify(actor=w.alice, unit=w.dept_a, year=2025, grade=E)
    award = se.award_give(actor=w.alice, unit=w.cell_a, year=2025, title="Giấy khen", awarded_on=TODAY)
    assert award.unit_path == w.cell_a.path and award.member is None
    with pytest.raises(PermissionDenied):
        se.award_give(actor=w.charlie, unit=w.cell_a, year=2025, title="Giấy khen", awarded_on=TODAY)


def test_a_member_is_awarded_on_their_cell(more_world):
    w = more_world
    award = se.award_give(actor=w.celia, member=w.member_a, year=2025, title="5 năm liền HTXSNV", awarded_on=TODAY)
    assert award.unit == w.cell_a and list(ev.awards_for(w.bob)) == [award]
    assert not ev.awards_for(w.charlie).exists()
    with pytest.raises(PermissionDenied):
        se.award_give(actor=w.bob, member=w.member_a, year=2025, title="x", awarded_on=TODAY)
    with pytest.raises(ValidationError):
        se.award_give(actor=w.olga, member=w.member_a, unit=w.cell_a, year=2025, title="x", awarded_on=TODAY)
    assert Award.objects.count() == 1
