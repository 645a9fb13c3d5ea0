from django import forms
from django.core.exceptions import ValidationError


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
