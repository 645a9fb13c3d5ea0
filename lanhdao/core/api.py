from django.core.exceptions import BadRequest
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler

from .params import BadParameter


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class Conflict(ValidationError):
    status_code = status.HTTP_409_CONFLICT


def service_error(error: DjangoValidationError) -> ValidationError:
    """A service's ValidationError as the API's 400 (field errors kept by field), or 409 when the error says the data
    changed under the caller (`http_status = 409`, e.g. a stale task version)."""
    detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    return Conflict(detail) if getattr(error, "http_status", 400) == 409 else ValidationError(detail)


def exception_handler(exc, context):
    """DRF's handler, plus the caller's mistakes that Django names: a malformed query parameter (`BadParameter`,
    `BadRequest`) and a service's ValidationError that a view let through answer 400 with their message, the same
    as a serializer's errors, instead of a server error."""
    if isinstance(exc, BadParameter):
        exc = ValidationError({exc.name: [exc.message]})
    elif isinstance(exc, BadRequest):
        exc = ValidationError({"detail": [str(exc)]})
    elif isinstance(exc, DjangoValidationError):
        exc = service_error(exc)
    return drf_exception_handler(exc, context)
