from django import template

from lanhdao.audit.selectors import labelled

register = template.Library()


@register.simple_tag
def labelled_history(entries):
    """`{% labelled_history entries as rows %}`: the entries with their changes in readable form."""
    return labelled(entries)
