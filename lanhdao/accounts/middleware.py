"""The sign-in gate: a session that has given its password but still owes its second factor or a new password
reaches nothing but the steps that settle it, and signing out."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .second_factor import session_verified
from .selectors import needs_second_factor

# The views a session owing a step may reach besides that step: signing out, the language switch, and the token
# endpoint (which checks the password and the code itself). The second factor comes first: whoever knows only the
# password must not be able to change it.
OPEN_VIEWS = {"logout", "set_language", "api-token"}
STEP_VIEWS = {
    "accounts:second_factor": {"accounts:second_factor", "accounts:second_factor_enrol"},
    "accounts:own_password": {"accounts:own_password"},
}


def owed_step(request) -> str | None:
    """The URL name of the step `request.user` still owes, or None when the sign-in is complete."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None
    if needs_second_factor(user) and not session_verified(request):
        return "accounts:second_factor"
    if user.must_change_password:
        return "accounts:own_password"
    return None


class SignInGateMiddleware:
    """After AuthenticationMiddleware and LoginRequiredMiddleware. The API answers 403 with
    the reason (token-authenticated calls are checked by `accounts.authentication`); pages redirect to the step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in OPEN_VIEWS:
            return None
        step = owed_step(request)
        if step is None or name in STEP_VIEWS[step]:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": step_message(step)}, status=403)
        if not getattr(view_func, "login_required", True):
            # a public page (the sign-in page, the published plans) shows nothing of the account
            return None
        url = reverse(step)
        if request.method == "GET" and name != "home":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


def step_message(step: str) -> str:
    if step == "accounts:second_factor":
        return _(
            "This account signs in with a second factor: enter the code of your authenticator app on the sign-in "
            "pages first (an API token is issued with the `otp` code)."
        )
    return _("This account must change its password first: set a new one on the password page.")
