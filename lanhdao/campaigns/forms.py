"""Forms of the review campaigns: open a campaign, write a report's sections."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lanhdao.core.forms import DateField
from lanhdao.reports import indicators

from .models import CampaignKind


class CampaignForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("campaign", "Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of review"), choices=CampaignKind.choices)
    document = forms.ModelChoiceField(label=_("Document reviewed"), queryset=None, required=False)
    period_start = DateField(label=_("Period start"))
    period_end = DateField(label=_("Period end"))
    deadline = DateField(label=_("Deadline"))
    indicator_keys = forms.MultipleChoiceField(
        label=_("Required indicators"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "indicator-choice"}),
        choices=lambda: [
            (label, [(i.key, i.label) for i in indicators.CATALOGUE if i.group == group])
            for group, label in indicators.GROUPS.items()
        ],
    )

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents


class SectionsForm(forms.Form):
    """One textarea per section of the campaign's outline."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, outline: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        for section in outline:
            self.fields[f"s_{section['key']}"] = forms.CharField(
                label=section["title"],
                help_text=section["hint"],
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def sections(self) -> dict:
        return {name[2:]: value for name, value in self.cleaned_data.items() if name.startswith("s_")}


class RelayForm(forms.Form):
    deadline = DateField(label=_("Deadline for the units under us"))
