"""A create submitted twice makes one record: one mechanism, one table (core.SubmissionKey), for pages and the API.

Pages: every form rendered with `{% csrf_token %}` also carries a one-time token (the tag is overridden by
core/templatetags/submission.py, a builtin library). On the create views (CREATE_VIEWS) the middleware claims the token
with an INSERT before the view runs; the unique (user, key) is the lock, so two submissions at the same moment cannot
both pass. A token is kept only when its request succeeded (a redirect, Post/Redirect/Get): a second submission of it
is redirected to the first one's result. When the request did not succeed (the form came back with errors, or an
error page) the token is released, so the user corrects the form and sends it again. A second submission that arrives
while the first is still running waits a few seconds for it, then is answered with its result or 409.

The token is checked only where records are created (CREATE_VIEWS, kept complete by a test that walks the URLs): a
form that edits is sent again on purpose (after Back), and replaying its first result would silently drop the second
change. A POST without a token is served as before.

API: a POST that carries an `Idempotency-Key` header (1 to 255 visible characters, chosen by the client, e.g. a UUID)
is claimed the same way, for the calling user. A 2xx answer is stored (status, Location, body) and replayed for a
repeat of the key, marked `Idempotent-Replayed: true`; any other answer releases the key. The same key sent with a
different request (method, path or body) is refused with 422; a repeat while the first is running gets 409.

Keys are kept for KEEP (a day): `lanhdao remind` (daily) deletes older ones, with the stored answers.
"""

import datetime
import hashlib
import secrets
import time

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SubmissionKey

FIELD = "_submission"  # the form field of the one-time token
HEADER = "Idempotency-Key"
KEEP = datetime.timedelta(days=1)
WAIT_SECONDS = 5.0  # how long a duplicate waits for the first submission to finish
MAX_STORED_BODY = 1024 * 1024

# The page views that create records ("namespace:name"). core/tests/test_idempotence.py fails for a create-like URL
# that is neither here nor in NOT_CREATES.
CREATE_VIEWS = frozenset(
    {
        "org:unit_create",
        "staffing:target_create",
        "accounts:user_create",
        "documents:document_create",
        "documents:link_add",
        "documents:attachment_add",
        "work:task_create",
        "work:task_import",
        "meetings:meeting_create",
        "meetings:agenda_add",
        "meetings:participants_add",
        "meetings:submission_create",
        "meetings:responsibility_create",
        "people:visit_create",
        "people:dialogue_create",
        "people:schedule_create",
        "people:day_create",
        "people:petition_create",
        "people:plan_create",
        "members:member_create",
        "cadres:position_create",
        "cadres:succession_create",
        "cadres:training_create",
        "cadres:movement_create",
        "cadres:nomination_create",
        "members:import",
        "members:import_positions",
        "inspections:inspection_create",
        "inspections:programme_create",
        "inspections:discipline_create",
        "restructuring:operate",
        "campaigns:open",
        "campaigns:report_relay",
    }
)


def new_token() -> str:
    return secrets.token_urlsafe(18)


def claim(user, key: str, fingerprint: str) -> SubmissionKey | None:
    """None when this request now holds `key` (it was free); otherwise the submission that holds it."""
    for _attempt in range(2):  # the holder may release it between the INSERT and the read
        try:
            with transaction.atomic():
                SubmissionKey.objects.create(user=user, key=key, fingerprint=fingerprint)
            return None
        except IntegrityError:
            held = SubmissionKey.objects.filter(user=user, key=key).first()
            if held is not None:
                return held
    return SubmissionKey.objects.filter(user=user, key=key).first()


def release(user, key: str) -> None:
    SubmissionKey.objects.filter(user=user, key=key, status=SubmissionKey.Status.IN_FLIGHT).delete()


def wait_for(held: SubmissionKey, seconds: float = WAIT_SECONDS) -> SubmissionKey | None:
    """`held` once done, None if it was released or is still running after `seconds`."""
    deadline = time.monotonic() + seconds
    while held.status == SubmissionKey.Status.IN_FLIGHT:
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.2)
        held = SubmissionKey.objects.filter(pk=held.pk).first()
        if held is None:
            return None
    return held


