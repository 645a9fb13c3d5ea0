import datetime
import itertools
from pathlib import Path
from typing import NamedTuple

import pytest
from django.utils import translation

from lanhdao.documents.references import (
    DATE_INVALID,
    ISSUER_UNKNOWN,
    KIND_MISMATCH,
    KIND_NOT_ISSUED,
    NO_DATE,
    NO_NUMBER,
    PROBLEM_MESSAGES,
    find_references,
    problem_message,
)

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
D = datetime.date


class Expect(NamedTuple):
    kind: str | None
    symbol: str | None = None
    date: datetime.date | None = None
    term: int | None = None
    plenum: int | None = None
    congress: int | None = None


def _seen(text: str) -> list[Expect]:
    refs = find_references(text)
    for ref in refs:
        assert ref.raw == text[ref.start : ref.end]
    assert all(a.end <= b.start for a, b in itertools.pairwise(refs)), "in order, without overlaps"
    return [Expect(r.kind, str(r.symbol) if r.symbol else None, r.date, r.term, r.plenum, r.congress) for r in refs]


# Written by hand from each article: every document it cites, with what it says of it.
_002_PARAGRAPH = [
    Expect("NQ", term=9, plenum=5),  # Nghị quyết Trung ương 5 khóa IX
    Expect("NQ", term=10, plenum=4),  # Nghị quyết Trung ương 4, …
    Expect("NQ", term=10, plenum=5),  # … Trung ương 5 khóa X
    Expect("KL", "64-KL/TW"),  # Kết luận số 64/KL/TW
    Expect("NQ", "39-NQ/TW"),  # Nghị quyết 39/ NQ/TW (39/NQ/TW the second time)
]
SEED_REFERENCES = {
    "000": [],
    "001": [Expect("NQ", congress=20)] * 4,  # Nghị quyết Đại hội (đại biểu) Đảng bộ tỉnh (Hà Tĩnh) lần thứ XX
    "002": [
        Expect("CV", "01-CV/BCĐ", D(2016, 12, 9)),
        Expect("CV", "7020-CV/BTCTW", D(2017, 1, 5)),
        Expect("NQ", "15-NQ/TW"),
        Expect("KL", "64-KL/TW"),
        *_002_PARAGRAPH,
        *_002_PARAGRAPH,  # the article repeats the paragraph
    ],
    "003": [Expect("NQ", term=10, plenum=5)] * 2,  # Nghị quyết Trung ương 5 (khóa X)
    "004": [
        Expect("NQ", congress=12),  # Nghị quyết Đại hội XII của Đảng
        Expect("NQ", congress=11),  # Nghị quyết Đại hội XI (of the city's party organisation)
        Expect("NQ", congress=11),  # Nghị quyết XI Đại hội Đảng bộ
        Expect("NQ", "05-NQ/TU", D(2011, 8, 11)),
        Expect("NQ", "06-NQ/TU", D(2016, 8, 8)),
        Expect("QĐ", "101-QĐ/TW", term=11),
        Expect("QĐ", "55-QĐ/TW", term=11),
        Expect("QĐ", "55-QĐ/TW", term=12),
        Expect("QĐ", "109-QĐ/TW", term=12),
        Expect("GP", "01/GP-TTĐT", D(2015, 2, 24)),  # the portal's licence, in the page footer
    ],
}


@pytest.mark.parametrize("seed", sorted(SEED_REFERENCES))
def test_every_reference_in_each_seed_article_is_found_with_its_fields(seed):
    files = sorted(SEEDS.glob(f"{seed}_*.txt"))
    if not files:
        pytest.skip(f"the seed articles are not beside the repository ({SEEDS})")
    assert _seen(files[0].read_text(encoding="utf-8")) == SEED_REFERENCES[seed]


def test_a_list_of_plenums_gives_one_reference_each_sharing_the_term():
    text = "Bám sát Nghị quyết Trung ương 4, Trung ương 5 khóa X, Kết luận số 64/KL/TW"
    first, second, third = find_references(text)
    assert (first.raw, first.plenum, first.term) == ("Nghị quyết Trung ương 4", 4, 10)
    assert (second.raw, second.plenum, second.term, second.kind) == ("Trung ương 5 khóa X", 5, 10, "NQ")
    assert (third.raw, str(third.symbol)) == ("Kết luận số 64/KL/TW", "64-KL/TW")


