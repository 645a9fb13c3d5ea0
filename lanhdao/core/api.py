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


def valid(serializer_class, request, *, data=None) -> dict:
    """The request's body (or `data`) checked by `serializer_class`, as a dict: a 400 with its field errors when it
    does not pass (the exception handler answers it)."""
    serializer = serializer_class(data=request.data if data is None else data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class Conflict(ValidationError):
    status_code = status.HTTP_409_CONFLICT


def exception_handler(exc, context):
    """DRF's handler, plus the errors Django names, so that no API view wraps a service call by hand: a malformed
    query parameter (`BadParameter`, `BadRequest`) answers 400 with its message; a service's ValidationError answers
    400 with its field errors kept by field (`{"detail": [...]}` when it names no field), or 409 when the error says
    the data changed under the caller (`http_status = 409`, e.g. a stale task version)."""
    if isinstance(exc, BadParameter):
        exc = ValidationError({exc.name: [exc.message]})
    elif isinstance(exc, BadRequest):
        exc = ValidationError({"detail": [str(exc)]})
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = Conflict(detail) if getattr(exc, "http_status", 400) == 409 else ValidationError(detail)
    return drf_exception_handler(exc, context)
