"""The tree's paths as bulk creation writes them."""

from lanhdao.org.models import Unit


def test_path_steps_are_the_ones_treebeard_writes(world):
    """Bulk creation computes paths with Unit.step/step_index; they must read and write what treebeard's own
    add_child does (its converters are private, so the product does not call them)."""
    for index in (1, 9, 10, 35, 36, 37, 1295, 1296, 36**4 - 1):
        assert Unit.step_index("0001" + Unit.step(index)) == index
        assert len(Unit.step(index)) == Unit.steplen
    children = list(Unit.objects.filter(depth=2).order_by("path"))
    assert [Unit.step_index(u.path) for u in children] == list(range(1, len(children) + 1))
    fields = {"code": "HC", "name": "Huyện ủy Cẩm", "kind": world.district_a.kind}
    added = Unit.objects.add_child(Unit.objects.get(pk=world.province.pk), create_kwargs=fields)
    assert added.path == world.province.path + Unit.step(len(children) + 1)
