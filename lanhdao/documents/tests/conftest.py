import datetime
from types import SimpleNamespace

import pytest

from lanhdao.accounts.roles import Clearance
from lanhdao.documents.models import Document


def make_document(
    owner, *, symbol="", title="Văn bản", kind="NQ", issuer_code="TU", confidentiality=Clearance.NORMAL, **extra
):
    document = Document(
        owner=owner,
        symbol=symbol,
        title=title,
        kind=kind,
        issuer_code=issuer_code,
        confidentiality=confidentiality,
        **extra,
    )
    document.save()
    return document


@pytest.fixture
def docs(world):
    """A small registry: a province resolution, a district plan implementing it, a secret document of district A,
    a top-secret one of the province, and district B's own resolution."""
    province_nq = make_document(
        world.province,
        symbol="05-NQ/TU",
        number="05",
        title="Nghị quyết về đổi mới phương thức lãnh đạo",
        summary="Tăng cường phát triển kết cấu hạ tầng đô thị",
        issued_on=datetime.date(2011, 8, 11),
        term=17,
    )
    district_plan = make_document(
        world.district_a,
        symbol="12-KH/HU",
        number="12",
        kind="KH",
        issuer_code="HU",
        title="Kế hoạch thực hiện Nghị quyết 05-NQ/TU",
        issued_on=datetime.date(2011, 10, 1),
    )
    secret_a = make_document(
        world.district_a,
        symbol="03-NQ/HU",
        number="03",
        issuer_code="HU",
        title="Nghị quyết mật về nhân sự",
        confidentiality=Clearance.SECRET,
    )
    top_secret = make_document(
        world.province,
        symbol="01-NQ/TU",
        number="01",
        title="Nghị quyết tối mật về quốc phòng",
        confidentiality=Clearance.TOP_SECRET,
    )
    district_b_nq = make_document(
        world.district_b, symbol="07-NQ/HU", number="07", issuer_code="HU", title="Nghị quyết huyện Bình"
    )
    from lanhdao.documents.models import DocumentLink

    DocumentLink.objects.create(source=district_plan, target=province_nq, relation="implements")
    return SimpleNamespace(
        province_nq=province_nq,
        district_plan=district_plan,
        secret_a=secret_a,
        top_secret=top_secret,
        district_b_nq=district_b_nq,
    )
