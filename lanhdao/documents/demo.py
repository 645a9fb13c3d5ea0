"""Demo documents: real central documents cited by the seed articles (public facts: symbol, date, issuer, subject),
and illustrative local programmes and plans of the demo province that implement them (marked as illustrative).
"""

import datetime

from lanhdao.accounts.models import User
from lanhdao.accounts.roles import Clearance
from lanhdao.org.models import Unit

from . import services
from .models import Document

D = datetime.date
ILLUSTRATIVE = " (dữ liệu minh họa)"

# (key, owner code, fields)
CENTRAL = [
    (
        "tw5x",
        {
            "kind": "NQ",
            "issuer_code": "TW",
            "term": 10,
            "issued_on": None,
            "title": "Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương khóa X về tiếp tục đổi mới phương thức "
            "lãnh đạo của Đảng đối với hoạt động của hệ thống chính trị",
        },
    ),
    (
        "64",
        {
            "symbol": "64-KL/TW",
            "issued_on": D(2013, 5, 28),
            "term": 11,
            "title": "Kết luận Hội nghị lần thứ bảy Ban Chấp hành Trung ương khóa XI về một số vấn đề về "
            "tiếp tục đổi mới, hoàn thiện hệ thống chính trị từ Trung ương đến cơ sở",
        },
    ),
    (
        "39",
        {
            "symbol": "39-NQ/TW",
            "issued_on": D(2015, 4, 17),
            "term": 11,
            "title": "Nghị quyết của Bộ Chính trị về tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, "
            "công chức, viên chức",
        },
    ),
    (
        "101",
        {
            "symbol": "101-QĐ/TW",
            "issued_on": D(2012, 6, 7),
            "term": 11,
            "title": "Quy định của Ban Bí thư về trách nhiệm nêu gương của cán bộ, đảng viên, nhất là cán bộ lãnh đạo "
            "chủ chốt các cấp",
        },
    ),
    (
        "55",
        {
            "symbol": "55-QĐ/TW",
            "issued_on": D(2016, 12, 19),
            "term": 12,
            "title": "Quy định của Bộ Chính trị về một số việc cần làm ngay để tăng cường vai trò nêu gương "
            "của cán bộ, đảng viên",
        },
    ),
    (
        "18",
        {
            "symbol": "18-NQ/TW",
            "issued_on": D(2017, 10, 25),
            "term": 12,
            "title": "Nghị quyết Hội nghị lần thứ sáu Ban Chấp hành Trung ương khóa XII về một số vấn đề về tiếp tục "
            "đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
        },
    ),
]

LOCAL = [
    (
        "ctr64",
        "TU19",
        "64",
        {
            "symbol": "12-CTr/TU",
            "issued_on": D(2013, 8, 20),
            "term": 18,
            "title": "Chương trình hành động của Tỉnh ủy thực hiện Kết luận số 64-KL/TW" + ILLUSTRATIVE,
            "summary": "Cụ thể hóa nhiệm vụ đổi mới, hoàn thiện hệ thống chính trị ở các cấp trong tỉnh.",
        },
    ),
    (
        "kh39",
        "TU19",
        "39",
        {
            "symbol": "25-KH/TU",
            "issued_on": D(2015, 7, 10),
            "term": 18,
            "title": "Kế hoạch của Tỉnh ủy thực hiện Nghị quyết số 39-NQ/TW về tinh giản biên chế" + ILLUSTRATIVE,
            "summary": "Mỗi cơ quan, đơn vị giảm tối thiểu 10% biên chế đến năm 2021 so với năm 2015.",
        },
    ),
    (
        "sc64",
        "HU165",
        "ctr64",
        {
            "symbol": "15-KH/ThU",
            "issued_on": D(2013, 10, 2),
            "term": 1,
            "title": "Kế hoạch của Thành ủy Sông Công thực hiện Chương trình hành động số 12-CTr/TU" + ILLUSTRATIVE,
            "summary": "Tổng kết đổi mới phương thức lãnh đạo; giao nhiệm vụ cụ thể cho từng cơ quan, đơn vị.",
        },
    ),
    (
        "sc-mat",
        "HU165",
        None,
        {
            "symbol": "09-NQ/ThU",
            "issued_on": D(2019, 3, 5),
            "term": 1,
            "confidentiality": Clearance.SECRET,
            "title": "Nghị quyết của Ban Thường vụ Thành ủy về công tác nhân sự" + ILLUSTRATIVE,
        },
    ),
]


def demo_loaded() -> bool:
    return Document.objects.exists()


def load_demo() -> dict[str, int]:
    admin = User.objects.get(username="admin")
    province = Unit.objects.get(code="TU19")
    created: dict[str, Document] = {}
    for key, fields in CENTRAL:
        created[key] = services.document_create(actor=admin, owner=province, **fields)
    for key, owner_code, implements, fields in LOCAL:
        owner = Unit.objects.get(code=owner_code)
        created[key] = services.document_create(actor=admin, owner=owner, **fields)
        if implements:
            services.link_create(actor=admin, source=created[key], target=created[implements], relation="implements")
    return {"documents": len(created)}
