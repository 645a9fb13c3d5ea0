"""Fill a database that holds a generated organisation tree with party members, for the members' benchmark.

    .venv/bin/python bench/generate_members.py [--scale S|M|L] [--database-url URL] [--per-cell N] [--reset]

The tree of the scale is generated first if it is missing (bench/generate.py). Every Party cell (and grassroots cell)
gets about `--per-cell` members (default 26.35: at L, 212,544 cells make about 5.6 million members, the country's
membership), drawn against a fixed day (`TODAY`, 2026-11-24): admission dates over seventy years (recent ones more
often), full membership a year later or still on probation, about 4 % who have left the Party (died, removed,
resigned, expelled), 1.5 % candidates in the pipeline, and the breakdowns the statistics count (gender, age,
political theory, qualification). Each member gets an open placement on the cell; 1.5 % were transferred once, so
they also have a closed placement elsewhere (70 % in the same province) and a received transfer. Members in the Party
at the end of 2025 get a classification for 2025, every cell and grassroots organisation one too, and about 1 % of
members and 5 % of organisations an award in 2025.

Rows are written with COPY on PostgreSQL and `executemany` on SQLite, 100,000 members at a time with their other
rows: no model is instantiated, and no audit row is written (the members are otherwise created through services
that record one each; here they would double the write and the benchmark would measure the audit trail). The fields
`save()` fills (`search_name`, the placement fields, `probation_ends_on`) are computed here. The generator is seeded
and reads the cells in path order: the same tree gives the same members. Running twice does nothing the second
time; `--reset` deletes the members' tables first, and only on a database whose name says "bench".
"""

import argparse
import datetime
import functools
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script (`python bench/generate_members.py`): make `lanhdao` and `bench` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.env import add_common_arguments, describe_database, resolve_database_url, setup_django
from bench.generate import Log, ScaleMismatch, existing_rows, prepare_database

TODAY = datetime.date(2026, 11, 24)  # the day the pipeline is drawn against (bench_board.py's too)
EVALUATION_YEAR = 2025
SEED = 20261124
PER_CELL = 26.35  # 5.6 million members over the 212,544 cells of L
CHUNK = 100_000  # members written (with their placements, transfers, classifications) at a time
MEMBER_KINDS = ("cell", "grassroots_cell")
ORGANISATION_KINDS = ("cell", "grassroots_cell", "grassroots_committee", "commune_committee")

FAMILY = {
    "Nguyễn": 38,
    "Trần": 11,
    "Lê": 9.5,
    "Phạm": 7,
    "Hoàng": 5.1,
    "Huỳnh": 5,
    "Phan": 4.5,
    "Vũ": 3.9,
    "Võ": 3.9,
    "Đặng": 2.1,
    "Bùi": 2,
    "Đỗ": 1.4,
    "Hồ": 1.3,
    "Ngô": 1.3,
    "Dương": 1,
    "Lý": 0.5,
}
MIDDLE = {
    "male": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Thanh"],
    "female": ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Kim", "Thị"],
}
GIVEN = {
    "male": [
        "An",
        "Bình",
        "Cường",
        "Dũng",
        "Đức",
        "Giang",
        "Hải",
        "Hùng",
        "Huy",
        "Khánh",
        "Long",
        "Minh",
        "Nam",
        "Phong",
        "Phúc",
        "Quân",
        "Sơn",
        "Tài",
        "Thắng",
        "Thành",
        "Toàn",
        "Trung",
        "Tuấn",
        "Việt",
        "Vinh",
    ],
    "female": [
        "Anh",
        "Châu",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hằng",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Mai",
        "Ngân",
        "Nhung",
        "Oanh",
        "Phương",
        "Quỳnh",
        "Thảo",
        "Thủy",
        "Trang",
        "Uyên",
        "Vân",
        "Yến",
        "Xuân",
        "Hiền",
    ],
}
ETHNICITIES = {
    "Kinh": 88,
    "Tày": 2.2,
    "Thái": 2,
    "Mường": 1.6,
    "Khmer": 1.2,
    "Nùng": 1.2,
    "Hoa": 0.6,
    "Dao": 0.9,
    "H'Mông": 0.8,
    "Gia Rai": 0.6,
    "Ê Đê": 0.5,
}
RELIGIONS = {"": 88, "Phật giáo": 6, "Công giáo": 4, "Cao Đài": 1, "Tin lành": 0.5, "Hòa Hảo": 0.5}
THEORY = {"": 45, "elementary": 35, "intermediate": 15, "advanced": 4.5, "bachelor": 0.5}
QUALIFICATION = {"": 30, "vocational": 25, "bachelor": 38, "master": 6, "doctor": 1}
END_REASONS = {"died": 60, "removed": 18, "resigned": 10, "expelled": 8, "not_recognised": 4}
GRADES = {"excellent": 15, "good": 70, "completed": 13, "not_completed": 2}
ORGANISATION_GRADES = {"excellent": 20, "good": 65, "completed": 12, "not_completed": 3}
FEMALE_SHARE = 0.36
ENDED_SHARE = 0.04
CANDIDATE_SHARE = 0.015
TRANSFERRED_SHARE = 0.015
OVERDUE_SHARE = 0.01  # of the members past their probation: no decision yet (the alert)
MEMBER_AWARD_SHARE, ORGANISATION_AWARD_SHARE = 0.01, 0.05
SAME_PROVINCE_SHARE = 0.7
SENIORITY_YEARS = 15  # mean years since admission (exponential, capped at 70): more recent admissions than old


