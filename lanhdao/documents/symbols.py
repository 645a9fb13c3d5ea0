"""Document symbols (số và ký hiệu): the tables of kinds and issuers, a strict parser and a tolerant normaliser.

The public rules implemented here, and where they come from
-----------------------------------------------------------
Party documents: Regulation 66-QĐ/TW of the Secretariat (06/02/2017) on the kinds of Party documents, who may issue
them and their format, and Guidance 36-HD/VPTW of the Central Office (03/4/2018), section II.1.3 "Số và ký hiệu":
- The symbol is `<number>-<kind>/<issuer>`: `05-NQ/TU`, `7020-CV/BTCTW` (36-HD's own examples: `127-QĐ/TW`).
- The number counts from 01 for each kind within a committee's term (36-HD II.1.3.1 a), so it is written with two
  digits below 10: `05`, never `5`.
- Kinds and their abbreviations (66-QĐ/TW art. 4, 36-HD): see PARTY_KINDS. Quyết định and quy định share `QĐ`;
  `TT` is a thông tri (a Party circular), not a thông tư.
- Issuers: the abbreviation of the committee (TW, TU, HU, QU, TXU/ThU, ĐU, ĐUK, CB) or of one of its advisory bodies,
  written as the body's initials followed by its committee's (BTCTW, UBKTTU, VPHU, …): see PARTY_ISSUERS.
- Who may issue what (66-QĐ/TW art. 6–10) is checked only where the rule is unambiguous: resolutions, directives and
  thông tri are issued by congresses, executive committees, standing boards and cells (resolutions only), never by
  advisory bodies; a cell issues no directive or thông tri (see PARTY_KINDS_NOT_ISSUED). The executive committee and
  the standing board of one committee sign with the same issuer (TU), so no rule separates them here.
State documents: Law on the Promulgation of Legal Documents 2015, art. 10, and Decree 34/2016/NĐ-CP art. 58 (legal
documents); Decree 30/2020/NĐ-CP, appendix I II.3 (number and symbol) and appendix III (kind abbreviations):
- Legal documents: `<number>/<year>/<kind>-<issuer>` (`108/2014/NĐ-CP`); laws and resolutions of the National
  Assembly: `<number>/<year>/QH<term>` (`80/2015/QH13`). Decrees, circulars, joint circulars and resolutions, orders
  always carry the year; resolutions, decisions and directives may (normative) or may not (individual); no other
  kind does (STATE_KINDS_WITH_YEAR).
- Administrative documents: `<number>/<kind>-<issuer>` (`1234/QĐ-UBND`); an official letter has no kind:
  `<number>/<issuer>-<drafting unit>` (`123/UBND-VP`). Numbers below 10 take a leading zero here too.
- Kinds (appendix III and the Law's list): see STATE_KINDS. There a quy định is `QyĐ`, a quyết định `QĐ`.
  `GP` (giấy phép, a licence) is not in appendix III but is how licensing bodies number their licences.
- A decree is issued by the Government only and an order by the President only (Law 2015 art. 4); a circular comes
  from a ministry or the supreme court or procuracy, never from the Government, the Prime Minister or a local body.

Decisions where the rules are silent (how a person types a symbol)
------------------------------------------------------------------
- Spaces around `-` and `/`, a leading `Số:`/`số`/`So`, lower case and typographic dashes are accepted everywhere.
- `Ð` (the Icelandic eth, a look-alike) is read as `Đ`; `DD` (Telex typing) is read as `Đ` when the letters as typed
  match nothing; a bare `D` is read as `Đ` only when that gives exactly one abbreviation (`QD` → `QĐ`, `ND` → `NĐ`,
  `DU` → `ĐU`), so `DA` stays dự án and never becomes đề án (`ĐA`).
- parse_symbol is strict: a number without its leading zero, `64/KL/TW` (a slash where the Party writes a hyphen),
  an unknown Party issuer or a kind the issuer may not issue are refused with a message. normalise_symbol and
  read_symbol repair what can be repaired and report the rest. State issuers cannot all be listed: any issuer made of
  letters and digits is accepted; STATE_ISSUERS only gives names to the common ones.
- `key` folds the canonical form (diacritics and `đ` removed), so it cannot tell `05-ĐA/TU` from `05-DA/TU`.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lanhdao.core.text import fold

PARTY = "party"
STATE = "state"

PARTY_KINDS: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định, Quy định",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QC": "Quy chế",
    "TT": "Thông tri",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "TC": "Thông cáo",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "KH": "Kế hoạch",
    "QH": "Quy hoạch",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
    "PA": "Phương án",
    "DA": "Dự án",
    "CV": "Công văn",
    "CĐ": "Công điện",
    "BB": "Biên bản",
}

STATE_KINDS: dict[str, str] = {
    # Legal documents (Law 2015 art. 4).
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
    "L": "Lệnh",
    # Administrative documents (Decree 30/2020/NĐ-CP, appendix III).
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "GP": "Giấy phép",
}
STATE_KINDS_WITH_YEAR = frozenset({"NĐ", "TT", "TTLT", "NQLT", "L", "NQ", "QĐ", "CT"})
STATE_KINDS_NEEDING_YEAR = frozenset({"NĐ", "TT", "TTLT", "NQLT", "L"})
STATE_LETTER = "Công văn"
STATE_LAW = "Luật, Nghị quyết của Quốc hội"

PARTY_COMMITTEES: dict[str, str] = {
    "TW": "Trung ương",
    "TU": "Tỉnh ủy",
    "HU": "Huyện ủy",
    "QU": "Quận ủy",
    "TXU": "Thị ủy",
    "ThU": "Thành ủy",
    "ĐU": "Đảng ủy",
    "ĐUK": "Đảng ủy Khối",
}
PARTY_ADVISORY_BODIES: dict[str, str] = {
    "BTC": "Ban Tổ chức",
    "UBKT": "Ủy ban Kiểm tra",
    "VP": "Văn phòng",
    "BTG": "Ban Tuyên giáo",
    "BDV": "Ban Dân vận",
    "BNC": "Ban Nội chính",
    "BKT": "Ban Kinh tế",
    "BĐN": "Ban Đối ngoại",
    "BTGDV": "Ban Tuyên giáo và Dân vận",
}
PARTY_ADVISORY_ISSUERS: dict[str, str] = {
    body + committee: f"{body_name} {committee_name}"
    for body, body_name in PARTY_ADVISORY_BODIES.items()
    for committee, committee_name in PARTY_COMMITTEES.items()
}
PARTY_ISSUERS: dict[str, str] = {
    "TW": "Ban Chấp hành Trung ương, Bộ Chính trị, Ban Bí thư",
    "TU": "Tỉnh ủy, Thành ủy trực thuộc Trung ương",
    "HU": "Huyện ủy",
    "QU": "Quận ủy",
    "TXU": "Thị ủy",
    "ThU": "Thành ủy thuộc tỉnh",
    "ĐU": "Đảng ủy",
    "ĐUK": "Đảng ủy Khối",
    "CB": "Chi bộ",
    "BCĐ": "Ban Chỉ đạo",
    "ĐĐ": "Đảng đoàn",
    "BCSĐ": "Ban cán sự đảng",
    "QUTW": "Quân ủy Trung ương",
    "ĐUCATW": "Đảng ủy Công an Trung ương",
    **PARTY_ADVISORY_ISSUERS,
}
# 66-QĐ/TW art. 6–10, only the unambiguous part: issuer group -> kinds it never issues.
PARTY_KINDS_NOT_ISSUED: dict[str, frozenset[str]] = {
    **dict.fromkeys(PARTY_ADVISORY_ISSUERS, frozenset({"NQ", "CT", "TT"})),
    "CB": frozenset({"CT", "TT"}),
}

STATE_ISSUERS: dict[str, str] = {
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "CTN": "Chủ tịch nước",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "HĐND": "Hội đồng nhân dân",
    "UBND": "Ủy ban nhân dân",
    "TANDTC": "Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "KTNN": "Kiểm toán nhà nước",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "TTCP": "Thanh tra Chính phủ",
    "UBDT": "Ủy ban Dân tộc",
    "BNV": "Bộ Nội vụ",
    "BTC": "Bộ Tài chính",
    "BQP": "Bộ Quốc phòng",
    "BCA": "Bộ Công an",
    "BNG": "Bộ Ngoại giao",
    "BTP": "Bộ Tư pháp",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BCT": "Bộ Công Thương",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BGTVT": "Bộ Giao thông vận tải",
    "BXD": "Bộ Xây dựng",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BYT": "Bộ Y tế",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "SNV": "Sở Nội vụ",
    "STC": "Sở Tài chính",
}
# Law 2015 art. 4: kind -> the only issuers, and kind -> issuers that never issue it.
STATE_KIND_ONLY_FROM: dict[str, frozenset[str]] = {"NĐ": frozenset({"CP"}), "L": frozenset({"CTN"})}
STATE_KIND_NEVER_FROM: dict[str, frozenset[str]] = {"TT": frozenset({"CP", "TTg", "CTN", "QH", "HĐND", "UBND"})}

_MESSAGES = {
    "empty": _("Enter a document symbol, e.g. 05-NQ/TU, 108/2014/NĐ-CP or 1234/QĐ-UBND."),
    "unrecognised": _("“%(text)s” is not a document symbol: write it like 05-NQ/TU, 108/2014/NĐ-CP or 1234/QĐ-UBND."),
    "missing_number": _("The symbol has no number: it starts with the document's number, e.g. 05-NQ/TU."),
    "number_not_digits": _("The number “%(number)s” must be written in digits only."),
    "number_zero": _("A document number cannot be zero."),
    "leading_zero_missing": _("Numbers below 10 are written with a leading zero: %(suggestion)s."),
    "extra_leading_zero": _("The number “%(number)s” has too many leading zeros: %(suggestion)s."),
    "missing_kind": _("The symbol has no document kind between the number and the issuer, e.g. NQ in 05-NQ/TU."),
    "unknown_kind": _("“%(kind)s” is not a known abbreviation of a document kind."),
    "state_kind_in_party": _("“%(kind)s” is a State document kind; a Party symbol uses NQ, CT, KL, QĐ, HD, KH…"),
    "missing_issuer": _("The symbol has no issuing body, e.g. TU in 05-NQ/TU or UBND in 1234/QĐ-UBND."),
    "unknown_issuer": _("“%(issuer)s” is not a known Party issuing body (e.g. TW, TU, HU, ĐU, CB, BTCTW, UBKTTU)."),
    "bad_issuer": _("“%(issuer)s” is not an abbreviation of an issuing body: letters and digits only."),
    "party_slash": _("A Party symbol joins the number and the kind with a hyphen: %(suggestion)s."),
    "party_separator": _("A Party symbol has a slash between the kind and the issuer: %(suggestion)s."),
    "bad_year": _("“%(year)s” is not a valid year."),
    "year_required": _("A %(kind_name)s is a legal document: its symbol carries the year, e.g. 108/2014/NĐ-CP."),
    "year_not_allowed": _("Only legal documents carry a year in their symbol; a %(kind_name)s does not."),
    "state_letter_kind": _("A State official letter has no kind in its symbol: %(suggestion)s."),
    "kind_not_issued": _("%(issuer_name)s (%(issuer)s) does not issue a %(kind_name)s (%(kind)s)."),
}


class SymbolError(ValueError):
    """A symbol that breaks a rule. `code` is stable for programs; `message` is for people, in the active language."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(_MESSAGES[self.code]) % self.params

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Symbol:
    system: str
    number: str
    kind: str
    issuer: str
    year: int | None = None

    def __str__(self) -> str:
        if self.system == PARTY:
            return f"{self.number}-{self.kind}/{self.issuer}"
        head = f"{self.number}/{self.year}" if self.year else self.number
        return f"{head}/{self.kind}-{self.issuer}" if self.kind else f"{head}/{self.issuer}"

    @property
    def kind_name(self) -> str:
        if self.system == PARTY:
            return PARTY_KINDS.get(self.kind, self.kind)
        if not self.kind:
            return STATE_LAW if self.year else STATE_LETTER
        return STATE_KINDS.get(self.kind, self.kind)

    @property
    def issuer_name(self) -> str | None:
        return issuer_name(self.system, self.issuer)

    @property
    def key(self) -> str:
        """A folded, comparable form for lookups (`05-nq/tu`), as a search over text without diacritics needs."""
        return fold(str(self))


