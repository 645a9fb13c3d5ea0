"""The restructuring benchmark merges what it says and leaves the database as it found it. No timings asserted."""

from bench.bench_restructure import pick_provinces, run
from bench.generate import generate
from lanhdao.org.models import Unit
from lanhdao.restructuring.models import Operation


def quiet(_message: str) -> None:
    pass


def test_the_merge_is_measured_and_rolled_back(db):
    generate("S", log=quiet)
    before = list(Unit.objects.order_by("pk").values_list("pk", "code", "archived_at"))
    sources = pick_provinces(None)
    result = run("S", None)
    assert result["summary"]["units_closed"] >= len(sources) and result["summary"]["units_created"] > 0
    assert result["apply_s"] > 0 and result["preview"]["units_closed"] == result["summary"]["units_closed"]
    assert list(Unit.objects.order_by("pk").values_list("pk", "code", "archived_at")) == before
    assert not Operation.objects.exists()
