"""Fill a database with realistic Vietnamese Party documents spread over the organisation tree of a scale.

    .venv/bin/python bench/generate_documents.py [--scale S|M|L] [--database-url URL] [--count N] [--reset]

The tree of the scale is generated first if it is missing (bench/generate.py). Then `--count` documents (default
100,000) are written, owned by the committees and grassroots organisations of the tree, with symbols of their
level (`05-NQ/TU`, `12-KH/HU`, `03-CV/ĐU`), dates over 2010–2026, and titles, summaries and bodies composed from the
phrases Party documents are written in. The random generator is seeded: the same tree gives the same documents.

Running twice does nothing the second time (the documents are already there); `--reset` deletes the documents, and
only them, first, and only on a database whose name says "bench".
"""

import argparse
import datetime
import random
import sys
import time
from bisect import bisect
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

if __package__ in (None, ""):
    # Run as a script (`python bench/generate_documents.py`): make `lanhdao` and `bench` importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.env import add_common_arguments, describe_database, resolve_database_url, setup_django
from bench.generate import Log, ScaleMismatch, existing_rows, prepare_database

if TYPE_CHECKING:
    from lanhdao.documents.models import Document
    from lanhdao.org.models import Unit

DEFAULT_COUNT = 100_000
SEED = 20260101
BATCH_SIZE = 2_000
FIRST_DAY = datetime.date(2010, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)  # fixed, not today: the same seed must give the same documents next year
CONFIDENTIAL_SHARE = 0.03
TOP_SECRET_SHARE = 0.01  # of all documents; the rest of the confidential ones are SECRET
BODY_WORDS = (50, 300)

# How many documents a unit issues relative to a grassroots cell, by kind. Who owns them: committees and grassroots
# organisations only (the bodies of a committee sign with the committee's issuer).
OWNER_WEIGHTS = {
    "central": 40,
    "province_committee": 40,
    "district_committee": 15,
    "commune_committee": 3,
    "grassroots_committee": 3,
    "grassroots_cell": 1,
}
LEADING_BODY = {"grassroots_cell": "Chi ủy"}  # the others: Ban Thường vụ

# Kinds, how often each is issued, and the kinds a cell does not issue (66-QĐ/TW: no directive from a cell).
KIND_WEIGHTS = {"CV": 24, "KH": 15, "BC": 15, "TB": 12, "NQ": 10, "QĐ": 7, "HD": 6, "KL": 4, "CT": 4, "CTr": 3}
NOT_ISSUED_BY_CELLS = {"CT"}

# Provincial congresses of Thái Nguyên: the XVIIIth in October 2010, then every five years.
CONGRESS_DAYS = [datetime.date(2005, 10, 1), *(datetime.date(y, 10, 1) for y in (2010, 2015, 2020, 2025))]
PROVINCE_TERM_IN_2005 = 17