def test_a_name_reference_says_it_has_no_number_and_no_date():
    (ref,) = find_references("Tổng kết 15 năm thực hiện Nghị quyết Trung ương 5 (khóa X) về đổi mới")
    assert ref.raw == "Nghị quyết Trung ương 5 (khóa X)"
    assert (ref.kind, ref.kind_name, ref.issuer, ref.number, ref.symbol) == ("NQ", "Nghị quyết", "TW", None, None)
    assert ref.problems == [NO_NUMBER, NO_DATE]


def test_a_congress_reference_does_not_know_its_issuer():
    (ref,) = find_references("được xác định trong Nghị quyết Đại hội XII của Đảng, nhằm góp phần")
    assert (ref.raw, ref.congress, ref.issuer) == ("Nghị quyết Đại hội XII của Đảng", 12, None)
    assert ref.problems == [NO_NUMBER, NO_DATE, ISSUER_UNKNOWN]


def test_a_symbol_reference_with_a_date_has_no_problem():
    (ref,) = find_references("ban hành Nghị quyết số 05-NQ/TU ngày 11/8/2011 về đầu tư hạ tầng")
    assert (ref.raw, ref.kind, ref.kind_name, ref.number, ref.issuer) == (
        "Nghị quyết số 05-NQ/TU ngày 11/8/2011",
        "NQ",
        "Nghị quyết",
        "05",
        "TU",
    )
    assert (ref.date, ref.problems) == (D(2011, 8, 11), [])


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("Kết luận số 64/KL/TW", "64-KL/TW"),
        ("Nghị quyết 39/ NQ/TW", "39-NQ/TW"),
        ("Nghị quyết số 05 - NQ/TU", "05-NQ/TU"),
        ("Nghị quyết số 05-NQ/TU", "05-NQ/TU"),
        ("Công văn số 7020- CV/BTCTW", "7020-CV/BTCTW"),
        ("Công văn số 7020 – CV/BTCTW", "7020-CV/BTCTW"),
        ("Nghị định số 108/2014/NĐ-CP", "108/2014/NĐ-CP"),
        ("Quyết định 1234/QĐ-UBND", "1234/QĐ-UBND"),
        ("Công văn số 123/UBND-VP", "123/UBND-VP"),
        ("Thông tư 01/2015/TT-BNV", "01/2015/TT-BNV"),
        ("nghi quyet 05-NQ/TU", "05-NQ/TU"),
        ("Nghi quyet so 05-NQ/DU", "05-NQ/ĐU"),
        ("Quy định 5-QĐ/ĐU", "05-QĐ/ĐU"),
        ("theo 05-NQ/TU", "05-NQ/TU"),
        ("theo 108/2014/NĐ-CP", "108/2014/NĐ-CP"),
        ("Giấy phép số: 01/GP-TTĐT", "01/GP-TTĐT"),
    ],
)
def test_symbols_are_found_however_they_are_written(text, symbol):
    (ref,) = find_references(f"Thực hiện {text}, các đơn vị báo cáo.")
    assert str(ref.symbol) == symbol
    assert ref.kind_name and ref.number == ref.symbol.number and ref.issuer == ref.symbol.issuer
    assert KIND_MISMATCH not in ref.problems


@pytest.mark.parametrize(
    ("after", "date"),
    [
        ("ngày 11/8/2011", D(2011, 8, 11)),
        (", ngày 9-12-2016", D(2016, 12, 9)),
        ("ngày 5-1-2017", D(2017, 1, 5)),
        ("5-1-2017", D(2017, 1, 5)),
        (", 5-1-2017", D(2017, 1, 5)),
        ("ngày 11 tháng 8 năm 2011", D(2011, 8, 11)),
        ("ngày 30/11/2021", D(2021, 11, 30)),
        ("ngày 03.4.2018", D(2018, 4, 3)),
        ("(ngày 08/8/2016)", D(2016, 8, 8)),
        ("ban hành ngày 08/8/2016", D(2016, 8, 8)),
        ("ngay 11/8/2011", D(2011, 8, 11)),
        ("ngay 11 thang 8 nam 2011", D(2011, 8, 11)),
    ],
)
def test_dates_are_read_in_every_form(after, date):
    (ref,) = find_references(f"Nghị quyết số 05-NQ/TU {after} về đầu tư")
    assert ref.date == date
    assert NO_DATE not in ref.problems


