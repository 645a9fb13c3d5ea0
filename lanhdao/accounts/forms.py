from django import forms
from django.utils.translation import gettext_lazy as _

from lanhdao.org.picker import UnitField

from .roles import Clearance, Role


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    clearance = forms.TypedChoiceField(label=_("Clearance"), choices=Clearance.choices, coerce=int, initial=0)
    unit = UnitField()
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, units, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].units = units
        if roles is not None:
            self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    clearance = forms.TypedChoiceField(label=_("Clearance"), choices=Clearance.choices, coerce=int)
    is_active = forms.BooleanField(label=_("Account active"), required=False)


class RoleGrantForm(forms.Form):
    unit = UnitField()
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, units, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].units = units
        self.fields["unit"].widget.attrs["aria-label"] = self.fields["unit"].label  # shown in a toolbar, unlabelled
        if roles is not None:  # only the roles the user may give somewhere (the service checks the unit)
            self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]


class PasswordForm(forms.Form):
    password = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("New password again"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class OwnPasswordForm(PasswordForm):
    """One's own password: the current one first, so that a session left open does not give the account away."""

    current_password = forms.CharField(
        label=_("Current password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )
    field_order = ["current_password", "password", "password2"]


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )
