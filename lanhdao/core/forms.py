import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .dates import SHOWN, DateTextError, parse_day


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors on their fields, the rest at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def run_service(form: forms.Form, service, /, *args, **kwargs):
    """Call `service(*args, **kwargs)` for a page whose form was valid and return its result; when the service
    refuses (a ValidationError), put its messages on the form instead (see `apply_service_errors`) and return None.
    Callers test `form.errors` afterwards, not the result, since some services return nothing."""
    try:
        return service(*args, **kwargs)
    except ValidationError as error:
        apply_service_errors(form, error)
        return None


class DateInput(forms.DateInput):
    """A text box showing dd/mm/yyyy whatever the browser's language (a browser's own date box follows its locale:
    mm/dd/yyyy in an English one). core/static/core/datepicker.js adds a calendar button to every box marked
    `data-datepicker`; typing works without it."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "data-datepicker": "",
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": _("dd/mm/yyyy"),
            "size": "10",
            "maxlength": "10",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=SHOWN)


class DateField(forms.DateField):
    """The one date field of every form: reads dd/mm/yyyy (and ISO), says why a text is not a date."""

    widget = DateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_day(str(value))
        except DateTextError as error:
            raise ValidationError(error.message, code="invalid") from error
