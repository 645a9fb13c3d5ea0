import pytest
from django.utils import translation

from lanhdao.core.text import fold
from lanhdao.documents.symbols import (
    PARTY,
    PARTY_ISSUERS,
    PARTY_KINDS,
    PARTY_KINDS_NOT_ISSUED,
    STATE,
    STATE_ISSUERS,
    STATE_KINDS,
    STATE_KINDS_NEEDING_YEAR,
    Symbol,
    SymbolError,
    normalise_symbol,
    parse_symbol,
    read_symbol,
)


def _state_example(kind: str) -> str:
    if kind in STATE_KINDS_NEEDING_YEAR:
        issuer = {"NĐ": "CP", "L": "CTN", "TTLT": "BNV-BTC"}.get(kind, "BNV")
        return f"01/2020/{kind}-{issuer}"
    return f"1234/{kind}-UBND"


@pytest.mark.parametrize("kind", PARTY_KINDS)
def test_every_party_kind_round_trips(kind):
    symbol = parse_symbol(f"05-{kind}/TU")
    assert (symbol.system, symbol.number, symbol.kind, symbol.issuer, symbol.year) == (PARTY, "05", kind, "TU", None)
    assert str(symbol) == f"05-{kind}/TU"
    assert symbol.kind_name == PARTY_KINDS[kind]
    assert parse_symbol(str(symbol).lower()) == symbol, "a symbol typed in lower case reads the same"


@pytest.mark.parametrize("kind", STATE_KINDS)
def test_every_state_kind_round_trips(kind):
    text = _state_example(kind)
    symbol = parse_symbol(text)
    assert (symbol.system, symbol.kind) == (STATE, kind)
    assert str(symbol) == text
    assert symbol.kind_name == STATE_KINDS[kind]
    assert parse_symbol(text.lower()) == symbol


@pytest.mark.parametrize("issuer", PARTY_ISSUERS)
def test_every_party_issuer_round_trips(issuer):
    symbol = parse_symbol(f"12-HD/{issuer}")
    assert symbol.issuer == issuer
    assert str(symbol) == f"12-HD/{issuer}"
    assert symbol.issuer_name == PARTY_ISSUERS[issuer]
    assert parse_symbol(f"12-hd/{issuer.lower()}") == symbol


@pytest.mark.parametrize("issuer", STATE_ISSUERS)
def test_every_state_issuer_round_trips(issuer):
    letter = parse_symbol(f"123/{issuer}-VP")
    assert (letter.system, letter.kind, letter.issuer, str(letter)) == (STATE, "", f"{issuer}-VP", f"123/{issuer}-VP")
    assert letter.kind_name == "Công văn"
    assert letter.issuer_name == STATE_ISSUERS[issuer]
    assert str(parse_symbol(f"45/KH-{issuer}")) == f"45/KH-{issuer}"


def test_no_two_abbreviations_in_a_table_are_the_same_in_capitals():
    for table in (PARTY_KINDS, STATE_KINDS, PARTY_ISSUERS, STATE_ISSUERS):
        capitals = [abbr.upper() for abbr in table]
        assert len(capitals) == len(set(capitals))


def test_advisory_issuers_are_built_from_body_and_committee():
    assert PARTY_ISSUERS["BTCTW"] == "Ban Tổ chức Trung ương"
    assert PARTY_ISSUERS["UBKTTU"] == "Ủy ban Kiểm tra Tỉnh ủy"
    assert PARTY_ISSUERS["VPHU"] == "Văn phòng Huyện ủy"
    assert PARTY_ISSUERS["BTGDVTW"] == "Ban Tuyên giáo và Dân vận Trung ương"
    assert {"BDVTW", "BTGTW", "VPTW", "BTCTU", "UBKTĐU", "BDVTU", "BTGTU", "VPTU"} <= set(PARTY_ISSUERS)
    assert PARTY_KINDS_NOT_ISSUED["BTCTU"] == {"NQ", "CT", "TT"}


@pytest.mark.parametrize(
    ("text", "written", "kind_name", "key"),
    [
        ("05-NQ/TU", "05-NQ/TU", "Nghị quyết", "05-nq/tu"),
        ("7020-CV/BTCTW", "7020-CV/BTCTW", "Công văn", "7020-cv/btctw"),
        ("108/2014/NĐ-CP", "108/2014/NĐ-CP", "Nghị định", "108/2014/nd-cp"),
        ("1234/QĐ-UBND", "1234/QĐ-UBND", "Quyết định", "1234/qd-ubnd"),
        ("123/UBND-VP", "123/UBND-VP", "Công văn", "123/ubnd-vp"),
        ("80/2015/QH13", "80/2015/QH13", "Luật, Nghị quyết của Quốc hội", "80/2015/qh13"),
        ("01-HD/BTCTW-UBKTTW", "01-HD/BTCTW-UBKTTW", "Hướng dẫn", "01-hd/btctw-ubkttw"),
    ],
)
def test_canonical_forms(text, written, kind_name, key):
    symbol = parse_symbol(text)
    assert (str(symbol), symbol.kind_name, symbol.key) == (written, kind_name, key)