class Weighted:
    def __init__(self, weights: dict) -> None:
        self.items = list(weights)
        self.weights = list(weights.values())

    def draw(self, rng: random.Random):
        return rng.choices(self.items, self.weights)[0]


@dataclass(slots=True)
class Cell:
    pk: int
    path: str
    name: str
    level2: int | None
    level3: int | None
    place: str  # the commune's name, for addresses


@dataclass
class GeneratedMembers:
    scale: str
    count: int
    created: int
    skipped: bool
    seconds: float
    rows: Counter = field(default_factory=Counter)  # rows written per table
    stages: Counter = field(default_factory=Counter)  # in_party / probationary / ended / candidate


@functools.cache
def folded(text: str) -> str:
    from lanhdao.core.text import fold

    return fold(text)


def load_cells() -> tuple[list[Cell], list[tuple[int, str, int | None, int | None]]]:
    """The cells that hold members (path order), and the organisations classified each year."""
    from lanhdao.org.models import Unit

    rows = list(
        Unit.objects.filter(archived_at__isnull=True)
        .order_by("path")
        .values_list("id", "path", "kind", "name", "depth")
    )
    step = Unit.steplen
    by_path = {path: (pk, name) for pk, path, _kind, name, _depth in rows}

    def level(path: str, depth: int, d: int) -> int | None:
        return by_path[path[: step * d]][0] if depth >= d else None

    cells, organisations = [], []
    for pk, path, kind, name, depth in rows:
        if kind in MEMBER_KINDS:
            commune = by_path.get(path[: step * 3], (None, ""))[1] if depth > 3 else name
            cells.append(Cell(pk, path, name, level(path, depth, 2), level(path, depth, 3), commune))
        if kind in ORGANISATION_KINDS:
            organisations.append((pk, path, level(path, depth, 2), level(path, depth, 3)))
    return cells, organisations


