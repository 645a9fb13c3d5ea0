from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lanhdao.core"
    label = "core"

    def ready(self):
        install_text_normalisation()
        install_blank_choice_label()


def install_blank_choice_label() -> None:
    """The empty choice of every select: Django 6.1's "- Select an option -" has no Vietnamese in Django's catalogue,
    so it showed in English (the campaign form's document). Django lets an app's ready() replace it."""
    from django.db.models import fields
    from django.utils.translation import gettext_lazy as _

    fields.BLANK_CHOICE_LABEL = _("- Choose -")


def _multiline_form_field(field) -> bool:
    from django import forms

    return isinstance(field.widget, forms.Textarea)


def _multiline_api_field(field) -> bool:
    # An API field is a paragraph when DRF renders it as a textarea (a model TextField) or when it has no short
    # limit; titles, names and codes are short single lines.
    return field.style.get("base_template") == "textarea.html" or not field.max_length or field.max_length > 1000


def _secret(field, name: str) -> bool:
    return "password" in (name or "") or field.style.get("input_type") == "password"


def install_text_normalisation() -> None:
    """Text is normalised once, at the edge (`core.text.normalise`: NFC, no zero-width or control characters, no
    surrounding spaces), for every Django form field and every DRF serializer field that strips its text: a title of
    invisible characters is then empty and refused with the message of an empty title, and decomposed (NFD)
    Vietnamese is stored composed. A hook on the two CharField classes, rather than a base form and a base serializer,
    so that no form or serializer can forget it. Fields that keep their text verbatim (`strip=False`,
    `trim_whitespace=False`: passwords, pasted text) are left alone."""
    from django import forms
    from rest_framework import fields as api_fields

    from .text import normalise

    if getattr(forms.CharField, "_lanhdao_normalised", False):
        return
    form_to_python = forms.CharField.to_python

    def to_python(self, value):
        if self.strip and isinstance(value, str) and not isinstance(self.widget, forms.PasswordInput):
            value = normalise(value, multiline=_multiline_form_field(self))
        return form_to_python(self, value)

    api_run_validation = api_fields.CharField.run_validation

    def run_validation(self, data=api_fields.empty):
        if self.trim_whitespace and isinstance(data, str) and not _secret(self, self.field_name):
            data = normalise(data, multiline=_multiline_api_field(self))
        return api_run_validation(self, data)

    forms.CharField.to_python = to_python
    api_fields.CharField.run_validation = run_validation
    forms.CharField._lanhdao_normalised = True
