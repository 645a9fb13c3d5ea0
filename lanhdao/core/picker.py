"""One way to choose a thing (a unit, a user, a member) from a set too large to know by heart.

A `PickerField` takes a `Choices`: the things one user may choose in one field, built by the view (the units the
user may record in, under a committee, of some kinds…). The same object answers three questions, so that what is
suggested and what is accepted can never disagree:

- what may be chosen (`queryset`, optionally on a day: only the units that exist on the form's date);
- what a typed text means (`resolve`: a code, a user name, an exact name with or without diacritics; an ambiguous
  name is refused with the candidates listed by their place);
- how the suggestion endpoint finds the same set again (`token`: the spec signed with the user's id, so the endpoint
  rebuilds the queryset for the user asking, never from what the browser says).

The page sends the chosen thing's id (a hidden input, or a `<select>` when the set is small) and the visible text
(`<name>__text`). The server re-checks the id against the queryset (never trusting it) and, when the text no longer
names the thing with that id (edited without JavaScript), resolves the text instead. A value that is not an id (a
code typed, as before the picker) is resolved like text. `core/static/core/picker.js` turns the markup into an ARIA
combobox whose suggestions come from the endpoint through htmx.
"""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core import signing
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .text import fold, normalise

# Up to this many choices a <select> is rendered: the page works without JavaScript. Above, a text box that takes a
# name or a code.
SMALL = 60
# How many suggestions the endpoint returns
SUGGESTIONS = 15
TEXT_SUFFIX = "__text"
_SEPARATORS = re.compile(r"[;\n]+")


class Choices:
    """The things `user` may choose in one field. Subclasses define the set, the search and the labels."""

    url_name: str = ""
    salt: str = "lanhdao.picker"
    messages = {
        "ambiguous": _("Several match “%(text)s”: %(candidates)s. Choose one from the suggestions or type its code."),
        "unknown": _("Nothing you may choose here is named or coded “%(text)s”."),
        "unknown_near": _("Nothing you may choose here is named or coded “%(text)s”. Did you mean: %(near)s?"),
    }

    def __init__(self, user, **spec):
        self.user = user
        self.spec = spec

    # --- what subclasses define
    def queryset(self, *, on: datetime.date | None = None) -> QuerySet:
        raise NotImplementedError

    def search(self, qs: QuerySet, text: str) -> QuerySet:
        raise NotImplementedError

    def exact(self, qs: QuerySet, text: str) -> list:
        """The things `text` names exactly: by code first, then by name as written, then by name without
        diacritics."""
        raise NotImplementedError

    def label(self, obj) -> str:
        return str(obj)

    def details(self, objs) -> dict[int, str]:
        """{pk: what tells one apart from another of the same name (its code, its parent unit)}."""
        return {obj.pk: "" for obj in objs}

    # --- shared
    def token(self) -> str:
        return signing.dumps({"user": self.user.pk, **self.spec}, salt=self.salt, compress=True)

    @classmethod
    def from_token(cls, user, token: str) -> Choices | None:
        """The choices a signed token describes, for `user` only (None when the token is not theirs or broken)."""
        try:
            spec = signing.loads(token, salt=cls.salt)
        except signing.BadSignature:
            return None
        if spec.pop("user", None) != user.pk:
            return None
        return cls(user, **spec)

    def url(self) -> str:
        return f"{reverse(self.url_name)}?t={self.token()}"

    def suggest(self, text: str, *, on=None) -> list[dict]:
        """At most SUGGESTIONS things matching `text`, the exact matches first, each with its label and detail."""
        qs = self.queryset(on=on)
        exact = self.exact(qs, text) if text.strip() else []
        rest = list(self.search(qs, text).exclude(pk__in=[o.pk for o in exact])[: SUGGESTIONS - len(exact)])
        found = [*exact, *rest][:SUGGESTIONS]
        details = self.details(found)
        return [{"pk": o.pk, "label": self.label(o), "detail": details.get(o.pk, "")} for o in found]

    def resolve(self, text: str, *, on=None):
        """The one thing `text` names (a code, a name), or a ValidationError in Vietnamese saying why not."""
        qs = self.queryset(on=on)
        found = self.exact(qs, text)
        if len(found) == 1:
            return found[0]
        if found:
            details = self.details(found)
            listed = "; ".join(f"{self.label(o)} ({details.get(o.pk, '')})" for o in found)
            raise forms.ValidationError(
                self.messages["ambiguous"],
                code="ambiguous",
                params={"text": text, "candidates": listed},
            )
        near = [self.label(o) for o in self.search(qs, text)[:5]]
        if near:
            raise forms.ValidationError(
                self.messages["unknown_near"],
                code="unknown",
                params={"text": text, "near": "; ".join(near)},
            )
        raise forms.ValidationError(self.messages["unknown"], code="unknown", params={"text": text})


