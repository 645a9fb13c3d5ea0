"""Fill a database that holds a generated organisation tree with tasks, for the subtree board's benchmark.

    .venv/bin/python bench/generate_tasks.py [--scale S|M|L] [--database-url URL] [--count N] [--today YYYY-MM-DD]
                                             [--reset]

The tree of the scale is generated first if it is missing (bench/generate.py). Then `--count` tasks (default by
scale: 20,000 at S, 200,000 at M, 10,000,000 at L) are written 20,000 at a time (COPY on PostgreSQL,
`Task.objects.bulk_create` elsewhere), each built only when its batch is written
(memory stays flat whatever the count). Every task is assigned by a province, district or commune committee
(districts exist at S and M only) to a unit inside it, grassroots organisations and cells mostly; its dates are
drawn against a fixed `--today` (default 2026-11-24): about 60% open (some overdue, some due soon, some not yet
started), 25% accepted (on time or late), 5% returned, 5% awaiting acceptance, 5% cancelled. The random generator
is seeded: the same tree gives the same tasks.

Running twice does nothing the second time (the tasks are already there); `--reset` deletes the tasks, and only
them, first, and only on a database whose name says "bench".
"""

import argparse
import datetime
import functools
import random
import sys
import time
import zoneinfo
from bisect import bisect
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from types import SimpleNamespace

if __package__ in (None, ""):
    # Run as a script (`python bench/generate_tasks.py`): make `lanhdao` and `bench` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.env import add_common_arguments, describe_database, resolve_database_url, setup_django
from bench.generate import Log, ScaleMismatch, existing_rows, prepare_database

# What the benchmarks run on at each scale: L is the national data set of the indicators' benchmark (issue 8).
COUNT_BY_SCALE = {"S": 20_000, "M": 200_000, "L": 10_000_000}
# Fixed, not the clock: the same seed must give the same statuses next year, and the board benchmark counts them
# against the same day.
TODAY = datetime.date(2026, 11, 24)
SEED = 20261124
BATCH_SIZE = 20_000
FIRST_START = datetime.date(2024, 1, 1)
LAST_DEADLINE = datetime.date(2027, 12, 31)

# Who assigns: the committees that run a board over their subtree.
ASSIGNER_KINDS = frozenset({"province_committee", "district_committee", "commune_committee"})
NEAREST_ASSIGNER_SHARE = 0.65  # the rest is assigned by a committee further up
# Who leads, as the tasks one unit of each kind receives relative to a Party cell. Summed over the tree, grassroots
# organisations and cells get most of the tasks (at L: cells 53%, grassroots committees 40%, communes 7%).
LEAD_WEIGHTS = {
    "cell": 1.0,
    "grassroots_cell": 3.0,
    "grassroots_committee": 3.0,
    "commune_committee": 8.0,
    "district_committee": 10.0,
    "advisory_board": 4.0,
    "peoples_council": 1.0,
    "peoples_committee": 2.0,
    "department": 1.0,
    "fatherland_front": 1.0,
    "mass_organisation": 0.5,
}
ACTIVITY_SIGMA = 0.6  # each unit's share is also multiplied by a log-normal factor: some units are busier

# The states a task is left in, and how often (the open ones fall into overdue, due soon, … by their dates).
STATE_WEIGHTS = {"open": 60, "accepted": 25, "returned": 5, "awaiting": 5, "cancelled": 5}
ON_TIME_SHARE = 0.7  # of the accepted tasks whose deadline has passed
NOT_STARTED_SHARE = 0.15  # of the open tasks: planned, start date ahead
OPEN_AGE_DAYS = 60  # mean age of an open task (exponential): most open tasks are recent
AWAITING_DAYS, AWAITING_MAX_DAYS = 10, 60  # how long a proposal has waited: mean (exponential), longest
RESUBMITTED_SHARE = 0.2  # of the awaiting tasks: returned once, then proposed again
DURATIONS = {15: 10, 30: 20, 60: 20, 90: 20, 180: 20, 365: 10}  # days from start to deadline: weight
PRIORITIES = {1: 5, 2: 70, 3: 20, 4: 5}  # Priority: LOW, NORMAL, HIGH, URGENT

