"""A sample review report of a unit for a year, from recorded figures (meetings, work with the people).

The demo of the rendering: a real report will be composed by the reports issue from the indicators; this one shows
the Party format with a few figures that are really in the database. The caller has checked that the reader may see
`unit`; the figures apply no user scope of their own. They count confidential meetings too, whoever prints the report,
and say how many are confidential (a column of the table, a sentence of the text), never which (README,
"Confidentiality").
"""

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.meetings import figures as meeting_figures
from lanhdao.meetings.models import MeetingKind
from lanhdao.org.selectors import parent_of
from lanhdao.people import figures as people_figures

from .data import Issuer, ReportDocument, Signature, Table

# The superior line names the Party organisation ("Đảng bộ tỉnh Thái Nguyên"), not its committee ("Tỉnh ủy Thái
# Nguyên"): a fixed element of the Vietnamese format, so not translated.
COMMITTEE_TO_ORGANISATION = (
    ("Tỉnh ủy ", "Đảng bộ tỉnh "),
    ("Thành ủy ", "Đảng bộ thành phố "),
    ("Huyện ủy ", "Đảng bộ huyện "),
    ("Thị ủy ", "Đảng bộ thị xã "),
    ("Quận ủy ", "Đảng bộ quận "),
    ("Đảng ủy ", "Đảng bộ "),
)


def _figure_columns() -> list[str]:
    return [_("Number"), _("Of which confidential")]


def party_organisation(committee_name: str) -> str:
    for committee, organisation in COMMITTEE_TO_ORGANISATION:
        if committee_name.lower().startswith(committee.lower()):
            return organisation + committee_name[len(committee) :]
    return committee_name if committee_name.lower().startswith("đảng bộ") else f"Đảng bộ {committee_name}"


def _issuer(unit) -> Issuer:
    parent = parent_of(unit)
    return Issuer(parent=party_organisation(parent.name) if parent else "", committee=unit.name)


def review_report(unit, year: int, *, progress: Callable[[int, int], None] | None = None) -> ReportDocument:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    step = progress or (lambda done, total: None)
    by_kind = meeting_figures.held_by_kind(unit, start, end)
    step(1, 4)
    submissions = meeting_figures.submissions_count(unit, start, end)
    answered = meeting_figures.submissions_answered(unit, start, end)
    tasks, secret_tasks = meeting_figures.conclusion_tasks_counts(unit, start, end)
    step(2, 4)
    people = people_figures.summary(unit, start, end)
    step(3, 4)
    meetings_total = sum(n for n, _secret in by_kind.values())
    secret_total = sum(secret for _n, secret in by_kind.values())
    labels = dict(MeetingKind.choices)
    meeting_rows = [[str(labels.get(kind, kind)), n, secret] for kind, (n, secret) in sorted(by_kind.items())]
    meeting_rows.append([_("Total"), meetings_total, secret_total])
    confidential = []
    if secret_total or secret_tasks:
        confidential.append(
            _(
                "Of these meetings %(meetings)s are confidential, and %(tasks)s of the tasks were given by their "
                "conclusions: they are counted in the figures, which do not say which they are."
            )
            % {"meetings": secret_total, "tasks": secret_tasks}
        )
    people_rows = [
        [_("Field visits by leaders"), people["field_visits"]],
        [_("Direct dialogues with the people"), people["dialogues"]],
        [_("Citizen reception days"), people["reception_days"]],
        [_("Petitions received"), people["petitions_received"]],
        [_("Petitions answered"), people["petitions_answered"]],
        [_("Petitions answered on time"), people["petitions_answered_on_time"]],
        [_("Petitions overdue at the end of the year"), people["petitions_overdue"]],
    ]
    report = ReportDocument(
        issuer=_issuer(unit),
        symbol="-BC/",
        place=_("Place"),
        date=min(timezone.localdate(), end + datetime.timedelta(days=30)),
        kind=_("Report"),
        title=_("review of the leadership work in %(year)s") % {"year": year},
        sections=[
            (
                _("I. RESULTS"),
                [
                    _(
                        "In %(year)s the committee and the units under it held %(meetings)s meetings, received "
                        "%(submissions)s submissions and gave %(answered)s opinions or conclusions on them; the "
                        "conclusions of the meetings assigned %(tasks)s concrete tasks."
                    )
                    % {
                        "year": year,
                        "meetings": meetings_total,
                        "submissions": submissions,
                        "answered": answered,
                        "tasks": tasks,
                    },
                    _(
                        "Leaders made %(visits)s field visits and held %(dialogues)s direct dialogues with the people; "
                        "%(received)s petitions were received and %(answered)s answered."
                    )
                    % {
                        "visits": people["field_visits"],
                        "dialogues": people["dialogues"],
                        "received": people["petitions_received"],
                        "answered": people["petitions_answered"],
                    },
                    *confidential,
                ],
            ),
            (_("II. SHORTCOMINGS AND TASKS AHEAD"), [_("(To be written by the drafting office.)")]),
        ],
        tables=[
            Table(_("Table 1. Meetings held"), [_("Kind of meeting"), *_figure_columns()], meeting_rows),
            Table(_("Table 2. Work with the people"), [_("Indicator"), _("Number")], people_rows),
        ],
        signature=Signature(_("On behalf of the Standing Board"), _("Secretary"), ""),
        recipients=[_("The superior committee (to report),"), _("Units under it,"), _("Archive.")],
    )
    step(4, 4)
    return report