# The subjects documents are about, the most frequent first (drawn with Zipf weights 1/rank). "tinh giản biên chế"
# sits in the middle on purpose: the benchmark's mid-frequency query.
TOPICS = [
    "đổi mới phương thức lãnh đạo của Đảng",
    "xây dựng Đảng trong sạch, vững mạnh",
    "phát triển kinh tế - xã hội",
    "công tác cán bộ",
    "kiểm tra, giám sát và thi hành kỷ luật đảng",
    "cải cách hành chính",
    "bảo đảm quốc phòng, an ninh",
    "công tác dân vận",
    "chuyển đổi số",
    "xây dựng nông thôn mới",
    "nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức cơ sở đảng",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "công tác tuyên truyền, giáo dục chính trị tư tưởng",
    "phòng, chống tham nhũng, tiêu cực",
    "phát triển đảng viên",
    "nâng cao chất lượng sinh hoạt chi bộ",
    "sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả",
    "thực hành tiết kiệm, chống lãng phí",
    "đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
    "phát triển hạ tầng đô thị",
    "quy hoạch, luân chuyển cán bộ",
    "tinh giản biên chế",
    "thực hiện quy chế dân chủ ở cơ sở",
    "phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội",
    "giảm nghèo bền vững",
    "thu hút đầu tư",
    "công tác bảo vệ chính trị nội bộ",
    "xây dựng và chỉnh đốn Đảng",
    "chính quyền điện tử, chính quyền số",
    "tổ chức đại hội đảng bộ các cấp",
    "phát triển kinh tế số, xã hội số",
    "bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch",
    "ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống",
    "công tác tiếp công dân, giải quyết khiếu nại, tố cáo",
    "quản lý đất đai, tài nguyên khoáng sản",
    "giải phóng mặt bằng các dự án trọng điểm",
    "bảo vệ môi trường",
    "phòng, chống thiên tai, tìm kiếm cứu nạn",
    "đổi mới căn bản, toàn diện giáo dục và đào tạo",
    "chăm sóc sức khỏe nhân dân",
    "phát triển nguồn nhân lực chất lượng cao",
    "phát triển cây chè và sản phẩm chè Thái Nguyên",
    "chương trình mỗi xã một sản phẩm (OCOP)",
    "phát triển kinh tế tập thể, hợp tác xã",
    "phát triển du lịch",
    "bảo tồn và phát huy giá trị di sản văn hóa",
    "xây dựng đời sống văn hóa ở khu dân cư",
    "thực hiện chính sách an sinh xã hội",
    "chăm lo đời sống người có công",
    "phát triển giao thông nông thôn",
    "chỉnh trang đô thị, xây dựng đô thị văn minh",
    "xây dựng khu vực phòng thủ vững chắc",
    "bảo đảm trật tự an toàn giao thông",
    "phòng, chống tội phạm và tệ nạn xã hội",
    "công tác dân tộc, tôn giáo",
    "công tác đối ngoại nhân dân",
    "ứng dụng công nghệ thông tin trong hoạt động của các cơ quan đảng",
    "cải thiện môi trường đầu tư kinh doanh, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh",
    "phát triển công nghiệp, tiểu thủ công nghiệp",
    "ứng phó với biến đổi khí hậu",
    "công tác thi đua, khen thưởng",
    "bồi dưỡng lý luận chính trị cho cán bộ, đảng viên",
    "kiểm tra tài chính đảng",
    "thu, nộp, quản lý và sử dụng đảng phí",
    "công tác văn thư, lưu trữ của Đảng",
    "bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân các cấp",
    "sáp nhập đơn vị hành chính cấp huyện, cấp xã",
    "tổ chức chính quyền địa phương hai cấp",
    "cải cách tư pháp",
    "công tác nội chính",
    "phát triển nhà ở xã hội",
    "kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam",
]
# Confidential documents are about these (a subset of TOPICS).
CONFIDENTIAL_TOPICS = [
    "công tác cán bộ",
    "quy hoạch, luân chuyển cán bộ",
    "công tác bảo vệ chính trị nội bộ",
    "bảo đảm quốc phòng, an ninh",
    "xây dựng khu vực phòng thủ vững chắc",
    "kiểm tra, giám sát và thi hành kỷ luật đảng",
    "phòng, chống tham nhũng, tiêu cực",
]
# Each appears in about RARE_SHARE of the documents: the benchmark's rare phrase ("ATK Định Hóa").
RARE_SENTENCES = [
    "Tổ chức các hoạt động bảo tồn, tôn tạo Khu di tích lịch sử Quốc gia đặc biệt ATK Định Hóa.",
    "Xây dựng thương hiệu chè Tân Cương gắn với phát triển du lịch cộng đồng.",
    "Di dời các hộ dân ra khỏi vùng có nguy cơ sạt lở ven sông Cầu.",
    "Hỗ trợ đồng bào dân tộc thiểu số vùng cao phát triển sinh kế từ cây dược liệu dưới tán rừng.",
]
RARE_SHARE = 0.001