REFERENCES = [
    "Nghị quyết số 57-NQ/TW",
    "Nghị quyết số 18-NQ/TW",
    "Kết luận số 21-KL/TW",
    "Chỉ thị số 05-CT/TW",
    "Nghị quyết số 35-NQ/TW",
    "Kết luận số 01-KL/TW",
    "Nghị quyết số 05-NQ/TU",
    "Kế hoạch số 12-KH/TU",
]
TOPICS = [
    "chuyển đổi số",
    "công tác cán bộ",
    "kiểm tra, giám sát",
    "xây dựng nông thôn mới",
    "công tác dân vận",
    "cải cách hành chính",
    "phát triển đảng viên",
    "thu, nộp đảng phí",
    "sắp xếp tổ chức bộ máy",
    "bảo vệ nền tảng tư tưởng của Đảng",
    "phòng, chống tham nhũng, tiêu cực",
    "bảo đảm quốc phòng, an ninh",
]
TITLES = [
    "Triển khai thực hiện {ref}",
    "Tổ chức học tập, quán triệt {ref}",
    "Sơ kết {k} năm thực hiện {ref}",
    "Xây dựng kế hoạch {topic} năm {year}",
    "Báo cáo kết quả {topic} quý {quarter}/{year}",
    "Kiểm tra việc thực hiện {topic} tại cơ sở",
    "Rà soát, đánh giá {topic} 6 tháng đầu năm {year}",
    "Chuẩn bị nội dung Hội nghị Ban Chấp hành tháng {month}/{year}",
    "Kiện toàn tổ chức bộ máy sau sắp xếp",
    "Cập nhật dữ liệu đảng viên vào hệ thống quản lý",
    "Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {year}",
]