@pytest.mark.parametrize(
    ("text", "term", "plenum"),
    [
        ("Nghị quyết Trung ương 5 khóa X", 10, 5),
        ("Nghị quyết Trung ương 5 khoá X", 10, 5),
        ("Nghị quyết Trung ương 5 (khóa X)", 10, 5),
        ("Nghị quyết Hội nghị Trung ương 4 khóa XII", 12, 4),
        ("Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng (khoá X)", 10, 5),
        ("Nghị quyết Hội nghị lần thứ 6 BCH Trung ương khóa XII", 12, 6),
        ("Nghi quyet Trung uong 5 khoa X", 10, 5),
        ("nghị quyết trung ương 7 khóa 12", 12, 7),
    ],
)
def test_plenums_and_terms_in_every_spelling(text, term, plenum):
    (ref,) = find_references(f"Tiếp tục thực hiện {text} về công tác cán bộ.")
    assert (ref.term, ref.plenum, ref.issuer, ref.kind) == (term, plenum, "TW", "NQ")


@pytest.mark.parametrize(
    ("text", "congress"),
    [
        ("Nghị quyết Đại hội XII của Đảng", 12),
        ("Nghị quyết Đại hội Đảng XIII", 13),
        ("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", 13),
        ("Nghị quyết Đại hội Đảng bộ tỉnh Hà Tĩnh lần thứ XX nhiệm kỳ 2025-2030", 20),
        ("Nghị quyết Đại hội Đảng bộ huyện lần thứ hai mươi", 20),
        ("Nghị quyết XI Đại hội Đảng bộ", 11),
        ("Nghi quyet Dai hoi XIII cua Dang", 13),
    ],
)
def test_congresses_in_every_spelling(text, congress):
    (ref,) = find_references(f"Thực hiện {text}, các cấp ủy đã ban hành chương trình hành động.")
    assert (ref.congress, ref.kind) == (congress, "NQ")


def test_the_term_and_issuer_in_words_follow_a_symbol():
    (ref,) = find_references("Quy định số 101-QĐ/TW của Ban Bí thư (khóa XI) về trách nhiệm nêu gương")
    assert (ref.raw, ref.term, ref.kind_name) == ("Quy định số 101-QĐ/TW của Ban Bí thư (khóa XI)", 11, "Quy định")


def test_a_plenum_after_a_symbol_is_read_too():
    (ref,) = find_references(
        "Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII về"
    )
    assert (str(ref.symbol), ref.date, ref.plenum, ref.term) == ("18-NQ/TW", D(2017, 10, 25), 6, 12)


def test_the_issuer_in_words_is_not_read_as_a_reference_of_its_own():
    text = "Công văn số 01-CV/BCĐ, ngày 9-12-2016 của Ban Chỉ đạo Đề án Trung ương 6 về báo cáo tổng kết"
    (ref,) = find_references(text)
    assert ref.raw == "Công văn số 01-CV/BCĐ, ngày 9-12-2016 của Ban Chỉ đạo Đề án Trung ương 6"
    assert ref.plenum is None
    assert find_references("Ban Chỉ đạo Đề án Trung ương 6 họp phiên thứ hai") == []


def test_the_issuer_in_words_stops_before_the_next_reference():
    refs = find_references("Quyết định số 12/QĐ-UBND của UBND tỉnh Nghị quyết số 05-NQ/TU ngày 5/1/2017")
    assert [r.raw for r in refs] == ["Quyết định số 12/QĐ-UBND của UBND tỉnh", "Nghị quyết số 05-NQ/TU ngày 5/1/2017"]


def test_a_kind_word_that_disagrees_with_the_symbol_is_a_problem():
    (ref,) = find_references("Chỉ thị số 05-NQ/TU ngày 30/11/2021")
    assert (ref.kind, ref.kind_name) == ("NQ", "Nghị quyết"), "the symbol is believed over the word"
    assert ref.problems == [KIND_MISMATCH]


