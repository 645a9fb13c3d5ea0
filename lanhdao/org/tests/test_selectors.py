from lanhdao.org import selectors
from lanhdao.org.models import Unit


def test_subtree_is_one_query_and_complete(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        codes = [u.code for u in selectors.subtree(world.district_a)]
    assert codes == ["HA", "XA1", "CA1", "HA-UB", "HA-UB-NV"]
    assert "HB" not in codes


def test_subtree_leaves_out_archived_units_unless_asked(world):
    Unit.objects.filter(code="CA1").update(archived_at="2026-01-01T00:00:00Z")
    assert "CA1" not in {u.code for u in selectors.subtree(world.district_a)}
    assert "CA1" in {u.code for u in selectors.subtree(world.district_a, include_archived=True)}


def test_ancestors_are_root_first_in_one_query(world, django_assert_num_queries):
    cell = Unit.objects.get(code="CA1")
    with django_assert_num_queries(1):
        names = [u.code for u in selectors.ancestors(cell)]
    assert names == ["TU", "HA", "XA1"]
    assert selectors.ancestors(world.province) == []


def test_subtree_counts_by_kind_excludes_the_unit_itself(world):
    counts = selectors.subtree_counts(world.district_a)
    assert counts == {"commune_committee": 1, "cell": 1, "peoples_committee": 1, "department": 1}
    assert selectors.subtree_counts(Unit.objects.get(code="CA1")) == {}


def test_with_child_counts_counts_live_children_in_two_queries(world, django_assert_num_queries):
    Unit.objects.filter(code="HA-UB").update(archived_at="2026-01-01T00:00:00Z")
    with django_assert_num_queries(2):
        units = selectors.with_child_counts(Unit.objects.filter(code__in=["TU", "HA", "HB", "CA1"]).order_by("path"))
    assert {u.code: u.live_children for u in units} == {"TU": 2, "HA": 1, "HB": 1, "CA1": 0}


def test_search_matches_with_and_without_diacritics(world):
    everything = Unit.objects.all()
    assert {u.code for u in selectors.search(everything, "dang uy xa")} == {"XA1", "XB1"}
    assert {u.code for u in selectors.search(everything, "Đảng ủy xã Bình")} == {"XB1"}
    assert {u.code for u in selectors.search(everything, "PHONG noi vu")} == {"HA-UB-NV"}
    assert {u.code for u in selectors.search(everything, "ha-ub")} == {"HA-UB", "HA-UB-NV"}
    assert not selectors.search(everything, "không có").exists()
