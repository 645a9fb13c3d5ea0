"""Find the documents a Vietnamese text refers to, with whatever it says about them (date, term, plenum, congress).

What counts as a reference (the conventions of 66-QĐ/TW, 36-HD/VPTW and Decree 30/2020/NĐ-CP, see symbols.py):
- a symbol, alone or after a kind word: `Nghị quyết số 05-NQ/TU`, `64/KL/TW`, `39/ NQ/TW`, `108/2014/NĐ-CP`,
  `Quyết định 1234/QĐ-UBND`, `Công văn số 123/UBND-VP` (an official letter standing alone must name a known State
  body or be written in capitals, so `lớp 10/A1` is not one);
- a kind word with a plenum of the Central Committee: `Nghị quyết Trung ương 5 khóa X`, `Nghị quyết Hội nghị lần
  thứ năm Ban Chấp hành Trung ương`, and the lists `Nghị quyết Trung ương 4, Trung ương 5 khóa X` (two documents,
  both of term X);
- a kind word with a congress: `Nghị quyết Đại hội XII của Đảng`, `Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX`,
  `Nghị quyết XI Đại hội Đảng bộ` (a roman numeral must be in capitals there);
- a kind word with a bare number: `Quyết định số 1234`, `Chỉ thị 05 của …`.
A kind word with nothing that identifies a document (`ban hành các nghị quyết, kế hoạch`) is not a reference, and
neither are plain dates, percentages, telephone numbers or `15 năm`.

After the reference, in any order: its date (`ngày 11/8/2011`, `ngày 9-12-2016`, `5-1-2017`, `ngày 11 tháng 8 năm
2011`), its term (`khóa X`, `khoá XII`, `(khóa X)`), the issuer in words (`của Ban Bí thư`, consumed so that a name
such as `Ban Chỉ đạo Đề án Trung ương 6` is not read as a reference of its own). The text is matched folded (no
diacritics, `đ` as `d`), so `Nghi quyet Trung uong 5 khoa X` is read like its accented form; the symbol itself is
read from the original text, which keeps `ĐA` (đề án) apart from `DA` (dự án).

`problems` lists, as stable English phrases (PROBLEM_MESSAGES translates them), what could not be resolved.
"""

import dataclasses
import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from lanhdao.core.text import fold

from .symbols import PARTY, STATE, STATE_ISSUERS, Symbol, SymbolError, issuer_name, read_symbol

NO_NUMBER = "no number"
NO_DATE = "no date"
DATE_INVALID = "date is not a real date"
ISSUER_UNKNOWN = "issuer unknown"
KIND_MISMATCH = "kind word does not match the symbol"
KIND_NOT_ISSUED = "issuer may not issue this kind"
YEAR_MISSING = "year missing from the symbol"
YEAR_UNEXPECTED = "year not expected in the symbol"
PROBLEM_MESSAGES = {
    NO_NUMBER: _("no number"),
    NO_DATE: _("no date"),
    DATE_INVALID: _("date is not a real date"),
    ISSUER_UNKNOWN: _("issuer unknown"),
    KIND_MISMATCH: _("kind word does not match the symbol"),
    KIND_NOT_ISSUED: _("issuer may not issue this kind"),
    YEAR_MISSING: _("year missing from the symbol"),
    YEAR_UNEXPECTED: _("year not expected in the symbol"),
}
_SYMBOL_PROBLEMS = {
    "kind_not_issued": KIND_NOT_ISSUED,
    "year_required": YEAR_MISSING,
    "year_not_allowed": YEAR_UNEXPECTED,
}


@dataclass
class Reference:
    start: int
    end: int
    raw: str
    kind: str | None = None
    kind_name: str | None = None
    number: str | None = None
    issuer: str | None = None
    symbol: Symbol | None = None
    date: datetime.date | None = None
    term: int | None = None
    plenum: int | None = None
    congress: int | None = None
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Kind:
    abbr: str | None
    name: str
    accepts: frozenset[tuple[str, str]] | None  # (system, kind) of the symbols it may name; None: any


def _kind(abbr: str | None, name: str, *accepts: tuple[str, str]) -> _Kind:
    return _Kind(abbr, name, frozenset(accepts) if abbr else None)