def test_state_symbol_fields():
    assert parse_symbol("108/2014/NĐ-CP") == Symbol(STATE, "108", "NĐ", "CP", 2014)
    assert parse_symbol("123/UBND-VP") == Symbol(STATE, "123", "", "UBND-VP", None)
    assert parse_symbol("80/2015/QH13").issuer_name == "Quốc hội khóa 13"
    assert parse_symbol("45/SNV-TCBC").issuer_name == "Sở Nội vụ"
    assert parse_symbol("01/GP-TTĐT").issuer_name is None, "State issuers outside the table are accepted, unnamed"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Số: 05-NQ/TU", "05-NQ/TU"),
        ("số 05-NQ/TU", "05-NQ/TU"),
        ("  05 - NQ / TU  ", "05-NQ/TU"),
        ("05–NQ/TU", "05-NQ/TU"),
        ("05-ctr/thu", "05-CTr/ThU"),
        ("05-qd/tw", "05-QĐ/TW"),
        ("05-QDD/TW", "05-QĐ/TW"),
        ("05-NQ/DU", "05-NQ/ĐU"),
        ("05-NQ/DDUK", "05-NQ/ĐUK"),
        ("05-Ða/TU", "05-ĐA/TU"),
        ("05-DA/TU", "05-DA/TU"),
        ("108/2014/nd-cp", "108/2014/NĐ-CP"),
        ("1234/qd-ubnd", "1234/QĐ-UBND"),
        ("12/QyD-UBND", "12/QyĐ-UBND"),
        ("12/QĐ-TTG", "12/QĐ-TTg"),
        ("01-CV/BCD", "01-CV/BCĐ"),
    ],
)
def test_what_a_person_types_is_read_as_the_canonical_symbol(typed, expected):
    assert str(parse_symbol(typed)) == expected


def test_without_diacritics_DA_stays_a_project_and_never_becomes_a_scheme():
    assert parse_symbol("05-DA/TU").kind_name == "Dự án"
    assert parse_symbol("05-ĐA/TU").kind_name == "Đề án"
    assert parse_symbol("05-HD/TU").kind == "HD"
    assert parse_symbol("12/HD-UBND").kind == "HD", "HD is a guidance, not a contract (HĐ)"


@pytest.mark.parametrize(
    ("text", "code", "in_message"),
    [
        ("", "empty", "Enter a document symbol"),
        ("   ", "empty", "Enter a document symbol"),
        ("abc", "unrecognised", "“abc”"),
        ("05 NQ/TU", "unrecognised", "“05 NQ/TU”"),
        ("NQ/TU", "missing_number", "no number"),
        ("-NQ/TU", "missing_number", "no number"),
        ("O5-NQ/TU", "number_not_digits", "“O5”"),
        ("0-NQ/TU", "number_zero", "zero"),
        ("5-NQ/TU", "leading_zero_missing", "05"),
        ("005-NQ/TU", "extra_leading_zero", "05"),
        ("5/QĐ-UBND", "leading_zero_missing", "05"),
        ("05-/TU", "missing_kind", "no document kind"),
        ("05/TU", "missing_kind", "no document kind"),
        ("05-XY/TU", "unknown_kind", "“XY”"),
        ("05-NĐ/TU", "state_kind_in_party", "“NĐ” is a State document kind"),
        ("05-NQ", "missing_issuer", "no issuing body"),
        ("05-NQ/", "missing_issuer", "no issuing body"),
        ("05", "missing_issuer", "no issuing body"),
        ("05-NQ/XYZ", "unknown_issuer", "“XYZ”"),
        ("05-NQ/T9", "bad_issuer", "“T9”"),
        ("12/QĐ-UB*ND", "bad_issuer", "“UB*ND”"),
        ("64/KL/TW", "party_slash", "64-KL/TW"),
        ("05-NQ-TU", "party_separator", "05-NQ/TU"),
        ("108/1800/NĐ-CP", "bad_year", "“1800”"),
        ("108/NĐ-CP", "year_required", "Nghị định"),
        ("01/TT-BNV", "year_required", "Thông tư"),
        ("12/2019/KH-UBND", "year_not_allowed", "Kế hoạch"),
        ("108/2014", "missing_kind", "no document kind"),
        ("123/CV-UBND", "state_letter_kind", "123/UBND"),
        ("05-NQ/BTCTU", "kind_not_issued", "Ban Tổ chức Tỉnh ủy (BTCTU) does not issue a Nghị quyết (NQ)"),
        ("05-CT/UBKTTW", "kind_not_issued", "Ủy ban Kiểm tra Trung ương"),
        ("05-TT/VPTU", "kind_not_issued", "Thông tri"),
        ("05-CT/CB", "kind_not_issued", "Chi bộ (CB) does not issue a Chỉ thị (CT)"),
        ("12/2020/NĐ-BTC", "kind_not_issued", "Nghị định"),
        ("12/2020/TT-UBND", "kind_not_issued", "Thông tư"),
        ("15/2/2017", "unrecognised", "15/2/2017"),
        ("1/2", "unrecognised", "1/2"),
    ],
)
def test_each_broken_rule_gives_a_symbol_error_saying_what_is_wrong(text, code, in_message):
    with pytest.raises(SymbolError) as caught:
        parse_symbol(text)
    assert caught.value.code == code
    with translation.override("en"):
        assert in_message in caught.value.message
        assert str(caught.value) == caught.value.message
    assert isinstance(caught.value, ValueError)


