import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lanhdao.accounts import services
from lanhdao.accounts.models import RoleAssignment, User
from lanhdao.accounts.roles import Clearance, Perm, Role
from lanhdao.accounts.selectors import has_perm, scope_paths, units_for, users_for
from lanhdao.audit.models import Action, AuditEntry

GOOD_PASSWORD = "Tr0ng-Dong-Mua-Xuan"


def _create(actor, unit, **extra):
    fields = {
        "username": "dung",
        "password": GOOD_PASSWORD,
        "unit": unit,
        "role": Role.OFFICE_STAFF,
        "full_name": "Lê Dũng",
    }
    return services.user_create(actor=actor, **(fields | extra))


def test_secretary_creates_a_user_with_a_role_in_her_subtree(world):
    user = _create(world.alice, world.commune_a)
    assert user.check_password(GOOD_PASSWORD)
    assert list(user.roles.values_list("role", "unit__code")) == [("office_staff", "XA1")]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert actions == {Action.CREATE, Action.GRANT}
    assert "password" not in AuditEntry.objects.get(action=Action.CREATE).after


def test_user_creation_refused_outside_scope_for_viewer_and_with_weak_password(world):
    with pytest.raises(PermissionDenied):
        _create(world.alice, world.commune_b)
    with pytest.raises(PermissionDenied):
        _create(world.bob, world.commune_a)
    with pytest.raises(ValidationError):
        _create(world.alice, world.commune_a, password="123")
    with pytest.raises(ValidationError):
        _create(world.alice, world.commune_a, username="BOB")
    assert not User.objects.filter(username="dung").exists()
    assert not AuditEntry.objects.exists()


def test_clearance_cannot_exceed_the_granting_users_own(world):
    with pytest.raises(ValidationError):
        _create(world.alice, world.commune_a, clearance=Clearance.TOP_SECRET)
    assert _create(world.root, world.commune_a, clearance=Clearance.TOP_SECRET).clearance == Clearance.TOP_SECRET


def test_role_applies_to_the_whole_subtree(world):
    assert has_perm(world.bob, Perm.VIEW, world.cell_a)
    assert not has_perm(world.bob, Perm.VIEW, world.province)
    assert not has_perm(world.bob, Perm.MANAGE_UNITS, world.cell_a)
    assert set(units_for(world.bob).values_list("code", flat=True)) == {"HA", "XA1", "CA1", "HA-UB", "HA-UB-NV"}


def test_scope_paths_drop_roots_inside_other_roots(world):
    RoleAssignment.objects.create(user=world.bob, unit=world.commune_a, role=Role.VIEWER)
    bob = User.objects.get(pk=world.bob.pk)
    assert scope_paths(bob) == [world.district_a.path]


def test_grant_and_revoke_are_audited_and_revoke_keeps_the_row(world):
    assignment = services.role_grant(actor=world.alice, user=world.bob, unit=world.cell_a, role=Role.CELL_SECRETARY)
    with pytest.raises(ValidationError):
        services.role_grant(actor=world.alice, user=world.bob, unit=world.cell_a, role=Role.CELL_SECRETARY)
    services.role_revoke(actor=world.alice, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None and assignment.revoked_by == world.alice
    assert AuditEntry.objects.filter(action=Action.REVOKE).count() == 2  # on the role and on the user
    with pytest.raises(ValidationError):
        services.role_revoke(actor=world.alice, assignment=assignment)


def test_nobody_grants_roles_to_themselves_or_outside_their_scope(world):
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=world.alice, user=world.alice, unit=world.cell_a, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=world.alice, user=world.bob, unit=world.commune_b, role=Role.VIEWER)


def test_a_district_cannot_change_an_account_that_also_works_elsewhere(world):
    services.role_grant(actor=world.root, user=world.charlie, unit=world.cell_a, role=Role.VIEWER)
    # charlie has a role in alice's subtree, but also one outside it: out of alice's reach, not even listed
    assert world.charlie not in users_for(world.alice)
    with pytest.raises(PermissionDenied):
        services.user_update(actor=world.alice, user=world.charlie, data={"full_name": "Đổi"})
    with pytest.raises(PermissionDenied):
        services.user_set_password(actor=world.alice, user=world.charlie, password=GOOD_PASSWORD)


def test_user_update_and_deactivation_are_audited(world):
    services.user_update(actor=world.alice, user=world.bob, data={"full_name": "Bob Mới", "is_active": False})
    bob = User.objects.get(pk=world.bob.pk)
    assert (bob.full_name, bob.is_active) == ("Bob Mới", False)
    entry = AuditEntry.objects.get(action=Action.UPDATE)
    assert ("is_active", True, False) in entry.changes()


def test_users_for_lists_only_users_in_the_managed_subtree(world):
    assert set(users_for(world.alice).values_list("username", flat=True)) == {"alice", "bob"}
    assert set(users_for(world.charlie).values_list("username", flat=True)) == {"charlie"}
    assert not users_for(world.bob).exists()
    assert set(users_for(world.alice, query="BOB").values_list("username", flat=True)) == {"bob"}