def forget_old(now: datetime.datetime | None = None) -> int:
    """Delete the keys older than KEEP (with their stored answers); the number deleted."""
    deleted, _by_model = SubmissionKey.objects.filter(created_at__lt=(now or timezone.now()) - KEEP).delete()
    return deleted


def _fingerprint(request, *, body: bool) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}".encode())
    if body:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if request.content_type == "multipart/form-data" or length > MAX_STORED_BODY:
            digest.update(str(length).encode())  # an upload is not read into memory here
        else:
            digest.update(request.body)
    return digest.hexdigest()


def _api_user(request):
    """The caller as the API authenticates it (session, token or a test's force_authenticate), or None."""
    from rest_framework.request import Request
    from rest_framework.settings import api_settings

    try:
        user = Request(request, authenticators=[auth() for auth in api_settings.DEFAULT_AUTHENTICATION_CLASSES]).user
    except Exception:  # a refused token or a failed CSRF check: the view answers that itself
        return None
    return user if getattr(user, "is_authenticated", False) else None


def _is_api(view_func) -> bool:
    from rest_framework.views import APIView

    cls = getattr(view_func, "cls", None)
    return isinstance(cls, type) and issubclass(cls, APIView)


class SubmissionMiddleware:
    """Claims the token of a create form or the Idempotency-Key of an API POST before the view runs (after the CSRF
    and authentication middleware), and records or releases it from the view's answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        held = getattr(request, "_submission", None)
        if held is not None:
            self._finish(request, held, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        if _is_api(view_func):
            return self._api(request)
        match = request.resolver_match
        key = request.POST.get(FIELD, "") if match and match.view_name in CREATE_VIEWS else ""
        if not key or not request.user.is_authenticated:
            return None
        held = claim(request.user, key[:255], _fingerprint(request, body=False))
        if held is None:
            request._submission = ("page", request.user, key[:255])
            return None
        done = wait_for(held)
        if done is not None and done.location and done.fingerprint == _fingerprint(request, body=False):
            messages.info(request, _("This form had already been sent; here is what it created."))
            return redirect(done.location)
        return render(request, "core/already_sent.html", status=409)

    def _api(self, request):
        key = request.headers.get(HEADER)
        if key is None:
            return None
        if not 1 <= len(key) <= 255 or not key.isascii() or not key.isprintable():
            return JsonResponse(
                {"detail": _("The Idempotency-Key header must be 1 to 255 visible characters.")}, status=400
            )
        user = _api_user(request)
        if user is None:
            return None
        fingerprint = _fingerprint(request, body=True)
        held = claim(user, key, fingerprint)
        if held is None:
            request._submission = ("api", user, key)
            return None
        if held.fingerprint != fingerprint:
            message = _("This Idempotency-Key was already used for a different request.")
            return JsonResponse({"detail": message}, status=422)
        done = wait_for(held)
        if done is None:
            message = _("A request with this Idempotency-Key is still being processed; try again later.")
            return JsonResponse({"detail": message}, status=409)
        response = HttpResponse(done.body, status=done.response_status, content_type=done.content_type or None)
        if done.location:
            response["Location"] = done.location
        response["Idempotent-Replayed"] = "true"
        return response

    def _finish(self, request, held, response) -> None:
        kind, user, key = held
        succeeded = 300 <= response.status_code < 400 if kind == "page" else 200 <= response.status_code < 300
        if not succeeded:
            release(user, key)
            return
        values = {
            "status": SubmissionKey.Status.DONE,
            "response_status": response.status_code,
            "location": response.get("Location", "")[:2000],
        }
        if kind == "api" and not getattr(response, "streaming", False) and len(response.content) <= MAX_STORED_BODY:
            values |= {
                "body": response.content.decode(response.charset or "utf-8", errors="replace"),
                "content_type": response.get("Content-Type", "")[:200],
            }
        SubmissionKey.objects.filter(user=user, key=key).update(**values)
