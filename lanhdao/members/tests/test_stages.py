"""The stage rule exists twice (members/stages.py): in Python and in SQL. They must agree on every combination of
facts, as the task and petition rules do."""

import datetime
import itertools

from conftest import make_member
from lanhdao.members.models import Member
from lanhdao.members.stages import Stage, probation_overdue, probation_overdue_q, stage, stage_expression, stage_q

DAY = datetime.date(2020, 1, 1)
FACTS = ("trained_on", "proposed_on", "admitted_on", "full_on", "ended_on")


def test_python_and_sql_give_every_combination_of_facts_the_same_stage(world):
    for present in itertools.product([False, True], repeat=len(FACTS)):
        fields = {name: (DAY if on else None) for name, on in zip(FACTS, present, strict=True)}
        if fields["full_on"] and not fields["admitted_on"]:
            continue  # refused by a constraint: no full member without an admission
        if fields["ended_on"]:
            fields["end_reason"] = "died"
        fields["probation_ends_on"] = DAY if fields["admitted_on"] else None
        make_member(world.cell_a, "Thử " + "".join("1" if on else "0" for on in present), introduced_on=DAY, **fields)
    members = list(Member.objects.annotate(sql_stage=stage_expression()))
    assert len(members) == 24
    today = datetime.date(2021, 6, 1)
    for member in members:
        assert member.sql_stage == stage(member), member
        for value in Stage:
            assert Member.objects.filter(stage_q(value), pk=member.pk).exists() == (stage(member) == value), (
                member,
                value,
            )
        assert Member.objects.filter(probation_overdue_q(today), pk=member.pk).exists() == probation_overdue(
            member, today
        )