@pytest.mark.parametrize(
    ("text", "kind", "kind_name"),
    [
        ("Quy định số 101-QĐ/TW", "QĐ", "Quy định"),
        ("Quyết định số 101-QĐ/TW", "QĐ", "Quyết định"),
        ("Quy định số 12/QyĐ-UBND", "QyĐ", "Quy định"),
        ("Thông tri số 05-TT/TU", "TT", "Thông tri"),
        ("Thông tư số 05/2019/TT-BNV", "TT", "Thông tư"),
        ("Thông báo kết luận số 125-TB/HU", "TB", "Thông báo kết luận"),
        ("Công văn số 123/UBND-VP", "", "Công văn"),
        ("Văn bản số 45/SNV-TCBC", "", "Công văn"),
        ("De an so 05-DA/TU", "ĐA", "Đề án"),
        ("Du an so 05-DA/TU", "DA", "Dự án"),
    ],
)
def test_kind_words_that_agree_with_the_symbol(text, kind, kind_name):
    (ref,) = find_references(text)
    assert (ref.kind, ref.kind_name) == (kind, kind_name)
    assert KIND_MISMATCH not in ref.problems


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Nghị quyết số 05-NQ/XYZ ngày 11/8/2011", ISSUER_UNKNOWN),
        ("Nghị quyết số 05-NQ/BTCTU ngày 11/8/2011", KIND_NOT_ISSUED),
        ("Chỉ thị số 05-CT/TW, ngày 31/2/2020", DATE_INVALID),
        ("Quyết định số 1234 ngày 5/3/2020", ISSUER_UNKNOWN),
        ("Quyết định số 1234/QĐ-UBND", NO_DATE),
    ],
)
def test_what_cannot_be_resolved_is_listed(text, problem):
    (ref,) = find_references(text)
    assert problem in ref.problems


def test_a_kind_word_with_a_bare_number_is_a_reference_without_issuer():
    (ref,) = find_references("Căn cứ Quyết định số 1234 ngày 5/3/2020 của UBND tỉnh về phòng dịch")
    assert (ref.kind, ref.number, ref.date, ref.symbol, ref.issuer) == ("QĐ", "1234", D(2020, 3, 5), None, None)
    assert ref.raw == "Quyết định số 1234 ngày 5/3/2020 của UBND tỉnh"
    refs = find_references("Chỉ thị 05 về phòng dịch; Nghị quyết 39, ngày 17/4/2015")
    assert [(r.kind, r.number) for r in refs] == [("CT", "05"), ("NQ", "39")]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Ngày 30/11/2021, Ban Thường vụ Quận ủy tổ chức hội nghị.",
        "Tổng kết 15 năm đổi mới, tỷ lệ đạt 95%, tăng 10 % so với năm 2015.",
        "Điện thoại: (0269).3830 155, Fax: (0269).3828414, di động 0912-345-678.",
        "Các cấp ủy đã ban hành các nghị quyết, chương trình, kế hoạch cụ thể, sơ kết, tổng kết các chỉ thị.",
        "Thực hiện đúng quy định của Chính phủ và các Nghị quyết của cấp trên.",
        "Báo cáo 15 năm thực hiện; Kế hoạch 10% chỉ tiêu; nhiệm kỳ 2015 - 2020; 05 năm liền (2014-2018).",
        "Học sinh lớp 10/A1, nhà số 12/3A, đường 3/2, ảnh dang-2-(1).jpg, khối 11 - KHTN.",
        "Đổi mới phương thức lãnh đạo của Đảng, Văn kiện Đại hội đại biểu toàn quốc lần thứ XII, tr.214-215.",
        "Đại hội xi măng và Nghị quyết của chi bộ.",
    ],
)
def test_texts_without_references_give_nothing(text):
    assert find_references(text) == []


# Texts never seen while building the rules.
CONCLUSION_NOTICE = """HUYỆN ỦY ĐẠI LỘC
Số 125-TB/HU
THÔNG BÁO KẾT LUẬN của Ban Thường vụ Huyện ủy về tiến độ thực hiện Nghị quyết số 07-NQ/HU ngày 15/3/2021 của \
Ban Chấp hành Đảng bộ huyện
Ngày 12/4/2022, Ban Thường vụ Huyện ủy họp nghe báo cáo kết quả 6 tháng thực hiện Chỉ thị số 05-CT/TW, ngày \
15-5-2016 của Bộ Chính trị (khoá XII) và Kế hoạch số 12-KH/TU ngày 9 tháng 6 năm 2021 của Tỉnh ủy. Tỷ lệ đảng viên \
tham gia học tập đạt 97%. Giao Văn phòng Huyện ủy theo dõi; Ban Tổ chức Huyện ủy hoàn thành trước ngày 30/6/2022."""

