from django import forms
from django.utils.translation import gettext_lazy as _

from lanhdao.accounts.roles import Clearance
from lanhdao.core.forms import DateField, DateInput
from lanhdao.org.picker import UnitField

from .models import Relation, System
from .selectors import DocumentFilter
from .symbols import PARTY_KINDS, STATE_KINDS


def kind_choices(empty_label="—"):
    merged = {**STATE_KINDS, **PARTY_KINDS}
    return [("", empty_label), *sorted(((k, f"{k} — {v}") for k, v in merged.items()), key=lambda c: c[0])]


class DocumentForm(forms.Form):
    owner = UnitField(label=_("Registry of unit"))
    symbol = forms.CharField(
        label=_("Symbol"),
        max_length=80,
        required=False,
        help_text=_(
            "As written on the document, e.g. 05-NQ/TU, 7020-CV/BTCTW, 108/2014/NĐ-CP. Leave empty if it has no number."
        ),
    )
    system = forms.ChoiceField(label=_("System"), choices=System.choices, initial=System.PARTY)
    kind = forms.ChoiceField(label=_("Kind of document"), required=False)
    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    issuer_code = forms.CharField(
        label=_("Issuer (abbreviation)"), max_length=40, required=False, help_text=_("e.g. TW, TU, BTCTW, CP, UBND")
    )
    issued_on = DateField(label=_("Date"), required=False, widget=DateInput)
    term = forms.IntegerField(label=_("Congress (khóa), as a number"), required=False, min_value=1, max_value=30)
    title = forms.CharField(label=_("Title"), max_length=500)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    full_text = forms.CharField(label=_("Full text"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    confidentiality = forms.TypedChoiceField(
        label=_("Confidentiality"), choices=Clearance.choices, coerce=int, initial=0
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].units = units
        self.fields["kind"].choices = kind_choices()


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False)
    kind = forms.ChoiceField(label=_("Kind of document"), required=False)
    issuer = forms.CharField(label=_("Issuer"), required=False)
    term = forms.IntegerField(label=_("Congress (khóa)"), required=False, min_value=1, max_value=30)
    date_from = DateField(label=_("From"), required=False, widget=DateInput)
    date_to = DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices(_("All kinds of document"))

    def document_filter(self) -> DocumentFilter:
        """The documents this form asks for; a form with any invalid field filters nothing."""
        data = self.cleaned_data if self.is_valid() else {}
        return DocumentFilter(
            kind=data.get("kind") or "",
            issuer=(data.get("issuer") or "").strip(),
            term=data.get("term") or None,
            issued_from=data.get("date_from"),
            issued_to=data.get("date_to"),
        )

    def words(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class LinkForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    target = forms.CharField(label=_("Target document (symbol or id)"), max_length=80)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, DOCX, XLSX)"))


class ReaderForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}), max_length=200_000)