class Weighted:
    """Draw an item with probability proportional to its weight (bisect on the cumulative weights)."""

    def __init__(self, items: list, weights: list[float]) -> None:
        self.items = items
        self.cumulative = list(accumulate(weights))

    def draw(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


@dataclass(slots=True)
class Lead:
    unit_id: int
    path: str
    kind: str
    assigners: tuple[int, ...]  # the assigning committees above it, the nearest first


@dataclass
class GeneratedTasks:
    scale: str
    count: int  # tasks the run was asked for
    created: int  # tasks written by this run (0 when skipped)
    skipped: bool
    seconds: float
    statuses: Counter = field(default_factory=Counter)  # derive() of every task written, against `today`


def load_leads() -> list[Lead]:
    """Every unit that may lead a task, with the committees above it that may assign one."""
    from lanhdao.org.models import Unit

    rows = list(Unit.objects.filter(archived_at__isnull=True).order_by("path").values_list("id", "path", "kind"))
    assigner_at = {path: pk for pk, path, kind in rows if kind in ASSIGNER_KINDS}
    step = Unit.steplen
    leads = []
    for pk, path, kind in rows:
        if kind not in LEAD_WEIGHTS:
            continue
        above = (path[:end] for end in range(len(path) - step, 0, -step))
        assigners = tuple(assigner_at[p] for p in above if p in assigner_at)
        if assigners:
            leads.append(Lead(pk, path, kind, assigners))
    return leads


@functools.cache
def folded(title: str) -> str:
    # A few thousand distinct titles for millions of tasks: fold each once.
    from lanhdao.core.text import fold

    return fold(title)


class TaskMaker:
    """Builds one unsaved Task at a time, its facts (proposed, accepted, returned, cancelled) drawn for its state."""

    def __init__(self, rng: random.Random, leads: list[Lead], *, today: datetime.date, created_by_id: int) -> None:
        from django.conf import settings

        self.rng = rng
        self.today = today
        self.created_by_id = created_by_id
        self.zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        self.leads = Weighted(
            leads, [LEAD_WEIGHTS[lead.kind] * rng.lognormvariate(0, ACTIVITY_SIGMA) for lead in leads]
        )
        self.states = Weighted(list(STATE_WEIGHTS), list(STATE_WEIGHTS.values()))
        self.durations = Weighted(list(DURATIONS), list(DURATIONS.values()))
        self.priorities = Weighted(list(PRIORITIES), list(PRIORITIES.values()))
        self.closed_span = (today - FIRST_START).days

    def at(self, day: datetime.date, first_hour: int, last_hour: int) -> datetime.datetime:
        hour, minute = self.rng.randint(first_hour, last_hour), self.rng.randrange(60)
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.zone)

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def title(self, deadline: datetime.date) -> str:
        rng = self.rng
        return rng.choice(TITLES).format(
            ref=rng.choice(REFERENCES),
            topic=rng.choice(TOPICS),
            k=rng.randint(1, 5),
            year=deadline.year,
            quarter=(deadline.month - 1) // 3 + 1,
            month=deadline.month,
        )

    def make(self) -> dict:
        """The fields of one task that are not their model defaults."""
        rng = self.rng
        lead = self.leads.draw(rng)
        if len(lead.assigners) == 1 or rng.random() < NEAREST_ASSIGNER_SHARE:
            assigner = lead.assigners[0]
        else:
            assigner = rng.choice(lead.assigners[1:])
        state = self.states.draw(rng)
        duration = datetime.timedelta(days=self.durations.draw(rng))
        timeline = {
            "open": self._open,
            "returned": self._returned,
            "awaiting": self._awaiting,
            "accepted": self._accepted,
            "cancelled": self._cancelled,
        }[state]
        start, deadline, progress, facts = timeline(duration)
        title = self.title(deadline)
        return dict(
            title=title,
            # Neither bulk_create nor COPY calls save(): fill what Task.save() would.
            search_title=folded(title),
            lead_path=lead.path,
            assigning_unit_id=assigner,
            lead_unit_id=lead.unit_id,
            start_date=start,
            deadline=deadline,
            priority=self.priorities.draw(rng),
            progress=progress,
            created_by_id=self.created_by_id,
            **facts,
        )

    # The dates of one task by its state: (start, deadline, progress, facts of its workflow).

    def _open(self, duration: datetime.timedelta) -> tuple[datetime.date, datetime.date, int, dict]:
        rng, today = self.rng, self.today
        if rng.random() < NOT_STARTED_SHARE:
            start = today + datetime.timedelta(days=rng.randint(1, 120))
        else:
            age = min(int(rng.expovariate(1 / OPEN_AGE_DAYS)), (today - FIRST_START).days)
            start = today - datetime.timedelta(days=age)
        progress = rng.randrange(0, 100, 10)
        return start, min(start + duration, LAST_DEADLINE), progress, {}

    def _returned(self, duration: datetime.timedelta) -> tuple[datetime.date, datetime.date, int, dict]:
        rng, today = self.rng, self.today
        # Returned is a status only until the deadline passes (then it is overdue): deadline today or later.
        deadline = today + datetime.timedelta(days=rng.randint(0, 120))
        start = min(deadline - duration, today - datetime.timedelta(days=2))
        proposed = self.day_between(start, today - datetime.timedelta(days=1))
        returned = self.day_between(proposed, min(proposed + datetime.timedelta(days=5), today))
        facts = {"proposed_at": self.at(proposed, 8, 11), "returned_at": self.at(returned, 13, 17)}
        facts["return_reason"] = "Báo cáo chưa đủ số liệu, đề nghị bổ sung."
        return start, deadline, rng.choice((70, 80, 90)), facts

    def _awaiting(self, duration: datetime.timedelta) -> tuple[datetime.date, datetime.date, int, dict]:
        rng, today = self.rng, self.today
        # A proposal waits days or weeks for the assigner's answer, not years: proposed recently.
        waited = min(int(rng.expovariate(1 / AWAITING_DAYS)), AWAITING_MAX_DAYS)
        proposed = today - datetime.timedelta(days=waited)
        start = max(proposed - datetime.timedelta(days=rng.randint(0, duration.days)), FIRST_START)
        facts = {"proposed_at": self.at(proposed, 13, 17), "completed_on": proposed}
        if proposed > start and rng.random() < RESUBMITTED_SHARE:
            # Returned once before this proposal: still awaiting (the return is older than the proposal).
            facts["returned_at"] = self.at(self.day_between(start, proposed - datetime.timedelta(days=1)), 8, 11)
            facts["return_reason"] = "Đề nghị bổ sung minh chứng."
        return start, min(start + duration, LAST_DEADLINE), 100, facts

    def _closed_start(self) -> datetime.date:
        """Accepted and cancelled tasks started any day since FIRST_START."""
        return FIRST_START + datetime.timedelta(days=self.rng.randint(0, self.closed_span - 1))

    def _accepted(self, duration: datetime.timedelta) -> tuple[datetime.date, datetime.date, int, dict]:
        rng, today = self.rng, self.today
        start = self._closed_start()
        deadline = min(start + duration, LAST_DEADLINE)
        if deadline < today and rng.random() >= ON_TIME_SHARE:
            completed = min(deadline + datetime.timedelta(days=rng.randint(1, 45)), today)
        else:
            last = min(deadline, today)
            completed = self.day_between(min(max(start, deadline - duration / 2), last), last)
        proposed = self.day_between(completed, min(completed + datetime.timedelta(days=2), today))
        accepted = self.day_between(proposed, min(proposed + datetime.timedelta(days=10), today))
        facts = {
            "completed_on": completed,
            "proposed_at": self.at(proposed, 8, 11),
            "accepted_at": self.at(accepted, 13, 17),
        }
        return start, deadline, 100, facts

    def _cancelled(self, duration: datetime.timedelta) -> tuple[datetime.date, datetime.date, int, dict]:
        rng, today = self.rng, self.today
        start = self._closed_start()
        deadline = min(start + duration, LAST_DEADLINE)
        facts = {
            "cancelled_at": self.at(self.day_between(min(start, today), min(deadline, today)), 8, 17),
            "cancel_reason": "Nhiệm vụ không còn phù hợp sau sắp xếp tổ chức bộ máy.",
        }
        return start, deadline, rng.randrange(0, 60, 10), facts

    def tasks(self, count: int) -> Iterator[dict]:
        for _ in range(count):
            yield self.make()