def test_the_message_is_given_in_the_active_language_and_is_never_empty():
    with pytest.raises(SymbolError) as caught:
        parse_symbol("5-NQ/TU")
    for language in ("vi", "en"):
        with translation.override(language):
            assert caught.value.message.strip()


def test_rules_that_allow_a_kind_are_not_refused():
    assert parse_symbol("05-NQ/CB").kind == "NQ", "a cell issues resolutions"
    assert parse_symbol("05-HD/BTCTW").kind == "HD", "an advisory body issues guidance"
    assert parse_symbol("7020-CV/BTCTW").kind == "CV"
    assert parse_symbol("05-CT/TU").kind == "CT", "the standing board signs directives as TU"
    assert parse_symbol("1234/2016/QĐ-UBND").year == 2016, "a normative decision carries its year"
    assert parse_symbol("1234/QĐ-UBND").year is None, "an individual decision does not"


@pytest.mark.parametrize(
    ("messy", "normalised"),
    [
        ("64/KL/TW", "64-KL/TW"),
        ("39/ NQ/TW", "39-NQ/TW"),
        ("05 - NQ/TU", "05-NQ/TU"),
        ("7020- CV/BTCTW", "7020-CV/BTCTW"),
        ("5-NQ/TU", "05-NQ/TU"),
        ("005-NQ/TU", "05-NQ/TU"),
        ("05 NQ/TU", "05-NQ/TU"),
        ("Số: 05-nq/tu", "05-NQ/TU"),
        ("108/2014/NĐ-CP", "108/2014/NĐ-CP"),
        ("108 / 2014 / ND - CP", "108/2014/NĐ-CP"),
        ("1234/QĐ-UBND", "1234/QĐ-UBND"),
        ("123/CV-UBND", "123/UBND"),
        ("05-NQ/XYZ", "05-NQ/XYZ"),
        ("05-NQ/BTCTU", "05-NQ/BTCTU"),
    ],
)
def test_normalise_symbol_repairs_messy_text(messy, normalised):
    assert normalise_symbol(messy) == normalised


@pytest.mark.parametrize(
    "not_a_symbol", ["", "Nghị quyết", "15/2/2017", "2015 - 2020", "0269.3830155", "10%", "05-XY/TU", "NQ/TU", "05"]
)
def test_normalise_symbol_gives_none_for_what_is_not_a_symbol(not_a_symbol):
    assert normalise_symbol(not_a_symbol) is None


def test_read_symbol_reports_what_it_repaired_and_what_it_could_not_resolve():
    assert read_symbol("05-NQ/TU") == (Symbol(PARTY, "05", "NQ", "TU"), [])
    assert read_symbol("64/KL/TW")[1] == ["party_slash"]
    assert read_symbol("5-NQ/TU")[1] == ["leading_zero_missing"]
    assert read_symbol("05-NQ/XYZ")[1] == ["unknown_issuer"]
    assert read_symbol("05-NQ/BTCTU")[1] == ["kind_not_issued"]
    assert read_symbol("108/NĐ-CP")[1] == ["year_required"]
    with pytest.raises(SymbolError):
        read_symbol("2015 - 2020")


def test_key_is_the_folded_canonical_form():
    assert parse_symbol("101-QĐ/TW").key == fold("101-QĐ/TW") == "101-qd/tw"
    assert parse_symbol("64/KL/TW".replace("/", "-", 1)).key == parse_symbol("64 - kl / tw").key