def _both(abbr: str, name: str) -> _Kind:
    return _kind(abbr, name, (PARTY, abbr), (STATE, abbr))


_KIND_WORDS: dict[str, _Kind] = {
    "nghi quyet lien tich": _kind("NQLT", "Nghị quyết liên tịch", (STATE, "NQLT")),
    "thong tu lien tich": _kind("TTLT", "Thông tư liên tịch", (STATE, "TTLT")),
    "thong bao ket luan": _both("TB", "Thông báo kết luận"),
    "nghi quyet": _kind("NQ", "Nghị quyết", (PARTY, "NQ"), (STATE, "NQ"), (STATE, "NQLT")),
    "chi thi": _both("CT", "Chỉ thị"),
    "ket luan": _kind("KL", "Kết luận", (PARTY, "KL")),
    "quy dinh": _kind("QĐ", "Quy định", (PARTY, "QĐ"), (STATE, "QyĐ")),
    "quyet dinh": _both("QĐ", "Quyết định"),
    "quy che": _both("QC", "Quy chế"),
    "thong tri": _kind("TT", "Thông tri", (PARTY, "TT")),
    "huong dan": _both("HD", "Hướng dẫn"),
    "thong bao": _both("TB", "Thông báo"),
    "thong cao": _both("TC", "Thông cáo"),
    "bao cao": _both("BC", "Báo cáo"),
    "to trinh": _both("TTr", "Tờ trình"),
    "ke hoach": _both("KH", "Kế hoạch"),
    "quy hoach": _kind("QH", "Quy hoạch", (PARTY, "QH")),
    "chuong trinh": _both("CTr", "Chương trình"),
    "de an": _both("ĐA", "Đề án"),
    "du an": _both("DA", "Dự án"),
    "phuong an": _both("PA", "Phương án"),
    "cong van": _kind("CV", "Công văn", (PARTY, "CV"), (STATE, "")),
    "cong dien": _both("CĐ", "Công điện"),
    "bien ban": _both("BB", "Biên bản"),
    "nghi dinh": _kind("NĐ", "Nghị định", (STATE, "NĐ")),
    "thong tu": _kind("TT", "Thông tư", (STATE, "TT"), (STATE, "TTLT")),
    "giay phep": _kind("GP", "Giấy phép", (STATE, "GP")),
    "van ban": _kind(None, "Văn bản"),
}