def parse_day(value) -> datetime.date | None:
    """A day as a date box sends it (ISO) or as people write it (dd/mm/yyyy); None when it is neither."""
    if isinstance(value, datetime.date):
        return value
    value = (value or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a calendar day, no time)
        except ValueError:
            continue
    return None


def same_text(a: str, b: str) -> bool:
    return fold(a) == fold(b)


class PickerWidget(forms.Widget):
    """The markup picker.js enhances: a <select> for a small set; a hidden id and a text box for a large one."""

    template_name = "core/widgets/picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices_for: Choices | None = None
        self.multiple = False
        self.on_field = ""
        self.placeholder = ""

    def value_from_datadict(self, data, files, name):
        ids = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if ids is None:
            ids = []
        elif isinstance(ids, (str, int)):
            ids = [ids]
        text = data.get(name + TEXT_SUFFIX)
        return {"ids": [str(i).strip() for i in ids if str(i).strip()], "text": normalise(text or "")}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + TEXT_SUFFIX not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        picked = value or {"objects": [], "text": ""}
        choices = self.choices_for
        options = None
        if choices is not None:
            qs = choices.queryset()
            small = list(qs[: SMALL + 1])
            if len(small) <= SMALL:
                names = [choices.label(o) for o in small]
                repeated = {n for n in names if names.count(n) > 1}
                details = choices.details([o for o, n in zip(small, names, strict=True) if n in repeated])
                chosen = {o.pk for o in picked["objects"]}
                options = [
                    {
                        "pk": o.pk,
                        "name": n,
                        "label": n + (f" ({details.get(o.pk)})" if n in repeated and details.get(o.pk) else ""),
                        "selected": o.pk in chosen,
                    }
                    for o, n in zip(small, names, strict=True)
                ]
        single = picked["objects"][0] if picked["objects"] and not self.multiple else None
        context["picker"] = {
            "url": choices.url() if choices is not None else "",
            "multiple": self.multiple,
            "options": options,
            "objects": [{"pk": o.pk, "label": choices.label(o) if choices else str(o)} for o in picked["objects"]],
            "text": picked["text"] if single is None else (choices.label(single) if choices else str(single)),
            "value": single.pk if single is not None else "",
            "on_field": self.on_field,
            "text_name": name + TEXT_SUFFIX,
            "placeholder": self.placeholder,
        }
        return context


