"""Writes for personal commitment plans (nêu gương): the leader (or someone who records for the unit) writes the
plan, publishes it for citizens, and at the end of the period self-assesses each commitment and publishes that too.

A published plan is a public promise: its commitments cannot be changed while it is published (unpublish first, and
the trail says so); the self-assessment opens on 1 November of the plan's last year (the year-end review).
"""

import copy
import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm
from lanhdao.audit.models import Action
from lanhdao.audit.services import record, snapshot
from lanhdao.core.access import require
from lanhdao.org.models import Unit

from .models import Commitment, CommitmentPlan, PeriodKind, Result
from .permissions import may_edit_plan
from .selectors import user_covers_unit
from .services import _unknown, check_live_unit

EDITABLE = ("leader_name", "leader_position", "title", "period_kind", "year_start", "year_end", "internal_note")
MAX_COMMITMENTS = 50
ASSESSMENT_OPENS = (11, 1)  # month, day of the plan's last year


def assessment_opens(plan: CommitmentPlan) -> datetime.date:
    return datetime.date(plan.year_end, *ASSESSMENT_OPENS)


def _line(c: Commitment) -> str:
    assessed = f" [{c.result}] {c.assessment}".rstrip() if c.result else ""
    return f"{c.position}. {c.text}{assessed}"


def _state(plan: CommitmentPlan) -> dict:
    """The audited state: the plan's fields and its commitments, one readable line each (with result and comment)."""
    return snapshot(plan) | {"commitments": [_line(c) for c in plan.commitments.all()]}


def _check_period(values: dict) -> dict:
    kind, start = values.get("period_kind"), values.get("year_start")
    if kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("Choose a year or a term.")})
    if start is None or not 2000 <= start <= 2100:
        raise ValidationError({"year_start": _("Give a year between 2000 and 2100.")})
    if kind == PeriodKind.YEAR:
        values["year_end"] = start
    else:
        end = values.get("year_end")
        if end is None or not start < end <= start + 10:
            raise ValidationError({"year_end": _("A term ends after it starts, within ten years.")})
    return values


def _check_texts(values: dict) -> dict:
    for field, message in (("leader_name", _("Give the leader's name.")), ("leader_position", _("Give the position."))):
        values[field] = (values.get(field) or "").strip()
        if not values[field]:
            raise ValidationError({field: message})
    values["title"] = (values.get("title") or "").strip() or _(
        "Personal plan for carrying out the responsibility to set an example, %(period)s"
    ) % {
        "period": values["year_start"]
        if values["year_start"] == values["year_end"]
        else f"{values['year_start']}–{values['year_end']}"
    }
    return values


def _clean_commitments(items: Sequence[str]) -> list[str]:
    texts = [t.strip() for t in items if t and t.strip()]
    if not texts:
        raise ValidationError({"commitments": _("List at least one commitment.")})
    if len(texts) > MAX_COMMITMENTS:
        raise ValidationError({"commitments": _("At most %(n)d commitments.") % {"n": MAX_COMMITMENTS}})
    return texts


def _check_unique(values: dict, unit: Unit, leader, exclude_pk=None) -> None:
    same = CommitmentPlan.objects.filter(unit=unit, year_start=values["year_start"], year_end=values["year_end"])
    same = same.filter(leader=leader) if leader is not None else same.filter(leader__isnull=True)
    if leader is None:
        same = same.filter(leader_name=values["leader_name"])
    if same.exclude(pk=exclude_pk).exists():
        raise ValidationError(_("This leader already has a plan for this unit and period."))


def plan_create(
    *,
    actor,
    unit: Unit,
    year_start: int,
    commitments: Sequence[str],
    period_kind: str = PeriodKind.YEAR,
    year_end: int | None = None,
    leader=None,
    leader_name: str = "",
    leader_position: str = "",
    title: str = "",
    internal_note: str = "",
) -> CommitmentPlan:
    """A leader writes their own plan (VIEW on the unit is enough); anyone else needs RECORD on the unit, and the
    leader named must hold a role on it, above it or below it."""
    own = leader is not None and leader.pk == actor.pk
    require(has_perm(actor, Perm.VIEW if own else Perm.RECORD, unit))
    check_live_unit(unit)
    if leader is not None and not own and not user_covers_unit(leader, unit):
        raise ValidationError({"leader": _("This person holds no role on this unit.")})
    values = {"period_kind": period_kind, "year_start": year_start, "year_end": year_end, "title": title}
    values |= {
        "leader_name": leader_name or (leader.full_name or leader.username if leader else ""),
        "leader_position": leader_position or (leader.position if leader else ""),
    }
    values = _check_texts(_check_period(values))
    texts = _clean_commitments(commitments)
    _check_unique(values, unit, leader)
    with transaction.atomic():
        plan = CommitmentPlan(
            unit=unit,
            unit_path=unit.path,
            leader=leader,
            internal_note=internal_note.strip(),
            created_by=actor,
            **values,
        )
        plan.full_clean(exclude=["unit", "leader", "created_by", "published_by"], validate_constraints=False)
        plan.save()
        Commitment.objects.bulk_create([Commitment(plan=plan, position=i, text=t) for i, t in enumerate(texts, 1)])
        record(actor=actor, action=Action.CREATE, obj=plan, after=_state(plan))
    return plan


