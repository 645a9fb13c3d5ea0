"""One error path (issue 14): a service's ValidationError that an API view lets through is answered by DRF's
exception handler - 400 with the field errors kept by field, or 409 when the data changed under the caller - so no
API view wraps a service call by hand."""

import pathlib

from django.core.exceptions import ValidationError

from lanhdao.core.api import exception_handler


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