class PickerField(forms.Field):
    """One thing (or several, with `multiple`) chosen among `choices`; see the module's docstring.

    `on_field`: the name of the form's date field; when set, only the things that exist on that day may be chosen
    (`Choices.queryset(on=…)`)."""

    widget = PickerWidget
    default_error_messages = {
        "invalid_choice": _("This is not one you may choose here."),
    }

    def __init__(self, *, choices: Choices | None = None, multiple: bool = False, on_field: str = "", **kwargs):
        self.multiple = multiple
        self.on_field = on_field
        self._form = None
        if multiple:
            kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.multiple = multiple
        self.widget.on_field = on_field
        self.choices = choices

    @property
    def choices(self) -> Choices | None:
        return self._choices

    @choices.setter
    def choices(self, value: Choices | None) -> None:
        self._choices = value
        self.widget.choices_for = value

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.choices_for = result._choices
        return result

    def get_bound_field(self, form, field_name):
        self._form = form  # the form's date, for `on_field` (each form holds its own copy of the field)
        return super().get_bound_field(form, field_name)

    def _day(self):
        if not self.on_field or self._form is None:
            return None
        form = self._form
        if form.is_bound:
            return parse_day(form.data.get(form.add_prefix(self.on_field)))
        return parse_day(form.get_initial_for_field(form.fields[self.on_field], self.on_field))

    def prepare_value(self, value):
        """What the widget shows: the things chosen (from an id, a code, an object or the submitted data) and any
        text that named none of them."""
        if isinstance(value, dict) and "objects" in value:
            return value
        if isinstance(value, dict):  # submitted data: ids, or codes and names sent without the script
            objects, text = self._known(value["ids"]) or self._named(value["ids"]), value["text"]
            if objects and not self.multiple and text and not self._names(objects[0], text):
                objects = []
            if not objects and text and not self.multiple and self.choices is not None:
                # typed and not picked (a code, a full name): shown chosen when it names exactly one, else a <select>
                # (which has no text box) would drop it when the form comes back (an htmx row added, an error)
                found = list(self.choices.exact(self.choices.queryset(), text)[:2])
                objects = found if len(found) == 1 else []
            return {"objects": objects, "text": text}
        values = value if isinstance(value, (list, tuple, QuerySet)) else ([] if value in (None, "") else [value])
        objects = [v for v in values if hasattr(v, "pk")]
        keys = [str(v) for v in values if not hasattr(v, "pk")]
        if keys and self.choices is not None:
            objects += self._known(keys) or [
                o for key in keys for o in self.choices.exact(self.choices.queryset(), key)[:1]
            ]
        return {"objects": objects, "text": "" if objects else ", ".join(keys)}

    def _known(self, ids) -> list:
        pks = [int(i) for i in ids if str(i).isdigit()]
        if not pks or self.choices is None:
            return []
        found = {o.pk: o for o in self.choices.queryset().filter(pk__in=pks)}
        return [found[pk] for pk in dict.fromkeys(pks) if pk in found]

    def _named(self, keys) -> list:
        """The things `keys` name by code or exact name (a form posted without the picker's script, or by a test),
        so that a refused form shows them again instead of dropping them."""
        keys = [key for key in keys if not str(key).isdigit()]
        if not keys or self.choices is None:
            return []
        qs = self.choices.queryset()
        return [o for key in keys for o in self.choices.exact(qs, key)[:1]]

    def _names(self, obj, text: str) -> bool:
        """Whether `text` still names `obj` (the picker shows its label; someone may have typed its code)."""
        return same_text(self.choices.label(obj), text) or obj in self.choices.exact(
            self.choices.queryset().filter(pk=obj.pk), text
        )

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        # A value given directly (initial of a disabled field, tests): objects, ids, codes or names
        values = value if isinstance(value, (list, tuple, QuerySet)) else ([] if value in (None, "") else [value])
        return {"ids": [str(v.pk) if hasattr(v, "pk") else str(v) for v in values], "text": ""}

    def has_changed(self, initial, data):
        """Whether the choice differs from `initial` (formsets skip their untouched extra rows by it)."""
        if self.disabled:
            return False
        value = self.to_python(data)
        before = self.prepare_value(initial)["objects"] if initial not in (None, "", []) else []
        if sorted(value["ids"]) != sorted(str(o.pk) for o in before):
            return True
        labels = {self.choices.label(o) for o in before} if self.choices is not None else set()
        return bool(value["text"]) and (self.multiple or value["text"] not in labels)

    def validate(self, value):
        pass  # done in clean(), which knows whether anything was chosen

    def clean(self, value):
        value = self.to_python(value)
        if self.choices is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        day = self._day()
        qs = self.choices.queryset(on=day)
        chosen, numeric_codes = self._chosen_ids(qs, value)
        texts = self._texts(value, chosen, numeric_codes)
        found = chosen + [self.choices.resolve(t, on=day) for t in texts]
        found = list({o.pk: o for o in found}.values())
        if not found:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [] if self.multiple else None
        self.run_validators(found)
        return found if self.multiple else found[0]

    def _chosen_ids(self, qs, value) -> tuple[list, list[str]]:
        """The things chosen by id, re-checked against what may be chosen here (an id outside it is refused), and
        the numbers that are no id here but a code (typed in the old forms)."""
        pks = [int(i) for i in value["ids"] if i.isdigit()]
        found = {o.pk: o for o in qs.filter(pk__in=pks)} if pks else {}
        numeric_codes = []
        for pk in (pk for pk in pks if pk not in found):
            if not self.choices.exact(qs, str(pk)):
                raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            numeric_codes.append(str(pk))
        chosen = [found[pk] for pk in dict.fromkeys(pks) if pk in found]
        if chosen and not self.multiple and value["text"] and not self._names(chosen[0], value["text"]):
            return [], numeric_codes  # the text was changed after choosing: it is what the user means
        return chosen, numeric_codes

    def _texts(self, value, chosen, numeric_codes) -> list[str]:
        """What was typed rather than chosen: codes in the id slot (the old forms, the API), and the text box when
        it does not just show the chosen thing."""
        typed = [i for i in value["ids"] if not i.isdigit()] + numeric_codes
        text = value["text"]
        if text and not (chosen and not self.multiple):
            typed.append(text)
        if self.multiple:  # "a; b", "a, b", and codes separated by spaces as the old forms took them
            pieces = [p.strip() for t in typed for p in _SEPARATORS.split(t)]
            typed = [code for piece in pieces if piece for code in self._split(piece)]
        return list(dict.fromkeys(typed))

    def _split(self, piece: str) -> list[str]:
        """A piece between semicolons: one name (which may hold a comma), or several separated by commas."""
        if "," not in piece or self.choices.exact(self.choices.queryset(), piece):
            return self._split_codes(piece)
        return [code for part in piece.split(",") if part.strip() for code in self._split_codes(part.strip())]

    def _split_codes(self, text: str) -> list[str]:
        """Several codes separated by spaces (as the old field took them) when the text names nothing as a whole."""
        if " " not in text or self.choices.exact(self.choices.queryset(), text):
            return [text]
        parts = text.split()
        qs = self.choices.queryset()
        return parts if all(self.choices.exact(qs, p) for p in parts) else [text]


def suggestions_page(request, choices_class: type[Choices], default: Choices):
    """The suggestion endpoint's answer: an HTML fragment of options (the `<li role="option">` a listbox holds) for
    `?q=`, among the choices the signed `?t=` describes for the user asking (`default` without a token; nothing
    with a token that is not theirs), on the day `?on=` when the field has one."""
    from django.shortcuts import render

    token = request.GET.get("t")
    choices = choices_class.from_token(request.user, token) if token else default
    text = normalise(request.GET.get("q", ""))[:200]
    options = choices.suggest(text, on=parse_day(request.GET.get("on"))) if choices is not None else []
    return render(request, "core/partials/_picker_options.html", {"options": options})


def label_by_row(form: forms.Form, name: str) -> None:
    """In a formset laid out as a table (no <label> per cell), name the picker of row n "<its label> n"."""
    row = (form.prefix or "").rsplit("-", 1)[-1]
    number = int(row) + 1 if row.isdigit() else ""
    form.fields[name].widget.attrs["aria-label"] = f"{form.fields[name].label} {number}".strip()
