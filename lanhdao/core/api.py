from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


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