def issuer_name(system: str, issuer: str) -> str | None:
    """The Vietnamese name of an issuer abbreviation, or None when the tables do not know it."""
    if system == PARTY:
        if issuer in PARTY_ISSUERS:
            return PARTY_ISSUERS[issuer]
        parts = issuer.split("-")
        if len(parts) > 1 and all(part in PARTY_ISSUERS for part in parts):
            return ", ".join(PARTY_ISSUERS[part] for part in parts)
        return None
    head = issuer.split("-")[0]
    assembly = _ASSEMBLY.fullmatch(head)
    if assembly:
        return f"{STATE_ISSUERS[assembly['body']]} khóa {int(assembly['term'])}"
    return STATE_ISSUERS.get(head)


_ASSEMBLY = re.compile(r"(?P<body>QH|UBTVQH)(?P<term>\d{1,2})")
_TYPOGRAPHY = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "⁄": "/", "Ð": "Đ", "ð": "đ"})
_PREFIX = re.compile(r"^\s*(?:số|so)\s*[:.]?\s*(?=\d)", re.IGNORECASE)
_DIGITS = re.compile(r"[0-9]+")
_ISSUER_PART = re.compile(r"[^\W\d_][^\W_]{0,11}")
_YEAR = re.compile(r"[0-9]{4}")


