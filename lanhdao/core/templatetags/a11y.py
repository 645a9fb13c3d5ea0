"""`{{ form.kind|labelled }}`: a field drawn without its <label> (the filters of a list, a select beside a sentence)
still tells a screen reader what it is, through an aria-label taken from the field's label; `{{ note|labelled:row }}`
adds what the field is about, for the same field repeated on each row of a table ("Note: Chi bộ thôn Một")."""

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def labelled(field: BoundField, about=""):
    label = f"{field.label}: {about}" if about else str(field.label)
    return field.as_widget(attrs={"aria-label": label})
