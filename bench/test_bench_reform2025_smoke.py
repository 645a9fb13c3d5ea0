"""The reform benchmark reforms what it says and leaves the database as it found it. No timings asserted."""

from bench.bench_reform2025 import run
from conftest import make_user
from lanhdao.org.models import Unit
from lanhdao.org.services import UnitSpec, units_bulk_create
from lanhdao.org.shapes import province_spec
from lanhdao.restructuring.models import Operation


def test_the_reform_is_measured_and_rolled_back(db):
    root = make_user("bench", is_superuser=True, is_staff=True)
    units_bulk_create(actor=root, parent=None, specs=[UnitSpec("TW", "Trung ương", "central")], audit=False)
    units_bulk_create(actor=root, parent=Unit.objects.get(code="TW"), specs=[province_spec()], audit=False)
    before = list(Unit.objects.order_by("pk").values_list("pk", "code", "archived_at"))
    result = run([19])
    assert result["communes"] == 92 and result["held"] == 3 and result["apply_s"] > 0
    assert list(Unit.objects.order_by("pk").values_list("pk", "code", "archived_at")) == before
    assert not Operation.objects.exists()
