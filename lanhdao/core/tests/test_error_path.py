"""One error path (issue 14): a service's ValidationError that an API view lets through is answered by DRF's
exception handler - 400 with the field errors kept by field, or 409 when the data changed under the caller - so no
API view wraps a service call by hand; and one view helper, `run_service`, puts a refusal on the page's form."""

import pathlib

import pytest
from django import forms
from django.core.exceptions import ValidationError

from lanhdao.core.api import exception_handler
from lanhdao.core.forms import run_service


class Stale(ValidationError):
    http_status = 409


def test_a_service_error_naming_fields_answers_400_with_each_field_s_messages():
    response = exception_handler(ValidationError({"title": ["Too long."], "deadline": ["In the past."]}), {})
    assert response.status_code == 400
    assert response.data == {"title": ["Too long."], "deadline": ["In the past."]}


def test_a_service_error_naming_no_field_answers_400_under_detail():
    response = exception_handler(ValidationError("Already archived."), {})
    assert response.status_code == 400
    assert response.data == {"detail": ["Already archived."]}


def test_a_service_error_saying_the_data_changed_answers_409_not_400():
    response = exception_handler(Stale({"version": ["Changed by someone else."]}), {})
    assert response.status_code == 409
    assert response.data == {"version": ["Changed by someone else."]}


def test_an_ordinary_error_is_left_to_django_not_answered_by_the_handler():
    assert exception_handler(RuntimeError("boom"), {}) is None


def test_no_api_module_maps_service_errors_by_hand():
    root = pathlib.Path(__file__).resolve().parents[2]
    wrapped = [
        str(path.relative_to(root))
        for path in sorted(root.glob("**/api*.py"))
        if "service_error(" in path.read_text(encoding="utf-8")
    ]
    assert wrapped == []


class _Form(forms.Form):
    title = forms.CharField()


def _bound_form():
    form = _Form({"title": "Báo cáo"})
    assert form.is_valid()
    return form


def test_run_service_returns_the_service_s_result_and_leaves_the_form_clean():
    form = _bound_form()
    assert run_service(form, lambda *, title: title.upper(), title="x") == "X"
    assert not form.errors


def test_run_service_puts_field_errors_on_their_field_and_the_rest_at_the_top():
    def refuse():
        raise ValidationError({"title": ["Taken."], "deadline": ["In the past."]})

    form = _bound_form()
    assert run_service(form, refuse) is None
    assert form.errors["title"] == ["Taken."]
    assert form.non_field_errors() == ["In the past."]


def test_run_service_puts_an_error_naming_no_field_at_the_top():
    def refuse():
        raise ValidationError("Already archived.")

    form = _bound_form()
    assert run_service(form, refuse) is None
    assert form.non_field_errors() == ["Already archived."]
    assert "title" not in form.errors


def test_run_service_lets_other_errors_through():
    def crash():
        raise LookupError("not a refusal")

    form = _bound_form()
    with pytest.raises(LookupError):
        run_service(form, crash)
    assert not form.errors