UBND_PLAN = """ỦY BAN NHÂN DÂN TỈNH GIA LAI
Số: 45/KH-UBND
KẾ HOẠCH Thực hiện tinh giản biên chế năm 2020
Căn cứ Nghị định số 108/2014/NĐ-CP ngày 20/11/2014 của Chính phủ về chính sách tinh giản biên chế; Nghị định số \
113/2018/NĐ-CP ngày 31/8/2018 sửa đổi, bổ sung một số điều của Nghị định số 108/2014/NĐ-CP; Thông tư liên tịch số \
01/2015/TTLT-BNV-BTC ngày 14/4/2015; Quyết định số 1234/QĐ-UBND ngày 05/6/2019 của UBND tỉnh; thực hiện Nghị quyết \
số 39-NQ/TW ngày 17/4/2015 của Bộ Chính trị, phấn đấu đến năm 2021 giảm ít nhất 10% biên chế so với năm 2015. Mọi \
vướng mắc liên hệ Sở Nội vụ, điện thoại 0269.3824.567, hoặc theo Công văn số 456/UBND-VP ngày 9-7-2019."""

WITHOUT_DIACRITICS = """Chi bo thon 3 hop ngay 5/1/2023, quan triet Nghi quyet so 05-NQ/DU ngay 20-12-2022 cua Dang uy \
xa va Ket luan 21-KL/TW cua Ban Chap hanh Trung uong (khoa XIII). Tiep tuc thuc hien Nghi quyet Trung uong 4 khoa \
XII ve xay dung, chinh don Dang va Nghi quyet Dai hoi XIII cua Dang. Chi bo co 25 dang vien, dat 100%."""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            CONCLUSION_NOTICE,
            [
                Expect("TB", "125-TB/HU"),
                Expect("NQ", "07-NQ/HU", D(2021, 3, 15)),
                Expect("CT", "05-CT/TW", D(2016, 5, 15), term=12),
                Expect("KH", "12-KH/TU", D(2021, 6, 9)),
            ],
        ),
        (
            UBND_PLAN,
            [
                Expect("KH", "45/KH-UBND"),
                Expect("NĐ", "108/2014/NĐ-CP", D(2014, 11, 20)),
                Expect("NĐ", "113/2018/NĐ-CP", D(2018, 8, 31)),
                Expect("NĐ", "108/2014/NĐ-CP"),
                Expect("TTLT", "01/2015/TTLT-BNV-BTC", D(2015, 4, 14)),
                Expect("QĐ", "1234/QĐ-UBND", D(2019, 6, 5)),
                Expect("NQ", "39-NQ/TW", D(2015, 4, 17)),
                Expect("", "456/UBND-VP", D(2019, 7, 9)),
            ],
        ),
        (
            WITHOUT_DIACRITICS,
            [
                Expect("NQ", "05-NQ/ĐU", D(2022, 12, 20)),
                Expect("KL", "21-KL/TW", term=13),
                Expect("NQ", term=12, plenum=4),
                Expect("NQ", congress=13),
            ],
        ),
    ],
    ids=["district-conclusion-notice", "ubnd-plan-citing-decrees", "without-diacritics"],
)
def test_texts_never_seen(text, expected):
    assert _seen(text) == expected


def test_decomposed_text_gives_the_same_references_at_the_right_places():
    import unicodedata

    text = unicodedata.normalize("NFD", "Thực hiện Nghị quyết số 05-NQ/TU ngày 11/8/2011 của Tỉnh ủy.")
    (ref,) = find_references(text)
    assert str(ref.symbol) == "05-NQ/TU" and ref.date == D(2011, 8, 11)
    assert unicodedata.normalize("NFC", ref.raw) == "Nghị quyết số 05-NQ/TU ngày 11/8/2011 của Tỉnh ủy"


def test_every_problem_has_a_message_for_people():
    with translation.override("en"):
        for problem, message in PROBLEM_MESSAGES.items():
            assert problem_message(problem) == str(message) == problem