def _index(table) -> tuple[dict[str, str], dict[str, list[str]]]:
    exact = {abbr.upper(): abbr for abbr in table}
    folded: dict[str, list[str]] = {}
    for abbr in table:
        folded.setdefault(fold(abbr).upper(), []).append(abbr)
    return exact, folded


_INDEXES = {id(table): _index(table) for table in (PARTY_KINDS, STATE_KINDS, PARTY_ISSUERS, STATE_ISSUERS)}


def _lookup(token: str, table) -> str | None:
    """The canonical abbreviation `token` stands for: as typed, then with DD as Đ, then with D as Đ if unambiguous."""
    exact, folded = _INDEXES[id(table)]
    upper = token.upper()
    if upper in exact:
        return exact[upper]
    if "DD" in upper and upper.replace("DD", "Đ") in exact:
        return exact[upper.replace("DD", "Đ")]
    candidates = folded.get(fold(token).upper(), [])
    return candidates[0] if len(candidates) == 1 else None


def _state_issuer(token: str) -> str:
    parts = token.split("-")
    for part in parts:
        if not _ISSUER_PART.fullmatch(part):
            raise SymbolError("bad_issuer", issuer=token)
    head = _lookup(parts[0], STATE_ISSUERS)
    if head is None:
        assembly = _ASSEMBLY.fullmatch(parts[0].upper())
        head = assembly.group(0) if assembly else parts[0].upper()
    return "-".join([head, *(part.upper() for part in parts[1:])])