class Writer:
    """Writes batches of generated tasks: COPY on PostgreSQL (no model instance, no INSERT to compose: about four
    times the rows per second of bulk_create, which matters at 10 million), bulk_create elsewhere."""

    def __init__(self) -> None:
        from django.db import connection
        from django.utils import timezone

        from lanhdao.work.models import Task

        self.copy = connection.vendor == "postgresql"
        fields = [f for f in Task._meta.concrete_fields if not f.primary_key]
        now = timezone.now()
        # What a field holds when the generator does not set it: its default ("" for a blank text, None for a null
        # one), and the moment of the run for created_at/updated_at (auto_now is applied by save() only).
        self.defaults = {
            f.attname: now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
            for f in fields
        }
        self.columns = [f.attname for f in fields]
        names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        self.statement = f"COPY {connection.ops.quote_name(Task._meta.db_table)} ({names}) FROM STDIN"

    def complete(self, fields: dict) -> dict:
        """Every column of one task: what the generator drew, the defaults for the rest."""
        return self.defaults | fields

    @staticmethod
    def status(row: dict, today: datetime.date) -> str:
        from lanhdao.work.status import derive

        return derive(SimpleNamespace(**row), today).value

    def write(self, batch: list[dict]) -> None:
        from django.db import connection, transaction

        from lanhdao.work.models import Task

        with transaction.atomic():
            if not self.copy:
                Task.objects.bulk_create([Task(**row) for row in batch])
                return
            with connection.cursor() as cursor, cursor.cursor.copy(self.statement) as copy:
                for row in batch:
                    copy.write_row([row[name] for name in self.columns])


def generate_tasks(
    scale: str,
    *,
    count: int,
    today: datetime.date = TODAY,
    seed: int = SEED,
    batch_size: int = BATCH_SIZE,
    log: Log = print,
) -> GeneratedTasks:
    """Write `count` tasks over the tree of `scale`, unless they are already there. The tree must be."""
    from django.db import connection

    from lanhdao.work.models import Task

    started = time.perf_counter()
    actor, done = existing_rows(Task, scale=scale, count=count, noun="tasks", log=log)
    if done:
        return GeneratedTasks(scale, count, 0, True, time.perf_counter() - started)

    rng = random.Random(seed)
    leads = load_leads()
    maker = TaskMaker(rng, leads, today=today, created_by_id=actor.pk)
    log(f"{count:,} tasks over {len(leads):,} lead units, set up in {time.perf_counter() - started:.2f} s")

    insert_started = time.perf_counter()
    writer = Writer()
    tasks = maker.tasks(count)
    statuses: Counter = Counter()
    created = 0
    while True:
        batch = [writer.complete(task) for _, task in zip(range(batch_size), tasks, strict=False)]
        if not batch:
            break
        statuses.update(writer.status(row, today) for row in batch)
        # No audit rows, on purpose: tasks are otherwise created through work.services, which records one per task
        # (STYLE.md, bulk writes keep their history). Here the audit rows would double the write and the benchmark
        # would measure the audit trail instead of the board. bulk_create does not call Task.save() either, hence
        # lead_path and search_title filled by TaskMaker.
        writer.write(batch)
        created += len(batch)
        if created % (batch_size * 10) == 0:
            seconds = time.perf_counter() - insert_started
            log(f"  {created:,} written, {seconds:.1f} s, {created / seconds:,.0f} rows/s")
    seconds = time.perf_counter() - insert_started
    rate = created / max(seconds, 1e-9)
    log(f"{'COPY' if writer.copy else 'bulk_create'} wrote {created:,} tasks in {seconds:.2f} s ({rate:,.0f} rows/s)")

    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would have them later: the planner must not plan the board on a guess.
        # VACUUM too, as autovacuum would after a bulk insert: it sets the visibility map, without which an
        # index-only scan must visit the table anyway. VACUUM cannot run in a transaction (the tests' one): there
        # ANALYZE alone.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        analyze_started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f'{command} "{Task._meta.db_table}"')
        log(f"{command} in {time.perf_counter() - analyze_started:.2f} s")
    return GeneratedTasks(scale, count, created, False, time.perf_counter() - started, statuses)