_ORDINALS = {
    "nhat": 1,
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "bon": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
    "muoi mot": 11,
    "muoi hai": 12,
    "muoi ba": 13,
    "muoi bon": 14,
    "muoi tu": 14,
    "muoi lam": 15,
    "muoi nam": 15,
    "muoi sau": 16,
    "muoi bay": 17,
    "muoi tam": 18,
    "muoi chin": 19,
    "hai muoi": 20,
}


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_ORD = _alternation(_ORDINALS)
_ROMAN = r"[ivxlc]{1,7}"
_CANDIDATE = re.compile(rf"\b(?P<kind>{_alternation(_KIND_WORDS)})\b|(?<![\w/.\-])\d{{1,6}}(?=\s*[-/–—])")
_KIND_AT = re.compile(rf"(?:{_alternation(_KIND_WORDS)})\b")
_INTRO = re.compile(r"\s*(?:\bso\b\s*[:.]?\s*)?")
_SYMBOL = re.compile(r"(?<![\w/.\-])\d{1,6}(?:\s*/\s*(?:19|20)\d\d)?(?:\s*[-/–—]\s*[a-z][a-z0-9]{0,11}){1,4}(?![\w/])")
_PLENUM = re.compile(
    rf"""\s+(?:cua\s+)?(?:
        (?:hoi\s+nghi\s+)?(?:ban\s+chap\s+hanh\s+)?(?:trung\s+uong|tw)\s*(?:dang\s+)?
            (?:(?P<n1>\d{{1,2}})|lan\s+thu\s+(?P<n2>\d{{1,2}}|{_ORD}))
      | hoi\s+nghi\s+(?:lan\s+thu\s+)?(?P<n3>\d{{1,2}}|{_ORD})\s+(?:ban\s+chap\s+hanh|bch)\s+(?:trung\s+uong|tw)
            (?:\s+dang)?
    )\b""",
    re.X,
)
_CONGRESS = re.compile(
    rf"""\s+(?:cua\s+)?(?:
        dai\s+hoi(?:\s+[^\s\d,.;:()"“”]+){{0,6}}?\s+lan\s+thu\s+(?P<n1>{_ROMAN}|\d{{1,2}}|{_ORD})
      | dai\s+hoi(?:\s+dai\s+bieu)?(?:\s+toan\s+quoc)?(?:\s+dang(?:\s+bo)?)?\s+(?P<n2>{_ROMAN}|\d{{1,2}})
      | (?P<n3>{_ROMAN})\s+dai\s+hoi(?:\s+dang(?:\s+bo)?)?
    )\b""",
    re.X,
)
_CONTINUATION = re.compile(r"(?:\s*,\s*|\s+va\s+)(?P<body>(?:hoi\s+nghi\s+)?trung\s+uong\s+(?P<n>\d{1,2}))\b")
_TERM = re.compile(rf"\s*,?\s*(?P<open>\(\s*)?khoa\s+(?P<term>{_ROMAN}|\d{{1,2}})\b(?(open)\s*\))")
_DATE = re.compile(
    r"""\s*,?\s*(?P<open>\(\s*)?(?:ban\s+hanh\s+)?(?:ngay\s+)?
    (?:(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})
      |(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})\s+nam\s+(?P<y2>\d{4}))
    (?!\d)(?(open)\s*\))""",
    re.X,
)
_TENURE = re.compile(r"\s*,?\s*(?P<open>\(\s*)?nhiem\s+ky\s+\d{4}\s*[-–]\s*\d{4}(?(open)\s*\))")
_OF = re.compile(r"\s+cua\s+")
_WORD = re.compile(r"\s*([^\s,.;:()\[\]\"“”]+)")
_OF_STOPS = frozenset(
    {
        "ve",
        "ngay",
        "nham",
        "de",
        "thi",
        "tai",
        "va",
        "theo",
        "voi",
        "trong",
        "tu",
        "den",
        "cho",
        "da",
        "duoc",
        "khoa",
        "la",
        "co",
        "nay",
        "do",
        "ma",
        "nhu",
        "truoc",
        "khi",
        "neu",
    }
)
_BARE_NUMBER = re.compile(r"\s+(?P<n>\d{1,6})(?=\s*(?:[,;:)]|\.(?!\d)|$)|\s+(?:cua|ve|ngay|khoa|va|do|nam\s+\d{4})\b)")
_NUMBER_AFTER_SO = re.compile(r"(?P<n>\d{1,6})\b(?!\s*[-/.]\s*\d)")


@lru_cache(maxsize=2048)
def _fold_char(ch: str) -> str:
    return fold(ch) if not ch.isspace() else ch


def _roman(text: str) -> int | None:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total, largest = 0, 0
    for ch in reversed(text.lower()):
        value = values[ch]
        total += value if value >= largest else -value
        largest = max(largest, value)
    return total if 0 < total < 100 and _to_roman(total) == text.upper() else None