def _party_issuer(token: str, soft: list[SymbolError]) -> str:
    if not token:
        raise SymbolError("missing_issuer")
    whole = _lookup(token, PARTY_ISSUERS)
    if whole:
        return whole
    parts = token.split("-")
    for part in parts:
        if not _ISSUER_PART.fullmatch(part) or any(ch.isdigit() for ch in part):
            raise SymbolError("bad_issuer", issuer=token)
    known = [_lookup(part, PARTY_ISSUERS) for part in parts]
    if len(parts) > 1 and all(known):
        return "-".join(known)  # a joint document of several bodies
    soft.append(SymbolError("unknown_issuer", issuer=token.upper()))
    return token.upper()


def _number(text: str, soft: list[SymbolError]) -> str:
    if not text or not any(ch.isdigit() for ch in text):
        raise SymbolError("missing_number")
    if not _DIGITS.fullmatch(text):
        raise SymbolError("number_not_digits", number=text)
    value = int(text)
    if value == 0:
        raise SymbolError("number_zero")
    canonical = f"{value:02d}"
    if text != canonical:
        code = "leading_zero_missing" if len(text) < len(canonical) else "extra_leading_zero"
        soft.append(SymbolError(code, number=text, suggestion=canonical))
    return canonical


def _check_party_authority(symbol: Symbol, soft: list[SymbolError]) -> None:
    for issuer in symbol.issuer.split("-"):
        if symbol.kind in PARTY_KINDS_NOT_ISSUED.get(issuer, ()):
            soft.append(_not_issued(symbol, issuer))
            return