def cell_sizes(cells: list[Cell], per_cell: float, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [max(3, round(rng.gauss(per_cell, per_cell / 3))) for _ in cells]


# --- writing rows without models ----------------------------------------------------------------------------------


class Table:
    """One model's table: its columns in order, and what a row gets for a column the generator does not fill (the
    field's default; `now` for auto_now fields): a field added to the model later keeps the generator working."""

    def __init__(self, model, now: datetime.datetime) -> None:
        from django.db import connection

        self.model = model
        self.name = connection.ops.quote_name(model._meta.db_table)
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.defaults = []
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                default = now
            elif f.has_default():
                default = f.get_default()
            elif f.null or f.primary_key:
                default = None
            else:
                default = ""  # a CharField without default: blank
            self.defaults.append((f.attname, default))
        self.sqlite = connection.vendor == "sqlite"

    def next_id(self) -> int:
        from django.db.models import Max

        return (self.model.objects.aggregate(n=Max("pk"))["n"] or 0) + 1

    def tuple(self, values: dict) -> tuple:
        row = tuple(values.get(name, default) for name, default in self.defaults)
        return tuple(_sqlite_value(v) for v in row) if self.sqlite else row

    def write(self, rows: list[tuple]) -> int:
        from django.db import connection

        if not rows:
            return 0
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if self.sqlite:
                marks = ", ".join("?" * len(self.columns))
                cursor.connection.executemany(f"INSERT INTO {self.name} ({columns}) VALUES ({marks})", rows)
            else:
                with cursor.cursor.copy(f"COPY {self.name} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        return len(rows)

    def reset_sequence(self) -> None:
        from django.core.management.color import no_style
        from django.db import connection

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(sql)


def _sqlite_value(value):
    # What Django stores in SQLite: ISO dates, naive UTC datetimes, integers for booleans.
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


# --- drawing members ----------------------------------------------------------------------------------------------


def _days(day: datetime.date, n: int) -> datetime.date:
    return day + datetime.timedelta(days=n)


class MemberMaker:
    def __init__(self, rng: random.Random, cells: list[Cell], *, today: datetime.date, actor_id: int) -> None:
        self.rng = rng
        self.today = today
        self.actor_id = actor_id
        self.cells = cells
        self.by_province: dict[int | None, list[Cell]] = {}
        for cell in cells:
            self.by_province.setdefault(cell.level2, []).append(cell)
        self.family, self.ethnicity, self.religion = Weighted(FAMILY), Weighted(ETHNICITIES), Weighted(RELIGIONS)
        self.theory, self.qualification = Weighted(THEORY), Weighted(QUALIFICATION)
        self.end_reason, self.grade = Weighted(END_REASONS), Weighted(GRADES)

    def name(self, gender: str) -> str:
        rng = self.rng
        return f"{self.family.draw(rng)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"

    def member(self, pk: int, seq: int, cell: Cell, position: str) -> dict:
        from lanhdao.members.stages import probation_end

        rng, today = self.rng, self.today
        gender = "female" if rng.random() < FEMALE_SHARE else "male"
        name = self.name(gender)
        card = f"{seq:08d}"
        values = {
            "id": pk,
            "unit_id": cell.pk,
            "full_name": name,
            "search_name": f"{folded(name)} {card}",
            "gender": gender,
            "identity_number": f"0{seq:011d}",
            "ethnicity": self.ethnicity.draw(rng),
            "religion": self.religion.draw(rng),
            "hometown": cell.place,
            "address": f"{cell.name}, {cell.place}",
            "phone": f"09{rng.randrange(10**8):08d}",
            "education": "12/12" if rng.random() < 0.95 else "9/12",
            "qualification": self.qualification.draw(rng),
            "theory_level": self.theory.draw(rng),
            "position": position,
            "created_by_id": self.actor_id,
            "unit_path": cell.path,
            "level2_id": cell.level2,
            "level3_id": cell.level3,
        }
        if rng.random() < CANDIDATE_SHARE:
            introduced = _days(today, -rng.randint(10, 400))
            values |= {"introduced_on": introduced, "birth_date": _days(introduced, -rng.randint(20 * 365, 35 * 365))}
            if rng.random() < 0.5:
                values["trained_on"] = _days(introduced, rng.randint(20, 60))
            values |= {"card_number": "", "search_name": folded(name)}  # no card before admission
            return values
        years = min(70.0, rng.expovariate(1 / SENIORITY_YEARS))
        admitted = _days(today, -int(years * 365.25) - 1)
        age = min(55.0, max(18.2, rng.gauss(27, 5)))
        ends = probation_end(admitted)
        values |= {
            "card_number": card,
            "birth_date": _days(admitted, -int(age * 365.25)),
            "introduced_on": _days(admitted, -rng.randint(200, 400)),
            "proposed_on": _days(admitted, -rng.randint(20, 60)),
            "admitted_on": admitted,
            "admission_decision": f"{rng.randint(1, 999)}-QĐ/ĐU",
            "probation_ends_on": ends,
        }
        values["trained_on"] = _days(values["introduced_on"], rng.randint(30, 90))
        full = None
        if ends <= today and rng.random() >= OVERDUE_SHARE:
            full = min(today, _days(ends, rng.randint(0, 45)))
            values |= {"full_on": full, "full_decision": f"{rng.randint(1, 999)}-QĐ/ĐU"}
        if rng.random() < ENDED_SHARE:
            reason = self.end_reason.draw(rng)
            if reason == "not_recognised":
                if ends < today:
                    ended = min(today, _days(ends, rng.randint(1, 60)))
                    values |= {"full_on": None, "full_decision": "", "ended_on": ended, "end_reason": reason}
            else:
                since = _days(full or admitted, 30)
                if since < today:
                    values |= {"ended_on": _days(since, rng.randint(0, (today - since).days)), "end_reason": reason}
        return values

    def moved_from(self, member: dict, cell: Cell) -> tuple[Cell, datetime.date] | None:
        """A transfer in the member's past: the cell they came from and the day they arrived, or None."""
        rng = self.rng
        admitted = member.get("admitted_on")
        if admitted is None or rng.random() >= TRANSFERRED_SHARE:
            return None
        first, last = _days(admitted, 365), _days(member.get("ended_on") or self.today, -30)
        if first >= last:
            return None
        pool = self.by_province.get(cell.level2) if rng.random() < SAME_PROVINCE_SHARE else None
        origin = rng.choice(pool or self.cells)
        if origin.pk == cell.pk:
            return None
        return origin, _days(first, rng.randint(0, (last - first).days))


def in_party_on(member: dict, day: datetime.date) -> bool:
    admitted, ended = member.get("admitted_on"), member.get("ended_on")
    return admitted is not None and admitted <= day and (ended is None or ended > day)


# --- the generator ----------------------------------------------------------------------------------------------


def _stage(member: dict) -> str:
    """Where the member stands: ended, candidate, full or probationary."""
    if member.get("ended_on"):
        return "ended"
    if not member.get("admitted_on"):
        return "candidate"
    return "full" if member.get("full_on") else "probationary"


def _placed(values: dict, cell: Cell) -> dict:
    return values | {"unit_id": cell.pk, "unit_path": cell.path, "level2_id": cell.level2, "level3_id": cell.level3}


class _Rows:
    """The rows waiting to be written, table by table, with the next id of each and the count of rows written."""

    def __init__(self, tables: dict, rng: random.Random, maker: MemberMaker, actor_id: int):
        self.tables = tables
        self.ids = {model: table.next_id() for model, table in tables.items()}
        self.pending: dict = {model: [] for model in tables}
        self.written: Counter = Counter()
        self.rng = rng
        self.maker = maker
        self.actor_id = actor_id

    def new_id(self, model) -> int:
        self.ids[model] += 1
        return self.ids[model] - 1

    def add(self, model, values: dict) -> None:
        self.pending[model].append(self.tables[model].tuple(values))

    def flush(self) -> None:
        from django.db import transaction

        with transaction.atomic():
            for model, rows in self.pending.items():
                self.written[model._meta.model_name] += self.tables[model].write(rows)
                rows.clear()

    def member_history(self, member: dict, cell: Cell, year_end: datetime.date) -> None:
        """The member's placements (and the transfer from another cell, if any), classification and award."""
        from lanhdao.members.models import Placement, Transfer

        rng, pk = self.rng, member["id"]
        start = member.get("admitted_on") or member["introduced_on"]
        here = cell  # the cell at the end of the evaluation year
        moved = self.maker.moved_from(member, cell)
        if moved:
            origin, day = moved
            self.add(
                Placement,
                _placed({"id": self.new_id(Placement), "member_id": pk, "started_on": start, "ended_on": day}, origin),
            )
            self.add(
                Transfer,
                {
                    "id": self.new_id(Transfer),
                    "member_id": pk,
                    "kind": "official",
                    "from_unit_id": origin.pk,
                    "from_path": origin.path,
                    "to_unit_id": cell.pk,
                    "to_path": cell.path,
                    "sent_on": _days(day, -rng.randint(3, 20)),
                    "received_on": day,
                    "created_by_id": self.actor_id,
                },
            )
            start = day
            here = origin if day > year_end else cell
        self.add(Placement, _placed({"id": self.new_id(Placement), "member_id": pk, "started_on": start}, cell))
        if in_party_on(member, year_end) and member["admitted_on"] <= datetime.date(EVALUATION_YEAR, 9, 30):
            self.evaluation(pk, here)

    def evaluation(self, pk: int, here: Cell) -> None:
        """The member's classification of the evaluation year, and now and then an award."""
        from lanhdao.members.models import Award, MemberEvaluation

        rng = self.rng
        self.add(
            MemberEvaluation,
            _placed(
                {
                    "id": self.new_id(MemberEvaluation),
                    "member_id": pk,
                    "year": EVALUATION_YEAR,
                    "grade": self.maker.grade.draw(rng),
                },
                here,
            ),
        )
        if rng.random() < MEMBER_AWARD_SHARE:
            self.add(
                Award,
                _placed(
                    {
                        "id": self.new_id(Award),
                        "member_id": pk,
                        "year": EVALUATION_YEAR,
                        "title": "Giấy khen",
                        "awarded_on": datetime.date(EVALUATION_YEAR, rng.randint(1, 12), rng.randint(1, 28)),
                        "created_by_id": self.actor_id,
                    },
                    here,
                ),
            )

    def organisations(self, organisations) -> None:
        """Each organisation's classification of the evaluation year, and now and then an award."""
        from lanhdao.members.models import Award, OrganisationEvaluation

        rng = self.rng
        organisation_grade = Weighted(ORGANISATION_GRADES)
        for pk, path, level2, level3 in organisations:
            where = {"unit_id": pk, "unit_path": path, "level2_id": level2, "level3_id": level3}
            self.add(
                OrganisationEvaluation,
                where
                | {
                    "id": self.new_id(OrganisationEvaluation),
                    "year": EVALUATION_YEAR,
                    "grade": organisation_grade.draw(rng),
                    "created_by_id": self.actor_id,
                },
            )
            if rng.random() < ORGANISATION_AWARD_SHARE:
                self.add(
                    Award,
                    where
                    | {
                        "id": self.new_id(Award),
                        "year": EVALUATION_YEAR,
                        "title": "Tổ chức cơ sở đảng trong sạch, vững mạnh",
                        "awarded_on": datetime.date(EVALUATION_YEAR + 1, 1, rng.randint(10, 30)),
                        "created_by_id": self.actor_id,
                    },
                )


def _analyze(tables, log: Log) -> None:
    """As autovacuum would after a bulk insert: statistics for the planner and the visibility map for index-only
    scans (PostgreSQL). VACUUM cannot run in a transaction (the tests' one): there ANALYZE alone."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    analyze_started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {table.name}")
    log(f"{command} in {time.perf_counter() - analyze_started:.2f} s")


def generate_members(
    scale: str,
    *,
    per_cell: float = PER_CELL,
    today: datetime.date = TODAY,
    seed: int = SEED,
    chunk: int = CHUNK,
    log: Log = print,
) -> GeneratedMembers:
    """Write the members of `scale` (and their placements, transfers, classifications, awards) unless there."""
    from django.utils import timezone

    from lanhdao.members.models import (
        Award,
        Member,
        MemberEvaluation,
        OrganisationEvaluation,
        Placement,
        Transfer,
    )

    started = time.perf_counter()
    cells, organisations = load_cells()
    sizes = cell_sizes(cells, per_cell, seed)
    count = sum(sizes)
    actor, done = existing_rows(Member, scale=scale, count=count, noun="members", log=log)
    if done:
        return GeneratedMembers(scale, count, 0, True, time.perf_counter() - started)
    log(f"{count:,} members over {len(cells):,} cells, set up in {time.perf_counter() - started:.2f} s")

    now = timezone.now()
    tables = {m: Table(m, now) for m in (Member, Placement, Transfer, MemberEvaluation, OrganisationEvaluation, Award)}
    rng = random.Random(seed + 1)
    maker = MemberMaker(rng, cells, today=today, actor_id=actor.pk)
    rows = _Rows(tables, rng, maker, actor.pk)
    written = rows.written
    year_end = datetime.date(EVALUATION_YEAR, 12, 31)
    stages: Counter = Counter()
    insert_started = time.perf_counter()

    seq = rows.ids[Member]
    for cell, size in zip(cells, sizes, strict=True):
        for i in range(size):
            position = ("Bí thư chi bộ", "Phó Bí thư chi bộ")[i] if i < 2 else ""
            member = maker.member(rows.new_id(Member), seq, cell, position)
            seq += 1
            rows.add(Member, member)
            stages[_stage(member)] += 1
            rows.member_history(member, cell, year_end)
            if len(rows.pending[Member]) >= chunk:
                rows.flush()
                done_rows = written["member"]
                seconds = time.perf_counter() - insert_started
                if done_rows % (chunk * 5) == 0:
                    log(f"  {done_rows:,} members written, {seconds:.1f} s, {done_rows / seconds:,.0f} members/s")
    rows.organisations(organisations)
    rows.flush()
    for table in tables.values():
        table.reset_sequence()
    seconds = time.perf_counter() - insert_started
    log(
        f"wrote {written['member']:,} members in {seconds:.2f} s ({written['member'] / max(seconds, 1e-9):,.0f} "
        f"members/s); " + ", ".join(f"{name} {n:,}" for name, n in written.items())
    )
    _analyze(tables.values(), log)
    return GeneratedMembers(scale, count, written["member"], False, time.perf_counter() - started, written, stages)


# The order SQLite deletes them in: rows pointing at a member first.
MEMBER_TABLES = (
    "probationalert",
    "award",
    "memberevaluation",
    "organisationevaluation",
    "badgeaward",
    "transfer",
    "placement",
    "positionheld",
    "successionentry",
    "training",
    "movement",
    "nomination",
    "member",
)


def reset_members(*, log: Log = print) -> None:
    """Delete every row of the members app; refuse if another app's rows refer to a member."""
    from django.apps import apps
    from django.db import connection, transaction

    from lanhdao.members.models import Member

    name = str(connection.settings_dict["NAME"])
    if "bench" not in Path(name).name:
        raise ScaleMismatch(f"--reset refuses to delete the members of {name!r}: its name does not contain 'bench'")
    # The members' tables, and every table pointing at them (recursively): those of other apps must be empty.
    models = list(apps.get_app_config("members").get_models())
    pending = list(models)
    while pending:
        model = pending.pop()
        for rel in model._meta.get_fields(include_hidden=True):
            if rel.auto_created and not rel.concrete and rel.related_model not in models:
                models.append(rel.related_model)
                pending.append(rel.related_model)
    foreign = sorted(m._meta.label for m in models if m._meta.app_label != "members" and m.objects.exists())
    if foreign:
        raise ScaleMismatch(f"--reset deletes members only, but rows of {', '.join(foreign)} refer to them")
    started = time.perf_counter()
    deleted = Member.objects.count()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(connection.ops.quote_name(m._meta.db_table) for m in models)}")
        else:
            ordered = sorted(
                models,
                key=lambda m: MEMBER_TABLES.index(m._meta.model_name) if m._meta.model_name in MEMBER_TABLES else -1,
            )
            for model in ordered:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    log(f"deleted {deleted:,} members and the rows hanging from them in {time.perf_counter() - started:.2f} s")


def prepare_members(scale: str, *, per_cell: float = PER_CELL, reset: bool = False, log: Log = print):
    prepare_database(scale, log=log)
    if reset:
        reset_members(log=log)
    return generate_members(scale, per_cell=per_cell, log=log)


def print_counts(*, log: Log = print) -> None:
    from django.db.models import Count

    from lanhdao.members.models import Member

    total = Member.objects.count()
    log(f"members in the database: {total:,}")
    by_province = Member.objects.values_list("level2_id").annotate(n=Count("id")).order_by("-n")[:3]
    log("  largest provinces (level2_id: members): " + ", ".join(f"{pk}: {n:,}" for pk, n in by_province))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fill a database with generated party members over its tree.")
    add_common_arguments(parser, default_scale="M")
    parser.add_argument("--per-cell", type=float, default=PER_CELL, help=f"members per cell (default {PER_CELL})")
    parser.add_argument("--reset", action="store_true", help="delete the members first (bench databases only)")
    args = parser.parse_args(argv)

    setup_django(resolve_database_url(args.scale, args.database_url))
    print(f"database: {describe_database()}")
    started = time.perf_counter()
    try:
        result = prepare_members(args.scale, per_cell=args.per_cell, reset=args.reset)
    except ScaleMismatch as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if result.stages:
        print("  drawn: " + ", ".join(f"{k} {n:,}" for k, n in result.stages.most_common()))
    print_counts()
    print(f"done in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
