"""The form of a unit's plan for a year: one target (and an optional note) per indicator of the catalogue, grouped as
the catalogue is. The service validates the values (the same messages on the page and over the API); the form only
tells which cells the user changed — against the values the page was shown with, sent back in hidden inputs — so a
save writes those alone and does not undo what someone else saved meanwhile in another cell."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lanhdao.reports import indicators

from .services import NOTE_LENGTH

NOTE = "note_"


class TargetsForm(forms.Form):
    def __init__(self, *args, targets: dict[str, tuple[int, str]], may_change: bool, **kwargs):
        initial = {}
        for key, (value, note) in targets.items():
            initial[key], initial[NOTE + key] = value, note
        super().__init__(*args, initial=initial, **kwargs)
        for indicator in indicators.CATALOGUE:
            self.fields[indicator.key] = forms.CharField(
                label=indicator.label,
                required=False,
                disabled=not may_change,
                show_hidden_initial=True,
                widget=forms.NumberInput(attrs={"min": 1, "step": 1, "class": "target"}),
            )
            self.fields[NOTE + indicator.key] = forms.CharField(
                label=_("Note"),
                required=False,
                disabled=not may_change,
                max_length=NOTE_LENGTH,
                show_hidden_initial=True,
                widget=forms.TextInput(attrs={"class": "target-note"}),
            )

    def changes(self) -> tuple[dict[str, str], dict[str, str]]:
        """({key: target} and {key: note}) of the cells the user changed: an emptied target is "" (removed)."""
        values = {name: self.cleaned_data[name] for name in self.changed_data if name in indicators.BY_KEY}
        notes = {name[len(NOTE) :]: self.cleaned_data[name] for name in self.changed_data if name.startswith(NOTE)}
        return values, notes

    def groups(self, previous: dict[str, int]) -> list[tuple[str, list[tuple]]]:
        """[(group label, [(indicator, target field, note field, last year's figure, how many of its records are
        confidential)])] in catalogue order."""
        found: dict[str, list[tuple]] = {}
        secret = getattr(previous, "confidential", {})
        for i in indicators.CATALOGUE:
            row = (i, self[i.key], self[NOTE + i.key], previous.get(i.key), secret.get(i.key, 0))
            found.setdefault(i.group, []).append(row)
        return [(indicators.GROUPS[group], rows) for group, rows in found.items()]