def _check_state_rules(symbol: Symbol, soft: list[SymbolError]) -> None:
    if not symbol.kind:
        return
    name = STATE_KINDS[symbol.kind]
    if symbol.year is None and symbol.kind in STATE_KINDS_NEEDING_YEAR:
        soft.append(SymbolError("year_required", kind=symbol.kind, kind_name=name))
    if symbol.year is not None and symbol.kind not in STATE_KINDS_WITH_YEAR:
        soft.append(SymbolError("year_not_allowed", kind=symbol.kind, kind_name=name))
    head = symbol.issuer.split("-")[0]
    only, never = STATE_KIND_ONLY_FROM.get(symbol.kind), STATE_KIND_NEVER_FROM.get(symbol.kind, ())
    if (only and head not in only) or head in never:
        soft.append(_not_issued(symbol, head))


def _not_issued(symbol: Symbol, issuer: str) -> SymbolError:
    name = issuer_name(symbol.system, issuer) or issuer
    return SymbolError("kind_not_issued", issuer=issuer, issuer_name=name, kind=symbol.kind, kind_name=symbol.kind_name)


def _party(number: str, kind_token: str, issuer_token: str, soft: list[SymbolError]) -> Symbol:
    if not kind_token:
        raise SymbolError("missing_kind")
    kind = _lookup(kind_token, PARTY_KINDS)
    if kind is None:
        state_kind = _lookup(kind_token, STATE_KINDS)
        if state_kind:
            raise SymbolError("state_kind_in_party", kind=state_kind)
        raise SymbolError("unknown_kind", kind=kind_token)
    symbol = Symbol(PARTY, number, kind, _party_issuer(issuer_token, soft))
    _check_party_authority(symbol, soft)
    return symbol


