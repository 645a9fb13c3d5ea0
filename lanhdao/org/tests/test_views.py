from django.urls import reverse

from lanhdao.audit.models import AuditEntry
from lanhdao.org.models import Unit


def test_browse_starts_at_the_top_of_the_users_scope(world, client_for):
    page = client_for(world.bob).get(reverse("org:unit_list")).content.decode()
    assert "Huyện ủy An" in page
    assert "Huyện ủy Bình" not in page and "Tỉnh ủy Thử nghiệm" not in page


def test_expanding_a_node_returns_only_its_children(world, client_for):
    response = client_for(world.bob).get(reverse("org:unit_children", args=[world.district_a.pk]))
    html = response.content.decode()
    assert "Đảng ủy xã An Một" in html and "Ủy ban nhân dân huyện An" in html
    assert "Chi bộ thôn Một" not in html  # a grandchild, loaded when its parent is expanded
    assert "<html" not in html


def test_search_without_diacritics_and_htmx_partial(world, client_for):
    client = client_for(world.alice)
    html = client.get(reverse("org:unit_list"), {"q": "dang uy xa"}).content.decode()
    assert "Đảng ủy xã An Một" in html
    assert "Bình Một" not in html, "search stays inside the user's scope"
    partial = client.get(reverse("org:unit_list"), {"q": "phong noi vu"}, HTTP_HX_REQUEST="true")
    assert "Phòng Nội vụ huyện An" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_unit_page_shows_subtree_counts_and_history(world, client_for, django_assert_max_num_queries):
    client = client_for(world.alice)
    client.post(
        reverse("org:unit_edit", args=[world.commune_a.pk]),
        {"code": "XA1", "name": "Đảng ủy xã An Mới", "kind": "commune_committee"},
    )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("org:unit_detail", args=[world.district_a.pk]))
    html = response.content.decode()
    assert 'id="subtree-counts"' in html
    assert response.context["total"] == 4
    page = client.get(reverse("org:unit_detail", args=[world.commune_a.pk])).content.decode()
    assert "Đảng ủy xã An Một" in page and "Đảng ủy xã An Mới" in page  # before → after
    assert client.get(reverse("org:unit_history", args=[world.commune_a.pk])).status_code == 200


def test_detail_query_count_does_not_grow_with_children(world, client_for, django_assert_max_num_queries):
    from lanhdao.org import services
    from lanhdao.org.kinds import UnitKind as K
    from lanhdao.org.services import UnitSpec

    services.units_bulk_create(
        actor=world.root,
        parent=world.commune_a,
        specs=[UnitSpec(f"C{i}", f"Chi bộ {i}", K.CELL) for i in range(120)],
    )
    client = client_for(world.alice)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("org:unit_detail", args=[world.commune_a.pk]))
    assert response.context["page"].paginator.count == 121
    assert len(response.context["page"].object_list) == 25


def test_create_edit_archive_and_restore_through_the_pages(world, client_for):
    client = client_for(world.alice)
    form = client.get(reverse("org:unit_create", args=[world.commune_a.pk]))
    assert [k for k, _ in form.context["form"].fields["kind"].choices] == [
        "peoples_council",
        "peoples_committee",
        "fatherland_front",
        "mass_organisation",
        "grassroots_committee",
        "grassroots_cell",
        "cell",
        "executive_committee",
        "standing_board",
        "standing_members",
        "advisory_board",
    ] or form.status_code == 200
    response = client.post(
        reverse("org:unit_create", args=[world.commune_a.pk]),
        {"code": "CA2", "name": "Chi bộ thôn Hai", "kind": "cell"},
    )
    new = Unit.objects.get(code="CA2")
    assert response.status_code == 302 and response.url == reverse("org:unit_detail", args=[new.pk])

    confirm = client.get(reverse("org:unit_archive", args=[world.commune_a.pk]))
    assert confirm.status_code == 200 and b"<form" in confirm.content
    assert Unit.objects.get(code="XA1").archived_at is None, "the confirmation page changes nothing"
    client.post(reverse("org:unit_archive", args=[world.commune_a.pk]), {"note": "Sáp nhập"})
    assert Unit.objects.filter(path__startswith=world.commune_a.path, archived_at__isnull=True).count() == 0
    client.post(reverse("org:unit_restore", args=[world.commune_a.pk]))
    assert Unit.objects.filter(path__startswith=world.commune_a.path, archived_at__isnull=False).count() == 0


def test_a_bad_form_shows_vietnamese_errors_and_saves_nothing(world, client_for):
    client = client_for(world.alice)
    response = client.post(
        reverse("org:unit_create", args=[world.commune_a.pk]), {"code": "CA1", "name": "Trùng mã", "kind": "cell"}
    )
    assert response.status_code == 200
    assert "CA1" in str(response.context["form"].errors["code"])
    assert Unit.objects.filter(code="CA1").count() == 1
    assert not AuditEntry.objects.exists()


def test_read_only_user_sees_no_edit_buttons(world, client_for):
    html = client_for(world.bob).get(reverse("org:unit_detail", args=[world.commune_a.pk])).content.decode()
    assert reverse("org:unit_edit", args=[world.commune_a.pk]) not in html
    assert reverse("org:unit_archive", args=[world.commune_a.pk]) not in html
    html = client_for(world.alice).get(reverse("org:unit_detail", args=[world.commune_a.pk])).content.decode()
    assert reverse("org:unit_edit", args=[world.commune_a.pk]) in html
