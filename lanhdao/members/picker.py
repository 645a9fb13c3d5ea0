"""Choosing a party member: by any part of the name (with or without diacritics) or the party card number, among
the members one may see (`members_for`). The machinery is `core.picker`; the endpoint is `members:pick_members`."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lanhdao.core.picker import Choices, PickerField
from lanhdao.core.text import fold

from .models import Member
from .selectors import members_for, search_members


class MemberChoices(Choices):
    url_name = "members:pick_members"
    salt = "lanhdao.members.picker"
    messages = {
        "ambiguous": _("Several members are named “%(text)s”: %(candidates)s. Choose one from the suggestions."),
        "unknown": _("No member you may choose here is named “%(text)s” or holds that card number."),
        "unknown_near": _(
            "No member you may choose here is named “%(text)s” or holds that card number. Did you mean: %(near)s?"
        ),
    }

    def queryset(self, *, on=None) -> QuerySet[Member]:
        return members_for(self.user).select_related("unit").order_by("full_name", "pk")

    def search(self, qs, text):
        return search_members(qs, text)

    def exact(self, qs, text):
        text = text.strip()
        if not text:
            return []
        by_card = list(qs.filter(card_number=text)[:1]) if any(c.isdigit() for c in text) else []
        if by_card:
            return by_card
        by_name = list(qs.filter(full_name__iexact=text)[:10])
        if by_name:
            return by_name
        folded = fold(text)
        return [m for m in qs.filter(search_name__startswith=folded)[:50] if fold(m.full_name) == folded][:10]

    def label(self, obj) -> str:
        return obj.full_name

    def details(self, objs) -> dict[int, str]:
        return {m.pk: " · ".join(filter(None, [m.unit.name, m.birth_date and str(m.birth_date.year)])) for m in objs}


def member_choices(user) -> MemberChoices:
    return MemberChoices(user)


class MemberField(PickerField):
    """A party member, typed by name and chosen from suggestions. The form (or its view) sets `members`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Member"))
        super().__init__(**kwargs)
        self.widget.placeholder = _("Type a name")

    @property
    def members(self) -> MemberChoices | None:
        return self.choices

    @members.setter
    def members(self, value: MemberChoices | None) -> None:
        self.choices = value