def _state(text: str, number: str, tokens: list[str], seps: list[str], soft: list[SymbolError]) -> Symbol:
    """`tokens` follow the number's slash; `seps` are the separators between them."""
    year = None
    if _YEAR.fullmatch(tokens[0]):
        if len(tokens) == 1:
            raise SymbolError("missing_kind")
        year = int(tokens[0])
        if not 1945 <= year <= 2100:
            raise SymbolError("bad_year", year=tokens[0])
        if seps[0] != "/":
            raise SymbolError("unrecognised", text=text)
        tokens, seps = tokens[1:], seps[1:]
    if not tokens[0][:1].isalpha() or any(sep != "-" for sep in seps) or not all(tokens):
        raise SymbolError("unrecognised", text=text)
    kind = _lookup(tokens[0], STATE_KINDS)
    if kind is None and tokens[0].upper() == "CV" and len(tokens) > 1:
        suggestion = f"{number}/{'-'.join(tokens[1:]).upper()}"
        soft.append(SymbolError("state_letter_kind", suggestion=suggestion))
        tokens = tokens[1:]
    if kind is not None:
        if len(tokens) == 1:
            raise SymbolError("missing_issuer")
        issuer = _state_issuer("-".join(tokens[1:]))
    else:
        issuer = _state_issuer("-".join(tokens))
        head = issuer.split("-")[0]
        if year is not None and not _ASSEMBLY.fullmatch(head):
            raise SymbolError("missing_kind")
        if head not in STATE_ISSUERS and _lookup(head, PARTY_ISSUERS):
            raise SymbolError("missing_kind")  # `05/TU`: a Party issuer, so a Party symbol without its kind
    symbol = Symbol(STATE, number, kind or "", issuer, year)
    _check_state_rules(symbol, soft)
    return symbol


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").translate(_TYPOGRAPHY)
    text = _PREFIX.sub("", text).strip()
    return re.sub(r"\s*([-/])\s*", r"\1", text)


def _read(text: str, *, tolerant: bool = False) -> tuple[Symbol, list[SymbolError]]:
    cleaned = _clean(text)
    if tolerant:
        cleaned = re.sub(r"^(\d+)\s+(?=[^\W\d_])", r"\1-", cleaned)  # `05 NQ/TU`
    if not cleaned:
        raise SymbolError("empty")
    if re.search(r"\s", cleaned):
        raise SymbolError("unrecognised", text=cleaned)
    pieces = re.split(r"([-/])", cleaned)
    number, tokens, seps = pieces[0], pieces[2::2], pieces[1::2]
    if not seps:
        raise SymbolError("missing_issuer" if _DIGITS.fullmatch(number) else "unrecognised", text=cleaned)
    soft: list[SymbolError] = []
    number = _number(number, soft)
    if seps[0] == "-":
        if len(tokens) == 1:
            raise SymbolError("missing_issuer" if tokens[0] else "missing_kind")
        if seps[1] != "/" or "/" in seps[2:]:
            if seps[1] == "-" and len(tokens) == 2:
                raise SymbolError("party_separator", suggestion=f"{number}-{tokens[0]}/{tokens[1]}".upper())
            raise SymbolError("unrecognised", text=cleaned)
        symbol = _party(number, tokens[0], "-".join(tokens[1:]), soft)
    elif len(seps) >= 2 and seps[1] == "/" and not _YEAR.fullmatch(tokens[0]):
        if len(seps) != 2 or _lookup(tokens[0], PARTY_KINDS) is None:
            raise SymbolError("unrecognised", text=cleaned)
        symbol = _party(number, tokens[0], tokens[1], soft)  # `64/KL/TW`
        soft.insert(0, SymbolError("party_slash", suggestion=str(symbol)))
    else:
        symbol = _state(cleaned, number, tokens, seps[1:], soft)
    return symbol, soft


def parse_symbol(text: str) -> Symbol:
    """One symbol as a person types it, checked against the rules; SymbolError says what is wrong."""
    symbol, soft = _read(text)
    if soft:
        raise soft[0]
    return symbol


def read_symbol(text: str) -> tuple[Symbol, list[str]]:
    """The symbol in messy `text`, repaired where the rules allow, with the codes of what was wrong.

    Raises SymbolError only when `text` is not a symbol at all (no number, an unknown kind, no issuer…).
    """
    symbol, soft = _read(text, tolerant=True)
    return symbol, [error.code for error in soft]


def normalise_symbol(text: str) -> str | None:
    """The canonical form of a symbol found in messy text (`64/KL/TW` → `64-KL/TW`), or None if it is not one."""
    try:
        return str(read_symbol(text)[0])
    except SymbolError:
        return None