# Documents of the centre that local documents implement: symbol, date, issuer, subject.
CENTRAL_DOCUMENTS = [
    ("25-NQ/TW", "03/6/2013", "Ban Chấp hành Trung ương", "đổi mới sự lãnh đạo của Đảng đối với công tác dân vận"),
    ("39-NQ/TW", "17/4/2015", "Bộ Chính trị", "tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công chức"),
    ("04-NQ/TW", "30/10/2016", "Ban Chấp hành Trung ương", "tăng cường xây dựng, chỉnh đốn Đảng"),
    ("05-CT/TW", "15/5/2016", "Bộ Chính trị", "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    ("18-NQ/TW", "25/10/2017", "Ban Chấp hành Trung ương", "sắp xếp tổ chức bộ máy tinh gọn, hiệu lực, hiệu quả"),
    ("26-NQ/TW", "19/5/2018", "Ban Chấp hành Trung ương", "xây dựng đội ngũ cán bộ các cấp"),
    ("35-NQ/TW", "22/10/2018", "Bộ Chính trị", "bảo vệ nền tảng tư tưởng của Đảng"),
    ("01-KL/TW", "18/5/2021", "Bộ Chính trị", "tiếp tục thực hiện Chỉ thị số 05-CT/TW"),
    ("21-KL/TW", "25/10/2021", "Ban Chấp hành Trung ương", "đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị"),
    ("57-NQ/TW", "22/12/2024", "Bộ Chính trị", "đột phá phát triển khoa học, công nghệ và chuyển đổi số quốc gia"),
]
BOARDS = ["Ban Tổ chức", "Ủy ban Kiểm tra", "Ban Tuyên giáo", "Ban Dân vận", "Văn phòng", "Ban Nội chính"]
VERBS = [
    "Tăng cường",
    "Đẩy mạnh",
    "Tiếp tục thực hiện",
    "Tập trung lãnh đạo, chỉ đạo",
    "Nâng cao hiệu quả",
    "Quán triệt và triển khai",
    "Đánh giá kết quả",
    "Đổi mới và nâng cao chất lượng",
]
TARGETS = [
    "có {p}% số xã đạt chuẩn nông thôn mới",
    "tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên đạt {p}%",
    "kết nạp mới {n} đảng viên",
    "giảm {q}% biên chế so với năm {y0}",
    "tỷ lệ hộ nghèo giảm còn dưới {q}%",
    "{p}% hồ sơ công việc được xử lý trên môi trường mạng",
    "tốc độ tăng trưởng kinh tế bình quân đạt {q}%/năm",
]
GROUNDS = "Căn cứ {ref} về {ref_topic};"  # a body opens with up to two of these
BODY_SENTENCES = [
    "Thực hiện {ref_short}, {lead} yêu cầu các cấp ủy, tổ chức đảng tập trung lãnh đạo, chỉ đạo thực hiện tốt {topic}.",
    "Quán triệt sâu sắc quan điểm, mục tiêu của {ref_short}; xác định {topic} là nhiệm vụ trọng tâm, thường xuyên của "
    "cả hệ thống chính trị.",
    "Tăng cường {topic} gắn với {topic2}.",
    "Đẩy mạnh {topic}; nâng cao vai trò, trách nhiệm nêu gương của người đứng đầu cấp ủy, chính quyền.",
    "Phấn đấu đến năm {goal_year} {target}.",
    "Giao {board} chủ trì, phối hợp với các cơ quan liên quan theo dõi, đôn đốc, kiểm tra việc thực hiện, định kỳ "
    "báo cáo {lead}.",
    "Các chi bộ, đảng bộ trực thuộc xây dựng kế hoạch cụ thể để triển khai thực hiện, báo cáo kết quả trước ngày "
    "{date}.",
    "Trong năm {past_year}, {topic} đạt nhiều kết quả quan trọng; tuy nhiên {topic2} còn một số hạn chế, chưa đáp "
    "ứng yêu cầu nhiệm vụ.",
    "Nguyên nhân chủ yếu là nhận thức của một số cấp ủy, chính quyền về {topic} chưa đầy đủ, sự phối hợp giữa các cơ "
    "quan chưa chặt chẽ.",
    "Kết quả: {n} tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ, đạt {p}%; kết nạp {k} đảng viên mới.",
    "Cấp ủy các cấp tổ chức sơ kết, tổng kết, kịp thời biểu dương, khen thưởng tập thể, cá nhân có thành tích tiêu "
    "biểu trong {topic}.",
    "Đề nghị Ủy ban Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội tuyên truyền, vận động đoàn viên, hội viên và "
    "nhân dân tích cực tham gia {topic}.",
    "Kinh phí thực hiện được bố trí từ ngân sách nhà nước và các nguồn huy động hợp pháp khác.",
    "Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị kịp thời báo cáo về {board} để tổng hợp, báo cáo "
    "Thường trực xem xét, giải quyết.",
    "Văn bản này được phổ biến đến chi bộ và đảng viên.",
]
SUMMARIES = [
    "{verb} {topic}; {verb2} {topic2}.",
    "{verb} {topic} trong giai đoạn {year}–{year5}, gắn với {topic2}.",
    "Đánh giá kết quả {topic} và đề ra nhiệm vụ, giải pháp trọng tâm trong thời gian tới.",
    "{verb} {topic}, tạo chuyển biến rõ nét về {topic2}.",
]
TITLES = {
    "NQ": [
        "Nghị quyết về {topic}",
        "Nghị quyết về {topic} giai đoạn {year}–{year5}",
        "Nghị quyết chuyên đề về {topic}, định hướng đến năm {year10}",
        "Nghị quyết Hội nghị lần thứ {k} Ban Chấp hành {org} khóa {term}",
    ],
    "CT": ["Chỉ thị về tăng cường sự lãnh đạo của Đảng đối với {topic}", "Chỉ thị về việc đẩy mạnh {topic}"],
    "KL": ["Kết luận của Ban Thường vụ về {topic}", "Kết luận về tiếp tục thực hiện {ref_short} về {ref_topic}"],
    "KH": [
        "Kế hoạch thực hiện {ref_short} về {ref_topic}",
        "Kế hoạch kiểm tra, giám sát năm {year}",
        "Kế hoạch triển khai {topic} năm {year}",
        "Kế hoạch tổ chức học tập, quán triệt {ref_short}",
    ],
    "CTr": [
        "Chương trình hành động thực hiện {ref_short} về {ref_topic}",
        "Chương trình công tác năm {year} của {lead}",
        "Chương trình kiểm tra, giám sát toàn khóa {term}",
    ],
    "TB": [
        "Thông báo kết luận của Thường trực về {topic}",
        "Thông báo ý kiến chỉ đạo của {lead} về {topic}",
        "Thông báo kết quả Hội nghị Ban Chấp hành mở rộng tháng {month}/{year}",
    ],
    "BC": [
        "Báo cáo sơ kết {k} năm thực hiện {ref_short} về {ref_topic}",
        "Báo cáo tổng kết công tác xây dựng Đảng năm {year}",
        "Báo cáo kết quả {topic} 6 tháng đầu năm {year}",
        "Báo cáo chính trị của Ban Chấp hành {org} khóa {term} trình Đại hội",
    ],
    "CV": ["Về việc {topic}", "Về việc triển khai {topic}", "Về việc báo cáo kết quả {topic}"],
    "HD": [
        "Hướng dẫn thực hiện {topic}",
        "Hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {year}",
        "Hướng dẫn tổ chức học tập, quán triệt {ref_short}",
    ],
    "QĐ": [
        "Quyết định ban hành Quy chế làm việc của Ban Chấp hành {org} khóa {term}",
        "Quyết định thành lập Ban Chỉ đạo {topic}",
        "Quy định về {topic}",
        "Quyết định ban hành Chương trình kiểm tra, giám sát năm {year}",
    ],
}
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def roman(number: int) -> str:
    tens, units = divmod(number, 10)
    return "X" * tens + ROMAN[units]


def issuer_of(unit: "Unit") -> str:
    """The issuer in the symbols of `unit`'s documents: its level (TU, HU, ĐU, CB), and for a district-level
    committee the form its name says (a Thành ủy signs ThU, a Thị ủy TXU, a Quận ủy QU, a Huyện ủy HU)."""
    kind = unit.kind
    if kind == "central":
        return "TW"
    if kind == "province_committee":
        return "TU"
    if kind == "district_committee":
        for prefix, issuer in (("Thành ủy", "ThU"), ("Thị ủy", "TXU"), ("Quận ủy", "QU")):
            if unit.name.startswith(prefix):
                return issuer
        return "HU"
    if kind == "grassroots_cell":
        return "CB"
    return "ĐU"  # commune and grassroots committees


@dataclass(frozen=True)
class Owner:
    unit_id: int
    name: str
    kind: str
    issuer: str
    first_term: int  # the number of the congress (khóa) that was sitting in 2005


@dataclass
class Stub:
    """What is drawn first for every document, so that numbers can follow the dates within each term."""

    owner: Owner
    kind: str
    issued_on: datetime.date
    term: int
    confidentiality: int
    number: int = 0


@dataclass
class GeneratedDocuments:
    scale: str
    count: int  # documents the run was asked for
    created: int  # documents written by this run (0 when skipped)
    skipped: bool
    seconds: float


class Weighted:
    """Draws from `items` with the given weights in O(log n), with the caller's random generator."""

    def __init__(self, items: list, weights: list[float]) -> None:
        self.items = items
        self.cumulative = list(accumulate(weights))

    def draw(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def zipf(items: list) -> Weighted:
    return Weighted(items, [1 / rank for rank in range(1, len(items) + 1)])


def load_owners(rng: random.Random) -> list[Owner]:
    """The committees and grassroots organisations of the tree, in path order (so the seed gives the same draw)."""
    from lanhdao.org.models import Unit

    units = Unit.objects.filter(kind__in=OWNER_WEIGHTS, archived_at__isnull=True).order_by("path")
    owners = []
    for unit in units.only("id", "name", "kind"):
        # Each committee numbers its own congresses: the province's XVIIth sat in 2005, a district's is another.
        first_term = PROVINCE_TERM_IN_2005 if unit.kind == "province_committee" else rng.randint(12, 26)
        owners.append(Owner(unit.pk, unit.name, unit.kind, issuer_of(unit), first_term))
    return owners


def term_index(day: datetime.date) -> int:
    """0 for the term that began in October 2005, 1 for October 2010…"""
    return bisect(CONGRESS_DAYS, day) - 1


def draw_stubs(rng: random.Random, owners: list[Owner], count: int) -> list[Stub]:
    """Owner, kind, date and confidentiality of every document; numbers restart at 01 for each kind, issuer and
    term and follow the dates (36-HD/VPTW II.1.3.1 a)."""
    pick_owner = Weighted(owners, [OWNER_WEIGHTS[o.kind] for o in owners])
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    pick_kind = Weighted(kinds, weights)
    pick_cell_kind = Weighted(
        [k for k in kinds if k not in NOT_ISSUED_BY_CELLS],
        [w for k, w in KIND_WEIGHTS.items() if k not in NOT_ISSUED_BY_CELLS],
    )
    days = (LAST_DAY - FIRST_DAY).days
    stubs = []
    for _ in range(count):
        owner = pick_owner.draw(rng)
        kind = (pick_cell_kind if owner.kind == "grassroots_cell" else pick_kind).draw(rng)
        issued_on = FIRST_DAY + datetime.timedelta(days=rng.randrange(days + 1))
        roll = rng.random()
        confidentiality = 2 if roll < TOP_SECRET_SHARE else 1 if roll < CONFIDENTIAL_SHARE else 0
        stubs.append(Stub(owner, kind, issued_on, owner.first_term + term_index(issued_on), confidentiality))
    counters: Counter = Counter()
    for stub in sorted(stubs, key=lambda s: s.issued_on):
        key = (stub.owner.unit_id, stub.kind, stub.term)
        counters[key] += 1
        stub.number = counters[key]
    return stubs


class Writer:
    """Composes the text of a document from the vocabulary above."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.topics = zipf(TOPICS)

    def _central(self, before: datetime.date) -> tuple[str, str, str]:
        """(full reference, short reference, subject) of a central document issued before `before`."""
        issued = [d for d in CENTRAL_DOCUMENTS if int(d[1].rsplit("/", 1)[1]) < before.year]
        if not issued:
            issued = CENTRAL_DOCUMENTS[:1]
        symbol, date, issuer, subject = self.rng.choice(issued)
        kind_name = {"NQ": "Nghị quyết", "CT": "Chỉ thị", "KL": "Kết luận"}[symbol.split("-")[1].split("/")[0]]
        return f"{kind_name} số {symbol} ngày {date} của {issuer}", f"{kind_name} số {symbol}", subject

    def _provincial(self, before: datetime.date) -> tuple[str, str, str]:
        number = self.rng.randint(1, 30)
        year = self.rng.randint(max(FIRST_DAY.year, before.year - 4), before.year)
        short = f"Nghị quyết số {number:02d}-NQ/TU"
        topic = self.topics.draw(self.rng)
        return f"{short} ngày {self.rng.randint(1, 28)}/{self.rng.randint(1, 12)}/{year} của Tỉnh ủy", short, topic

    def reference(self, before: datetime.date) -> tuple[str, str, str]:
        return (self._central if self.rng.random() < 0.5 else self._provincial)(before)

    def other_topic(self, topic: str) -> str:
        for _ in range(5):
            other = self.topics.draw(self.rng)
            if other != topic:
                return other
        return TOPICS[-1] if topic != TOPICS[-1] else TOPICS[0]

    def fields(self, stub: Stub) -> dict[str, str]:
        """Title, summary and full text of `stub`'s document."""
        rng, owner, day = self.rng, stub.owner, stub.issued_on
        topic = rng.choice(CONFIDENTIAL_TOPICS) if stub.confidentiality else self.topics.draw(rng)
        ref, ref_short, ref_topic = self.reference(day)
        values = {
            "topic": topic,
            "topic2": self.other_topic(topic),
            "org": owner.name,
            "lead": f"{LEADING_BODY.get(owner.kind, 'Ban Thường vụ')} {owner.name}",
            "ref": ref,
            "ref_short": ref_short,
            "ref_topic": ref_topic,
            "year": day.year,
            "year5": day.year + 5,
            "year10": day.year + 10,
            "month": day.month,
            "term": roman(stub.term),
            "k": rng.randint(2, 12),
            "verb": rng.choice(VERBS),
            "verb2": rng.choice(VERBS).lower(),
        }
        title = rng.choice(TITLES[stub.kind]).format(**values)
        summary = rng.choice(SUMMARIES).format(**values)
        return {"title": title[0].upper() + title[1:], "summary": summary, "full_text": self.body(stub, values)}

    def body(self, stub: Stub, values: dict) -> str:
        """50 to 300 words: the grounds (Căn cứ …), then sentences drawn from BODY_SENTENCES."""
        rng, year = self.rng, stub.issued_on.year
        low, high = BODY_WORDS
        target = rng.randint(low, high)
        sentences = [GROUNDS.format(**values)] if rng.random() < 0.6 else []
        if sentences and rng.random() < 0.3:
            ref, _, ref_topic = self.reference(stub.issued_on)
            sentences.append(GROUNDS.format(ref=ref, ref_topic=ref_topic))
        if rng.random() < RARE_SHARE * len(RARE_SENTENCES):
            sentences.append(rng.choice(RARE_SENTENCES))
        words = sum(len(sentence.split()) for sentence in sentences)
        for _ in range(60):  # bounded: a sentence too long for the budget is skipped, another one is tried
            if words >= target:
                break
            topic = self.topics.draw(rng)
            text = rng.choice(BODY_SENTENCES).format(
                **{
                    **values,
                    "topic": topic,
                    "topic2": self.other_topic(topic),
                    "board": rng.choice(BOARDS),
                    "date": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
                    "target": rng.choice(TARGETS).format(
                        p=rng.randint(60, 100), q=rng.randint(1, 10), n=rng.randint(20, 900), y0=year
                    ),
                    "past_year": rng.randint(max(FIRST_DAY.year, year - 2), year),
                    "goal_year": rng.randint(year + 1, year + 5),
                    "n": rng.randint(10, 400),
                    "p": rng.randint(70, 99),
                }
            )
            length = len(text.split())
            if words + length > high:
                continue
            sentences.append(text)
            words += length
        return " ".join(sentences)


def symbol_of(stub: Stub) -> str:
    return f"{stub.number:02d}-{stub.kind}/{stub.owner.issuer}"


def build_documents(stubs: list[Stub], writer: Writer, *, created_by_id: int) -> Iterator["Document"]:
    from lanhdao.documents.models import Document, System

    for stub in stubs:
        document = Document(
            owner_id=stub.owner.unit_id,
            issuer_unit_id=stub.owner.unit_id,
            system=System.PARTY,
            kind=stub.kind,
            number=f"{stub.number:02d}",
            issuer_code=stub.owner.issuer,
            symbol=symbol_of(stub),
            issued_on=stub.issued_on,
            term=stub.term,
            confidentiality=stub.confidentiality,
            created_by_id=created_by_id,
            **writer.fields(stub),
        )
        # bulk_create does not call save(): fill the folded copies the search indexes read.
        document.refresh_search_fields()
        yield document


def generate_documents(
    scale: str, *, count: int = DEFAULT_COUNT, seed: int = SEED, batch_size: int = BATCH_SIZE, log: Log = print
) -> GeneratedDocuments:
    """Write `count` documents over the tree of `scale` unless they are there. The tree must exist."""
    from django.db import connection, transaction

    from lanhdao.documents.models import Document

    started = time.perf_counter()
    actor, done = existing_rows(Document, scale=scale, count=count, noun="documents", log=log)
    if done:
        return GeneratedDocuments(scale, count, 0, True, time.perf_counter() - started)

    rng = random.Random(seed)
    owners = load_owners(rng)
    stubs = draw_stubs(rng, owners, count)
    writer = Writer(rng)
    log(f"{count:,} documents over {len(owners):,} owners, drawn in {time.perf_counter() - started:.2f} s")

    insert_started = time.perf_counter()
    documents = build_documents(stubs, writer, created_by_id=actor.pk)
    created = 0
    while True:
        batch = [document for _, document in zip(range(batch_size), documents, strict=False)]
        if not batch:
            break
        with transaction.atomic():
            Document.objects.bulk_create(batch)
        created += len(batch)
        if created % (batch_size * 10) == 0:
            log(f"  {created:,} written, {time.perf_counter() - insert_started:.1f} s")
    log(f"bulk_create wrote {created:,} documents in {time.perf_counter() - insert_started:.2f} s")

    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # The table as autovacuum would leave it a minute later: statistics for the planner, the rows of a --reset
        # gone (bitmap scans would read their pages too) and the visibility map set. Outside a transaction only.
        analyze_started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f'VACUUM ANALYZE "{Document._meta.db_table}"')
        log(f"VACUUM ANALYZE in {time.perf_counter() - analyze_started:.2f} s")
    return GeneratedDocuments(scale, count, created, False, time.perf_counter() - started)


def reset_documents(*, log: Log = print) -> None:
    """Delete every document (with its links and attachment rows) of a benchmark database; units stay.

    Refuses when rows of another app (a task, a meeting) refer to a document: those are not the generator's to delete.
    """
    from django.db import connection, transaction

    from lanhdao.documents.models import Attachment, Document, DocumentLink

    name = str(connection.settings_dict["NAME"])
    if "bench" not in Path(name).name:
        raise ScaleMismatch(f"--reset refuses to delete the documents of {name!r}: its name does not contain 'bench'")
    started = time.perf_counter()
    with transaction.atomic():
        DocumentLink.objects.all().delete()
        Attachment.objects.all().delete()
        referring = [
            relation.related_model._meta.label
            for relation in Document._meta.related_objects
            if relation.related_model not in (DocumentLink, Attachment)
            and relation.related_model._base_manager.filter(**{f"{relation.field.name}__isnull": False}).exists()
        ]
        if referring:
            raise ScaleMismatch(
                f"--reset cannot delete the documents: {', '.join(sorted(referring))} refer to them "
                "(bench/generate.py --reset flushes the whole database)"
            )
        # One statement: Document.objects.all().delete() would load every row to look for related rows first.
        with connection.cursor() as cursor:
            cursor.execute(f'DELETE FROM "{Document._meta.db_table}"')
            deleted = cursor.rowcount
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Give the pages back: PostgreSQL keeps a deleted row's space in the table and its indexes, and the next
        # generation would be measured on a table and a GIN index three times their size. The table is empty, so
        # rewriting it costs nothing.
        with connection.cursor() as cursor:
            cursor.execute(f'VACUUM FULL "{Document._meta.db_table}"')
    log(f"deleted {deleted:,} documents in {time.perf_counter() - started:.2f} s")


def prepare_documents(
    scale: str, *, count: int = DEFAULT_COUNT, reset: bool = False, log: Log = print
) -> GeneratedDocuments:
    """Migrate, generate the tree if it is missing, delete the documents when asked, and generate them."""
    prepare_database(scale, log=log)
    if reset:
        reset_documents(log=log)
    return generate_documents(scale, count=count, log=log)


def print_counts(*, log: Log = print) -> None:
    from django.db.models import Count

    from lanhdao.documents.models import Document

    total = Document.objects.count()
    log(f"documents in the database: {total:,}")
    by_kind = Document.objects.values_list("kind").annotate(n=Count("id")).order_by("-n", "kind")
    log("  by kind:            " + ", ".join(f"{kind} {n:,}" for kind, n in by_kind))
    by_level = Document.objects.values_list("owner__kind").annotate(n=Count("id")).order_by("-n")
    log("  by owner's kind:    " + ", ".join(f"{kind} {n:,}" for kind, n in by_level))
    by_clearance = Document.objects.values_list("confidentiality").annotate(n=Count("id")).order_by("confidentiality")
    log("  by confidentiality: " + ", ".join(f"{level}: {n:,}" for level, n in by_clearance))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fill a database with generated Vietnamese Party documents.")
    add_common_arguments(parser, default_scale="M")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help=f"documents (default {DEFAULT_COUNT:,})")
    parser.add_argument("--reset", action="store_true", help="delete the documents first (bench databases only)")
    args = parser.parse_args(argv)

    setup_django(resolve_database_url(args.scale, args.database_url))
    print(f"database: {describe_database()}")
    started = time.perf_counter()
    try:
        prepare_documents(args.scale, count=args.count, reset=args.reset)
    except ScaleMismatch as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print_counts()
    print(f"done in {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
