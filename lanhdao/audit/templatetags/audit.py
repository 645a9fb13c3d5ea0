from django import template

from lanhdao.audit.selectors import labelled

register = template.Library()


@register.simple_tag(takes_context=True)
def labelled_history(context, entries):
    """`{% labelled_history entries as rows %}`: the entries with their changes in readable form, as the signed-in
    reader may see them (without a request in the context, as someone who may open nothing confidential)."""
    request = context.get("request")
    reader = getattr(request, "user", None) or context.get("user")
    return labelled(entries, reader)
