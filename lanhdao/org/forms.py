from django import forms
from django.utils.translation import gettext_lazy as _

from lanhdao.core.forms import DateField, DateInput

from .kinds import ALLOWED_CHILDREN, UnitKind


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    valid_from = DateField(label=_("In force from"), required=False, widget=DateInput)
    valid_to = DateField(label=_("In force until"), required=False, widget=DateInput)

    def __init__(self, *args, parent_kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if parent_kind is not None:
            allowed = ALLOWED_CHILDREN.get(parent_kind, frozenset())
            self.fields["kind"].choices = [(k, label) for k, label in UnitKind.choices if k in allowed]

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("The end date must not be before the start date."))
        return data


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *UnitKind.choices])
    archived = forms.BooleanField(label=_("Include archived"), required=False)
