"""`{% csrf_token %}` that also writes the form's one-time submission token (lanhdao.core.idempotence).

Installed as a builtin library (settings TEMPLATES OPTIONS "builtins"), loaded after Django's own, so every form that
has the CSRF field gets the token without a change to its template. The token is used where the view creates
records (idempotence.CREATE_VIEWS) and ignored elsewhere."""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html

from lanhdao.core.idempotence import FIELD, new_token

register = template.Library()


class CsrfAndSubmissionTokenNode(CsrfTokenNode):
    def render(self, context):
        csrf = super().render(context)
        if not csrf:  # no request (an e-mail, a file): no form to send
            return csrf
        return csrf + format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


@register.tag
def csrf_token(parser, token):
    return CsrfAndSubmissionTokenNode()
