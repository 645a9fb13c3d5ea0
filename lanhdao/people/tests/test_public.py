"""The public page of personal plans: no sign-in, only published plans, nothing internal, rate-limited."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from lanhdao.people import services_plans

from .conftest import TODAY


@pytest.fixture
def plans(world, make_plan):
    """alice's plan published with its self-assessment; a commune secretary's published; bob's a draft."""
    world.alice.email = "alice@huyen-an.example"
    world.alice.save()
    published = make_plan(internal_note="Ghi chú nội bộ BÍ MẬT")
    services_plans.plan_publish(actor=world.alice, plan=published)
    results = {c.pk: ("achieved", "Đã đi cơ sở 26 lần") for c in published.commitments.all()}
    services_plans.plan_assess(actor=world.alice, plan=published, summary="Hoàn thành tốt", results=results)
    services_plans.plan_publish_assessment(actor=world.alice, plan=published)
    commune = make_plan(
        leader=None,
        leader_name="Nguyễn Văn Bình",
        leader_position="Bí thư Đảng ủy xã",
        unit=world.commune_a,
        year_start=TODAY.year,
        commitments=["Gương mẫu nơi cư trú"],
    )
    services_plans.plan_publish(actor=world.alice, plan=commune)
    services_plans.plan_assess(
        actor=world.alice,
        plan=commune,
        summary="Tự đánh giá chưa công bố",
        results={c.pk: ("partly", "Nhận xét chưa công bố") for c in commune.commitments.all()},
        today=TODAY.replace(month=12, day=31),
    )
    draft = make_plan(actor=world.bob, leader=world.bob, leader_position="Chuyên viên", commitments=["Bản nháp X"])
    return published, commune, draft


def test_anyone_reads_the_published_plans_without_signing_in(client, plans):
    published, _commune, draft = plans
    page = client.get(reverse("people:public_plans"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Alice" in html and "Bí thư Huyện ủy" in html and "Huyện ủy An" in html
    assert "Nguyễn Văn Bình" in html and "Gương mẫu nơi cư trú" in html
    assert "Hoàn thành tốt" in html and "Đã đi cơ sở 26 lần" in html  # a published self-assessment
    assert "Tự đánh giá chưa công bố" not in html and "Nhận xét chưa công bố" not in html  # not published yet
    assert "Bản nháp X" not in html and "Bob" not in html and "Chuyên viên" not in html  # a draft
    one = client.get(reverse("people:public_plan", args=[published.pk]))
    assert one.status_code == 200 and "Hoàn thành tốt" in one.content.decode()
    assert client.get(reverse("people:public_plan", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_public_page_leaks_nothing_internal(client, world, plans, signed_in):
    if signed_in:  # even for a signed-in visitor the page shows no account, not even the visitor's own
        client.force_login(world.alice)
    pages = [client.get(reverse("people:public_plans")), client.get(reverse("people:public_plan", args=[plans[0].pk]))]
    for page in pages:
        html = page.content.decode()
        for secret in [
            "alice",
            "bob",
            "alice@huyen-an.example",
            "Ghi chú nội bộ",
            "BÍ MẬT",
            "/users/",
            "/admin/",
            "Sign out",
            "Đăng xuất",
            "internal_note",
            "leader_id",
            "username",
        ]:
            assert secret not in html, secret
        user_ids = {str(world.alice.pk), str(world.bob.pk)}
        assert not set(re.findall(r"/users/(\d+)/", html)) & user_ids
        assert "data-user" not in html


def test_unpublishing_takes_a_plan_off_the_page(client, world, plans):
    published = plans[0]
    services_plans.plan_unpublish(actor=world.alice, plan=published)
    assert "Hoàn thành tốt" not in client.get(reverse("people:public_plans")).content.decode()
    assert client.get(reverse("people:public_plan", args=[published.pk])).status_code == 404


def test_search_by_name_without_diacritics_and_by_year(client, plans):
    found = client.get(reverse("people:public_plans"), {"q": "nguyen van binh"}).context["page"]
    assert [p.leader_name for p in found] == ["Nguyễn Văn Bình"]
    by_unit = client.get(reverse("people:public_plans"), {"q": "huyen uy an"}).context["page"]
    assert [p.leader_name for p in by_unit] == ["Alice"]
    this_year = client.get(reverse("people:public_plans"), {"year": TODAY.year}).context["page"]
    assert [p.leader_name for p in this_year] == ["Nguyễn Văn Bình"]
    partial = client.get(reverse("people:public_plans"), {"q": "binh"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Nguyễn Văn Bình" in partial


@override_settings(LANHDAO_PUBLIC_RATE_LIMIT=5)
def test_rate_limited_per_address(client, plans):
    url = reverse("people:public_plans")
    for _ in range(5):
        assert client.get(url, REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = client.get(url, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 60
    assert "Too many requests" in refused.content.decode() or "Quá nhiều" in refused.content.decode()
    assert client.get(reverse("people:public_plan", args=[plans[0].pk]), REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.get(url, REMOTE_ADDR="198.51.100.1").status_code == 200  # another address is not affected


def test_the_limit_resets_with_the_next_window(plans):
    from lanhdao.people.ratelimit import hit

    assert [hit("t", "1.2.3.4", now=120.0 + i) for i in range(3)] == [1, 2, 3]
    assert hit("t", "1.2.3.4", now=180.0) == 1  # a new minute
    assert hit("t", "5.6.7.8", now=121.0) == 1
