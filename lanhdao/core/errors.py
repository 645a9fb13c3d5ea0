"""The error pages, in the site's layout and language (Django's own show a bare English text).

400: Django's handler shows no message, so a malformed parameter (`core.params.BadParameter`) would answer a bare
"Bad Request" that does not say which value was wrong. 403 and 404 are Django's handlers with our templates
(403.html, 404.html). A refused form (CSRF) says that the page went stale, not Django's technical reason. 500 renders
a template that needs no request context and no database: whatever failed may fail again while the page is drawn."""

from django.http import HttpResponseBadRequest, HttpResponseForbidden, HttpResponseServerError
from django.template import loader
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from .params import BadParameter


@requires_csrf_token
def bad_request(request, exception):
    message = exception.message if isinstance(exception, BadParameter) else ""
    return HttpResponseBadRequest(loader.get_template("400.html").render({"message": message}, request))


@requires_csrf_token
def csrf_failure(request, reason=""):
    """`CSRF_FAILURE_VIEW`: a form sent from a page that has gone stale (signed out and in again elsewhere, a cookie
    cleared) or from another site. The reason Django gives is for developers and stays in the log."""
    return HttpResponseForbidden(loader.get_template("403_csrf.html").render({}, request))


def server_error(request):
    """`handler500`: 500.html rendered without the request (no context processor, no user, no query), and a plain
    text if even that fails."""
    try:
        body = loader.get_template("500.html").render({})
    except Exception:  # the page that says something failed must not fail itself
        body = "<!doctype html><title>lanhdao</title><h1>{}</h1><p><a href='/'>{}</a></p>".format(
            escape(_("Something went wrong")), escape(_("Back to the start page"))
        )
    return HttpResponseServerError(body)
