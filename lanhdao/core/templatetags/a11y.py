"""`{{ form.kind|labelled }}`: a field drawn without its <label> (the filters of a list, a select beside a sentence)
still tells a screen reader what it is, through an aria-label taken from the field's label."""

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def labelled(field: BoundField):
    return field.as_widget(attrs={"aria-label": str(field.label)})