def _save(actor, plan: CommitmentPlan, changes: dict, *, note: str = "", replace: list[str] | None = None):
    before = _state(plan)
    CommitmentPlan.objects.filter(pk=plan.pk).update(**changes, updated_at=timezone.now())
    if replace is not None:
        plan.commitments.all().delete()
        Commitment.objects.bulk_create([Commitment(plan=plan, position=i, text=t) for i, t in enumerate(replace, 1)])
    plan.refresh_from_db()
    record(actor=actor, action=Action.UPDATE, obj=plan, before=before, after=_state(plan), note=note)
    return plan


def plan_update(*, actor, plan: CommitmentPlan, data: dict, commitments: Sequence[str] | None = None) -> CommitmentPlan:
    """Change a draft plan (the internal note may change at any time)."""
    require(may_edit_plan(actor, plan))
    _unknown(data, EDITABLE)
    public = {k: v for k, v in data.items() if k != "internal_note" and getattr(plan, k) != v}
    if (public or commitments is not None) and plan.published_at is not None:
        raise ValidationError(_("A published plan cannot be changed: unpublish it first."))
    if commitments is not None and plan.assessed_at is not None:
        raise ValidationError(_("The commitments are already self-assessed and can no longer change."))
    values = _check_texts(_check_period({f: getattr(plan, f) for f in EDITABLE} | data))
    texts = _clean_commitments(commitments) if commitments is not None else None
    _check_unique(values, plan.unit, plan.leader, exclude_pk=plan.pk)
    if "internal_note" in values:
        values["internal_note"] = (values["internal_note"] or "").strip()
    changes = {k: v for k, v in values.items() if getattr(plan, k) != v}
    if texts is not None and texts == [c.text for c in plan.commitments.all()]:
        texts = None
    if not changes and texts is None:
        return plan
    probe = copy.copy(plan)
    for name, value in changes.items():
        setattr(probe, name, value)
    probe.full_clean(exclude=["unit", "leader", "created_by", "published_by"], validate_constraints=False)
    with transaction.atomic():
        return _save(actor, plan, changes, replace=texts)


def plan_publish(*, actor, plan: CommitmentPlan) -> CommitmentPlan:
    require(may_edit_plan(actor, plan))
    if plan.published_at is not None:
        raise ValidationError(_("This plan is already published."))
    if not plan.commitments.exists():
        raise ValidationError(_("A plan without commitments cannot be published."))
    with transaction.atomic():
        return _save(actor, plan, {"published_at": timezone.now(), "published_by": actor}, note=_("Published"))


def plan_unpublish(*, actor, plan: CommitmentPlan, note: str = "") -> CommitmentPlan:
    """Take the plan (and its self-assessment) off the public page."""
    require(may_edit_plan(actor, plan))
    if plan.published_at is None:
        raise ValidationError(_("This plan is not published."))
    changes = {"published_at": None, "published_by": None, "assessment_published_at": None}
    with transaction.atomic():
        return _save(actor, plan, changes, note=note.strip() or _("Unpublished"))


def plan_assess(
    *,
    actor,
    plan: CommitmentPlan,
    summary: str,
    results: dict[int, tuple[str, str]],
    today: datetime.date | None = None,
) -> CommitmentPlan:
    """The leader's self-assessment: `results` maps each commitment's id to (result, comment); every commitment is
    assessed, and the summary is required."""
    require(may_edit_plan(actor, plan))
    today = today or timezone.localdate()
    if today < assessment_opens(plan):
        raise ValidationError(
            _("The self-assessment opens on %(date)s.") % {"date": assessment_opens(plan).strftime("%d/%m/%Y")}
        )
    if plan.assessment_published_at is not None:
        raise ValidationError(_("The self-assessment is published: unpublish the plan to change it."))
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Sum up the self-assessment.")})
    commitments = list(plan.commitments.all())
    missing = [c.position for c in commitments if results.get(c.pk, ("", ""))[0] not in Result.values]
    if missing:
        raise ValidationError(
            {"results": _("Give a result for commitment(s) %(n)s.") % {"n": ", ".join(map(str, missing))}}
        )
    with transaction.atomic():
        before = _state(plan)
        for commitment in commitments:
            result, comment = results[commitment.pk]
            commitment.result, commitment.assessment = result, (comment or "").strip()
        Commitment.objects.bulk_update(commitments, ["result", "assessment"])
        CommitmentPlan.objects.filter(pk=plan.pk).update(
            assessment_summary=summary, assessed_at=timezone.now(), updated_at=timezone.now()
        )
        plan.refresh_from_db()
        record(actor=actor, action=Action.UPDATE, obj=plan, before=before, after=_state(plan), note=_("Self-assessed"))
    return plan


def plan_publish_assessment(*, actor, plan: CommitmentPlan) -> CommitmentPlan:
    require(may_edit_plan(actor, plan))
    if plan.published_at is None:
        raise ValidationError(_("Publish the plan first."))
    if plan.assessed_at is None:
        raise ValidationError(_("There is no self-assessment to publish yet."))
    if plan.assessment_published_at is not None:
        raise ValidationError(_("The self-assessment is already published."))
    with transaction.atomic():
        return _save(actor, plan, {"assessment_published_at": timezone.now()}, note=_("Self-assessment published"))