def _to_roman(n: int) -> str:
    out = ""
    for value, letters in ((90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _ordinal(text: str) -> int:
    return int(text) if text.isdigit() else _ORDINALS[" ".join(text.split())]


class _Reader:
    def __init__(self, text: str):
        self.text = text
        chars, self.where = [], []
        for i, ch in enumerate(text):
            for out in _fold_char(ch) or ("" if unicodedata.combining(ch) else " "):
                chars.append(out)
                self.where.append(i)
        self.folded = "".join(chars)

    def span(self, a: int, b: int) -> tuple[int, int]:
        start, end = self.where[a], self.where[b - 1] + 1
        while end < len(self.text) and unicodedata.combining(self.text[end]):
            end += 1
        return start, end

    def original(self, a: int, b: int) -> str:
        start, end = self.span(a, b)
        return self.text[start:end]

    def capitalised(self, a: int) -> bool:
        return self.text[self.where[a]].isupper()

    def read(self) -> list[Reference]:
        refs: list[Reference] = []
        pos = 0
        while match := _CANDIDATE.search(self.folded, pos):
            if match["kind"]:
                found, end = self.after_kind(match)
            else:
                found, end = self.symbol_reference(match.start(), None)
            refs.extend(found)
            pos = end if found else match.end()
        return refs

    def after_kind(self, match: re.Match) -> tuple[list[Reference], int]:
        kind = _KIND_WORDS[" ".join(match["kind"].split())]
        if re.search(r"chi\s+dao\s+$", self.folded[max(0, match.start() - 12) : match.start()]):
            return [], 0  # `Ban Chỉ đạo Đề án …` names a body, not a document
        intro = _INTRO.match(self.folded, match.end())
        found, end = self.symbol_reference(intro.end(), kind, start=match.start())
        if found:
            return found, end
        if kind.abbr is None:
            return self.number_reference(match, intro, kind)
        plenum = _PLENUM.match(self.folded, match.end())
        if plenum:
            return self.plenum_references(match.start(), plenum, kind)
        congress = self.congress(match.end())
        if congress:
            ref = Reference(0, 0, "", kind.abbr, kind.name, congress=congress[0])
            end = self.attributes(congress[1], ref)
            return [self.finish(ref, match.start(), end)], end
        return self.number_reference(match, intro, kind)

    def symbol_reference(self, at: int, kind: _Kind | None, start: int | None = None) -> tuple[list[Reference], int]:
        match = _SYMBOL.match(self.folded, at)
        if not match:
            return [], 0
        try:
            symbol, codes = read_symbol(self.original(at, match.end()))
        except SymbolError:
            return [], 0
        if kind is None and not symbol.kind and symbol.year is None and not self.plausible_letter(at, match.end()):
            return [], 0
        problems = [_SYMBOL_PROBLEMS[code] for code in codes if code in _SYMBOL_PROBLEMS]
        kind_name = symbol.kind_name
        if kind is not None and kind.accepts is not None:
            if (symbol.system, symbol.kind) not in kind.accepts:
                symbol = _without_diacritics_alike(symbol, kind)
            if (symbol.system, symbol.kind) in kind.accepts:
                kind_name = kind.name
            else:
                problems.insert(0, KIND_MISMATCH)
        ref = Reference(0, 0, "", symbol.kind, kind_name, symbol.number, symbol.issuer, symbol, problems=problems)
        end = self.attributes(match.end(), ref)
        return [self.finish(ref, at if start is None else start, end)], end

    def plausible_letter(self, a: int, b: int) -> bool:
        issuer = self.original(a, b).split("/")[-1].strip()
        parts = [part.strip() for part in issuer.split("-")]
        return parts[0] in STATE_ISSUERS or (len(parts) > 1 and len(parts[0]) > 1 and issuer.isupper())

    def plenum_references(self, start: int, match: re.Match, kind: _Kind) -> tuple[list[Reference], int]:
        number = match["n1"] or match["n2"] or match["n3"]
        ref = Reference(0, 0, "", kind.abbr, kind.name, issuer="TW", plenum=_ordinal(number))
        group = [(start, self.attributes(match.end(), ref), ref)]
        while more := _CONTINUATION.match(self.folded, group[-1][1]):
            ref = Reference(0, 0, "", kind.abbr, kind.name, issuer="TW", plenum=int(more["n"]))
            group.append((more.start("body"), self.attributes(more.end(), ref), ref))
        term = None
        for _start, _end, ref in reversed(group):  # `Trung ương 4, Trung ương 5 khóa X`: both of term X
            term = ref.term = ref.term or term
        return [self.finish(ref, a, b) for a, b, ref in group], group[-1][1]

    def congress(self, at: int) -> tuple[int, int] | None:
        match = _CONGRESS.match(self.folded, at)
        if not match:
            return None
        group = next(name for name in ("n1", "n2", "n3") if match[name])
        value = match[group]
        if value.isdigit():
            return int(value), match.end()
        if value[0] in "ivxlc" and " " not in value:
            roman = self.original(match.start(group), match.end(group))
            number = _roman(roman) if roman.isupper() else None
            if number is None and group == "n1" and value in _ORDINALS:
                return _ORDINALS[value], match.end()
            return (number, match.end()) if number else None
        return _ordinal(value), match.end()

    def number_reference(self, match: re.Match, intro: re.Match, kind: _Kind) -> tuple[list[Reference], int]:
        if "so" in intro.group(0):
            number = _NUMBER_AFTER_SO.match(self.folded, intro.end())
        else:
            number = _BARE_NUMBER.match(self.folded, match.end())
        if not number:
            return [], 0
        ref = Reference(0, 0, "", kind.abbr, kind.name, number["n"])
        end = self.attributes(number.end(), ref)
        return [self.finish(ref, match.start(), end)], end

    def attributes(self, pos: int, ref: Reference) -> int:
        """Consume the date, term, plenum, tenure and issuer-in-words that follow a reference, in any order."""
        readers = [self.date, self.term, self.tenure, self.plenum_attribute, self.issuer_words]
        while readers:
            for reader in readers:
                end = reader(pos, ref)
                if end is not None:
                    pos = end
                    readers.remove(reader)
                    break
            else:
                return pos
        return pos

    def date(self, pos: int, ref: Reference) -> int | None:
        match = _DATE.match(self.folded, pos)
        if not match:
            return None
        day, month, year = (int(match[a] or match[b]) for a, b in (("d", "d2"), ("m", "m2"), ("y", "y2")))
        try:
            ref.date = datetime.date(year, month, day)
        except ValueError:
            ref.problems.append(DATE_INVALID)
        return match.end()

    def term(self, pos: int, ref: Reference) -> int | None:
        match = _TERM.match(self.folded, pos)
        if not match:
            return None
        value = match["term"]
        term = int(value) if value.isdigit() else _roman(value)
        if term is None:
            return None
        ref.term = term
        return match.end()

    def tenure(self, pos: int, ref: Reference) -> int | None:
        match = _TENURE.match(self.folded, pos)
        return match.end() if match else None

    def plenum_attribute(self, pos: int, ref: Reference) -> int | None:
        match = _PLENUM.match(self.folded, pos)
        if not match or ref.plenum is not None or ref.congress is not None:
            return None
        ref.plenum = _ordinal(match["n1"] or match["n2"] or match["n3"])
        return match.end()

    def issuer_words(self, pos: int, ref: Reference) -> int | None:
        """`của Ban Bí thư`: consumed (so its words are not read again) up to a word that starts something else."""
        match = _OF.match(self.folded, pos)
        if not match or not self.folded[match.end() : match.end() + 1].isalpha() or not self.capitalised(match.end()):
            return None
        end, count = match.end(), 0
        while count < 10 and (word := _WORD.match(self.folded, end)):
            token = word.group(1)
            stop = token in _OF_STOPS and not self.capitalised(word.start(1))  # `để` stops, `Đề án` does not
            if stop or token == "so" or self.starts_symbol_reference(word.start(1)):
                break
            end, count = word.end(), count + 1
        return end if count else None

    def starts_symbol_reference(self, at: int) -> bool:
        kind = _KIND_AT.match(self.folded, at)
        if kind:
            at = _INTRO.match(self.folded, kind.end()).end()
        return bool(_SYMBOL.match(self.folded, at))

    def finish(self, ref: Reference, a: int, b: int) -> Reference:
        ref.start, ref.end = self.span(a, b)
        ref.raw = self.text[ref.start : ref.end]
        problems = list(ref.problems)
        if ref.number is None:
            problems.append(NO_NUMBER)
        if ref.date is None and DATE_INVALID not in problems:
            problems.append(NO_DATE)
        if ref.issuer is None or issuer_name(ref.symbol.system if ref.symbol else PARTY, ref.issuer) is None:
            problems.append(ISSUER_UNKNOWN)
        ref.problems = list(dict.fromkeys(problems))
        return ref


def _without_diacritics_alike(symbol: Symbol, kind: _Kind) -> Symbol:
    """`De an so 05-DA/TU`: text without diacritics cannot tell DA from ĐA; the kind word can."""
    for system, abbr in kind.accepts or ():
        if system == symbol.system and abbr and fold(abbr) == fold(symbol.kind):
            return dataclasses.replace(symbol, kind=abbr)
    return symbol


def find_references(text: str) -> list[Reference]:
    """Every document reference in `text`, in order and without overlaps."""
    return _Reader(text).read() if text else []


def problem_message(problem: str) -> str:
    """The problem phrase in the active language."""
    return str(PROBLEM_MESSAGES.get(problem, problem))
