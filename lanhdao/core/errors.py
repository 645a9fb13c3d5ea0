"""The 400 page: Django's own handler shows no message, so a malformed parameter (`core.params.BadParameter`) would
answer a bare "Bad Request" that does not say which value was wrong."""

from django.http import HttpResponseBadRequest
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from .params import BadParameter


@requires_csrf_token
def bad_request(request, exception):
    message = exception.message if isinstance(exception, BadParameter) else ""
    return HttpResponseBadRequest(loader.get_template("400.html").render({"message": message}, request))
