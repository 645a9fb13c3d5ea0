"""The home page of a signed-in user: what is theirs to do today, composed from each app's "waiting for this user"
selector (`work.selectors.tasks_waiting_for`, `members.selectors.transfers_to_receive` and `probations_undecided`,
`campaigns.selectors.reports_to_write`, `meetings.selectors.submissions_awaiting_opinion` and `meetings_of_week`,
`people.selectors.petitions_near_deadline`, `notifications.selectors.unread_for`).

This module adds no access rule of its own: each of those selectors starts from its app's `<things>_for(user)`, so a
record the user may not open never appears here. It only orders, cuts each list to `limit` items (one query per
section, whatever the number of records) and says where each item is done and where the whole list is.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lanhdao.accounts.selectors import scope_roots
from lanhdao.campaigns.selectors import relays_of, reports_to_write
from lanhdao.meetings.selectors import meetings_of_week, submissions_awaiting_opinion
from lanhdao.members.selectors import probations_undecided, transfers_to_receive
from lanhdao.notifications.selectors import unread_for
from lanhdao.people.selectors import petitions_near_deadline
from lanhdao.work.selectors import tasks_waiting_for
from lanhdao.work.status import Status

LIMIT = 5


@dataclass
class Item:
    """One line of a section: what it is, where it is done (`url`, with the anchor of the form where there is one),
    and the facts that say why it is there."""

    title: str
    url: str
    detail: str = ""
    date: datetime.date | None = None
    late: bool = False


@dataclass
class Section:
    key: str
    title: str
    empty: str
    see_all: str
    items: list[Item] = field(default_factory=list)
    more: bool = False
    date_label: str = ""  # what the date of each item is (a deadline, the day sent…)


def _url(name: str, *args, anchor: str = "", **query) -> str:
    url = reverse(name, args=args)
    if query:
        url += "?" + urlencode({k: v for k, v in query.items() if v not in (None, "")})
    return url + (f"#{anchor}" if anchor else "")


def _cut(qs, limit: int) -> tuple[list, bool]:
    rows = list(qs[: limit + 1])
    return rows[:limit], len(rows) > limit


TASK_SECTIONS = (
    (
        Status.OVERDUE,
        gettext_lazy("My overdue tasks"),
        gettext_lazy("No task of your units is overdue."),
    ),
    (
        Status.DUE_SOON,
        gettext_lazy("My tasks due soon"),
        gettext_lazy("No task of your units is due in the coming days."),
    ),
    (
        Status.RETURNED,
        gettext_lazy("My tasks returned"),
        gettext_lazy("No task of your units was returned."),
    ),
    (
        Status.AWAITING,
        gettext_lazy("Completion proposals to accept"),
        gettext_lazy("No task your units assigned waits for acceptance."),
    ),
)


def _task_sections(user, today, limit, root) -> list[Section]:
    waiting = tasks_waiting_for(user, today)
    sections = []
    for status, title, empty in TASK_SECTIONS:
        qs = waiting[status].select_related("lead_unit", "assigning_unit").order_by("deadline", "pk")
        rows, more = _cut(qs, limit)
        see_all = _url("work:task_list", unit=root.pk if root else None, status=status.value)
        section = Section(status.value, str(title), str(empty), see_all, more=more, date_label=_("due"))
        for task in rows:
            unit = task.assigning_unit if status == Status.AWAITING else task.lead_unit
            label = _("Lead unit") if status == Status.AWAITING else _("Assigned by")
            other = task.lead_unit if status == Status.AWAITING else task.assigning_unit
            section.items.append(
                Item(
                    task.title,
                    _url("work:task_detail", task.pk, anchor="actions"),
                    f"{unit.name} · {label}: {other.name}",
                    task.deadline,
                    late=task.deadline < today,
                )
            )
        sections.append(section)
    return sections


def _transfers(user, limit, root) -> Section:
    rows, more = _cut(transfers_to_receive(user), limit)
    section = Section(
        "transfers",
        _("Transfers to receive"),
        _("No member's transfer waits to be received."),
        _url("members:transfer_list", unit=root.pk if root else None, state="pending"),
        more=more,
        date_label=_("transferred on"),
    )
    for t in rows:
        section.items.append(
            Item(
                str(t.member),
                _url("members:transfer_detail", t.pk, anchor="receive-form"),
                f"{t.from_unit.name} → {t.to_unit.name}",
                t.sent_on,
            )
        )
    return section


def _probations(user, today, limit, root) -> Section:
    rows, more = _cut(probations_undecided(user, today), limit)
    section = Section(
        "probations",
        _("Probations ended without a decision"),
        _("No probation has ended without a decision."),
        _url("members:member_list", unit=root.pk if root else None, overdue="on"),
        more=more,
        date_label=_("probation ended on"),
    )
    for m in rows:
        section.items.append(
            Item(
                m.full_name,
                _url("members:member_detail", m.pk, anchor="step-form"),
                m.unit.name,
                m.probation_ends_on,
                late=True,
            )
        )
    return section


def _reports(user, today, limit, root) -> Section:
    rows, more = _cut(reports_to_write(user), limit)
    relays = relays_of(rows)
    section = Section(
        "reports",
        _("Review reports to write or relay"),
        _("No review report waits for your units."),
        _url("campaigns:list", root.pk) if root else "",
        more=more,
        date_label=_("due"),
    )
    for r in rows:
        relay = relays.get(r.pk)
        detail = f"{r.unit.name} · {_('Issued by')}: {r.campaign.unit.name}"
        if relay:
            detail += " · " + _("relayed: %(done)s of %(total)s submitted") % {
                "done": relay.submitted,
                "total": relay.total,
            }
        section.items.append(
            Item(
                r.campaign.title,
                _url("campaigns:report", r.pk),
                detail,
                r.campaign.deadline,
                late=r.campaign.deadline < today,
            )
        )
    return section


def _submissions(user, today, limit, root) -> Section:
    rows, more = _cut(submissions_awaiting_opinion(user), limit)
    section = Section(
        "submissions",
        _("Submissions awaiting the Board's opinion"),
        _("No submission waits for your committee's opinion."),
        _url("meetings:submission_list", unit=root.pk if root else None),
        more=more,
        date_label=_("opinion due"),
    )
    for s in rows:
        section.items.append(
            Item(
                str(s),
                _url("meetings:submission_opinion", s.pk),
                f"{s.from_unit.name} → {s.to_unit.name}",
                s.opinion_due,
                late=s.opinion_due < today,
            )
        )
    return section


def _petitions(user, today, limit, root) -> Section:
    rows, more = _cut(petitions_near_deadline(user, today), limit)
    section = Section(
        "petitions",
        _("Petitions near their deadline"),
        _("No petition to answer is near its deadline."),
        _url("people:petition_list", unit=root.pk if root else None, status="unanswered"),
        more=more,
        date_label=_("answer due"),
    )
    for p in rows:
        section.items.append(
            Item(
                p.subject,
                _url("people:petition_detail", p.pk, anchor="actions"),
                (p.assigned_unit or p.receiving_unit).name,
                p.deadline,
                late=p.deadline < today,
            )
        )
    return section


def _meetings(user, today, limit, root) -> Section:
    monday = today - datetime.timedelta(days=today.weekday())
    rows, more = _cut(meetings_of_week(user, today), limit)
    section = Section(
        "meetings",
        _("This week's meetings"),
        _("Your units have no meeting this week."),
        _url(
            "meetings:meeting_list",
            unit=root.pk if root else None,
            date_from=monday.isoformat(),
            date_to=(monday + datetime.timedelta(days=6)).isoformat(),
        ),
        more=more,
    )
    for m in rows:
        section.items.append(Item(str(m), _url("meetings:meeting_detail", m.pk), m.unit.name, m.date))
    return section


def _notifications(user, limit) -> Section:
    rows, more = _cut(unread_for(user), limit)
    section = Section(
        "notifications",
        _("Unread notifications"),
        _("You have no unread notification."),
        _url("notifications:list"),
        more=more,
    )
    for n in rows:
        section.items.append(
            Item(n.title, n.url or _url("notifications:list"), n.body[:200], timezone.localdate(n.created_at))
        )
    return section


def home_for(user, *, today: datetime.date, limit: int = LIMIT) -> dict[str, list[Section]]:
    """The sections of `user`'s home page, grouped: their tasks, what waits for their decision, this week, news.
    A fixed number of queries, whatever the number of records."""
    root = scope_roots(user).first()
    return {
        "tasks": _task_sections(user, today, limit, root),
        "decisions": [
            _transfers(user, limit, root),
            _reports(user, today, limit, root),
            _submissions(user, today, limit, root),
            _petitions(user, today, limit, root),
            _probations(user, today, limit, root),
        ],
        "week": [_meetings(user, today, limit, root)],
        "news": [_notifications(user, limit)],
    }