def referring_models(model: type) -> list[type]:
    """The models whose rows point at `model`'s (through a foreign key or a many-to-many table), itself left out."""
    # include_hidden: a ForeignKey(related_name="+") leaves no name on Task, but its rows still point at tasks.
    relations = [f for f in model._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete]
    found = {rel.through if rel.many_to_many else rel.related_model for rel in relations}
    found.discard(model)
    return sorted(found, key=lambda m: m._meta.label)


def reset_tasks(*, log: Log = print) -> None:
    """Delete every task and the work app's rows hanging from them; refuse if another app's rows refer to a task."""
    from django.db import connection, transaction

    from lanhdao.work.models import Task

    name = str(connection.settings_dict["NAME"])
    if "bench" not in Path(name).name:
        raise ScaleMismatch(f"--reset refuses to delete the tasks of {name!r}: its name does not contain 'bench'")
    referring = referring_models(Task)
    # Reminders, progress reports and coordinations belong to the tasks; another app's rows (a meeting's conclusion
    # pointing at a task) are not ours to delete.
    foreign = [m._meta.label for m in referring if m._meta.app_label != Task._meta.app_label and m.objects.exists()]
    if foreign:
        raise ScaleMismatch(f"--reset deletes tasks only, but rows of {', '.join(foreign)} refer to them")
    started = time.perf_counter()
    deleted = Task.objects.count()
    tables = [connection.ops.quote_name(model._meta.db_table) for model in [*referring, Task]]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Not DELETE: it would leave millions of dead rows for the next insert to pile onto, and the board to read
            # until a vacuum.
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            # One statement each: Task.objects.delete() would load every row to look for protected relations first.
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
    log(f"deleted {deleted:,} tasks in {time.perf_counter() - started:.2f} s")


def prepare_tasks(
    scale: str,
    *,
    count: int,
    today: datetime.date = TODAY,
    reset: bool = False,
    log: Log = print,
) -> GeneratedTasks:
    """Migrate, generate the tree if missing, delete the tasks when asked, and generate them."""
    prepare_database(scale, log=log)
    if reset:
        reset_tasks(log=log)
    return generate_tasks(scale, count=count, today=today, log=log)


def print_counts(today: datetime.date, *, log: Log = print) -> None:
    from django.db.models import Count

    from lanhdao.work.models import Task
    from lanhdao.work.selectors import status_counts

    total = Task.objects.count()
    log(f"tasks in the database: {total:,}; by status on {today}:")
    for status, n in sorted(status_counts(Task.objects.all(), today).items(), key=lambda item: -item[1]):
        log(f"  {status:<14} {n:>10,} {100 * n / max(total, 1):5.1f}%")
    by_assigner = Task.objects.values_list("assigning_unit__kind").annotate(n=Count("id")).order_by("-n")
    log("  by assigner's kind: " + ", ".join(f"{kind} {n:,}" for kind, n in by_assigner))
    by_lead = Task.objects.values_list("lead_unit__kind").annotate(n=Count("id")).order_by("-n")
    log("  by lead's kind:     " + ", ".join(f"{kind} {n:,}" for kind, n in by_lead))
    years = Task.objects.values_list("deadline__year").annotate(n=Count("id")).order_by("deadline__year")
    log("  deadlines by year:  " + ", ".join(f"{year} {n:,}" for year, n in years))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fill a database with generated tasks over its organisation tree.")
    add_common_arguments(parser, default_scale="M")
    by_scale = ", ".join(f"{scale} {n:,}" for scale, n in COUNT_BY_SCALE.items())
    parser.add_argument("--count", type=int, help=f"tasks (default by scale: {by_scale})")
    parser.add_argument(
        "--today", type=datetime.date.fromisoformat, default=TODAY, help=f"the day statuses are drawn for ({TODAY})"
    )
    parser.add_argument("--reset", action="store_true", help="delete the tasks first (bench databases only)")
    args = parser.parse_args(argv)

    setup_django(resolve_database_url(args.scale, args.database_url))
    print(f"database: {describe_database()}")
    started = time.perf_counter()
    try:
        prepare_tasks(args.scale, count=args.count or COUNT_BY_SCALE[args.scale], today=args.today, reset=args.reset)
    except ScaleMismatch as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    counting = time.perf_counter()
    print_counts(args.today)
    print(f"counted in {time.perf_counter() - counting:.2f} s; done in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
