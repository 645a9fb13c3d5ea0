"""The content of a report, independent of its file format: plain data, no Django models.

Party-format pieces follow Hướng dẫn 36-HD/VPTW (2018): the issuer is the direct superior organisation ("ĐẢNG BỘ …")
and the issuing committee; the symbol ("Số 12-BC/HU"); the place-and-date line; the kind ("BÁO CÁO") and the
summary ("sơ kết …"); the body; the signature block (on behalf of, position, name) and the recipients ("Nơi nhận").
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Issuer:
    parent: str  # the direct superior, e.g. "ĐẢNG BỘ TỈNH THÁI NGUYÊN" (may be empty at the top)
    committee: str  # the issuing committee, e.g. "HUYỆN ỦY ĐỊNH HÓA"


@dataclass(frozen=True)
class Signature:
    on_behalf_of: str  # e.g. "T/M BAN THƯỜNG VỤ"
    position: str  # e.g. "BÍ THƯ"
    name: str


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list]


@dataclass
class ReportDocument:
    issuer: Issuer
    symbol: str  # without "Số", e.g. "12-BC/HU"
    place: str
    date: datetime.date
    kind: str  # e.g. "BÁO CÁO"
    title: str  # the summary line, e.g. "sơ kết công tác năm 2025"
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, paragraphs)
    tables: list[Table] = field(default_factory=list)
    signature: Signature | None = None
    recipients: list[str] = field(default_factory=list)

    @property
    def steps(self) -> int:
        """How many pieces a renderer builds one by one (to report progress)."""
        return max(1, len(self.sections) + len(self.tables))


def date_line(place: str, day: datetime.date) -> str:
    """ "Hà Nội, ngày 03 tháng 4 năm 2018": days below 10 and the months 1 and 2 get a leading zero (36-HD/VPTW)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def sheet_cell(value):
    """A table cell as written to a file: numbers stay numbers, None becomes empty."""
    if value is None:
        return ""
    return value
