"""Choosing a person who has an account: by any part of the name (with or without diacritics) or the user name,
among the active users holding a role on a unit where the chooser holds `perm` (and the chooser themself).
The machinery is `core.picker`; the endpoint is `accounts:pick_users`."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lanhdao.core.picker import Choices, PickerField
from lanhdao.core.text import fold
from lanhdao.org.selectors import subtree_q

from .models import RoleAssignment, User
from .roles import Perm
from .selectors import scope_paths


class UserChoices(Choices):
    url_name = "accounts:pick_users"
    salt = "lanhdao.accounts.picker"
    messages = {
        "ambiguous": _("Several people are named “%(text)s”: %(candidates)s. Choose one or type the user name."),
        "unknown": _("Nobody you may choose here is named “%(text)s” or has that user name."),
        "unknown_near": _(
            "Nobody you may choose here is named “%(text)s” or has that user name. Did you mean: %(near)s?"
        ),
    }

    def queryset(self, *, on=None) -> QuerySet[User]:
        qs = User.objects.filter(is_active=True)
        if not self.user.is_superuser:
            roots = scope_paths(self.user, Perm(self.spec.get("perm", Perm.VIEW.value)))
            holders = RoleAssignment.objects.active().filter(subtree_q(roots, "unit__path")) if roots else None
            mine = Q(pk=self.user.pk)
            qs = qs.filter(mine | Q(pk__in=holders.values("user_id"))) if holders is not None else qs.filter(mine)
        return qs.order_by("full_name", "username")

    def search(self, qs, text):
        for word in fold(text).split():
            qs = qs.filter(search_name__contains=word)
        return qs

    def exact(self, qs, text):
        text = text.strip()
        if not text:
            return []
        by_username = list(qs.filter(username__iexact=text)[:1])
        if by_username:
            return by_username
        by_name = list(qs.filter(full_name__iexact=text)[:10])
        if by_name:
            return by_name
        folded = fold(text)
        return [u for u in qs.filter(search_name__startswith=folded + " ")[:50] if fold(u.full_name) == folded][:10]

    def label(self, obj) -> str:
        return str(obj)

    def details(self, objs) -> dict[int, str]:
        return {u.pk: " · ".join(filter(None, [u.username, u.position])) for u in objs}


def user_choices(user, perm: Perm = Perm.VIEW) -> UserChoices:
    return UserChoices(user, perm=Perm(perm).value)


class UserField(PickerField):
    """A person with an account, typed by name or user name and chosen from suggestions. The form sets `users`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Person"))
        super().__init__(**kwargs)
        self.widget.placeholder = _("Type a name or a user name")

    @property
    def users(self) -> UserChoices | None:
        return self.choices

    @users.setter
    def users(self, value: UserChoices | None) -> None:
        self.choices = value
