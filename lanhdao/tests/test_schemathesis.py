"""Schemathesis over the whole OpenAPI schema, in-process, against the demo data: no operation ever answers 5xx.

The schema is drf-spectacular's, generated in-process; each generated case goes through Django's test client signed
in (force_login) as `admin`, the demo's superuser (every unit, every clearance: no operation stops at a 404 of scope
before the code that parses its input). The whole demo is loaded (10-60 s depending on the machine's load: a reduced
load would leave some endpoints without rows), so that small generated ids and filters meet real rows. Each
operation gets a bounded number of examples, positive (valid by the schema) and negative (malformed ids, filters,
dates and bodies), derandomized so that a run is reproducible: about 2,800 cases in 1-3 minutes.

The check is schemathesis' `not_a_server_error`: a 5xx answer, or an exception escaping a view, fails the test with
the operation, the request and the traceback of every case that broke.
"""

import logging
import os
import time
import traceback
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import got_request_exception
from django.test import Client
from django.test.utils import override_settings
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from conftest import verify_second_factor
from lanhdao.accounts.models import User
from lanhdao.accounts.selectors import needs_second_factor
from lanhdao.core.management.commands.demo import QUIET_MAIL, demo_modules

# Examples per operation and generation mode; LANHDAO_FUZZ_EXAMPLES raises it for a longer run by hand.
EXAMPLES = int(os.environ.get("LANHDAO_FUZZ_EXAMPLES", "6"))
ACCOUNT = "admin"


def load_demo():
    for module in demo_modules():
        with override_settings(MAILERS=QUIET_MAIL):
            module.load_demo()


def _verify_second_factor(client, user) -> None:
    """Mark the session verified by the account's authenticator when the account needs a second factor (the
    fuzzing is about the API's input, not the sign-in steps, which lanhdao/accounts/tests cover)."""
    if needs_second_factor(User.objects.get(pk=user.pk)):
        verify_second_factor(client, user)


class InProcessApp:
    """A WSGI application that hands each request to Django's test client, signed in as `user`: the client keeps
    the test's database connection and transaction (a bare WSGI handler would close it after each request)."""

    def __init__(self, user):
        self.client = Client(raise_request_exception=False)
        self.client.force_login(user)
        _verify_second_factor(self.client, user)
        self.errors: list[str] = []
        got_request_exception.connect(self._record, dispatch_uid="schemathesis-app")

    def _record(self, sender, request=None, **kwargs):
        self.errors.append(traceback.format_exc())

    def close(self):
        got_request_exception.disconnect(dispatch_uid="schemathesis-app")

    def __call__(self, environ, start_response):
        environ = {k: v for k, v in environ.items() if k != "HTTP_COOKIE"}
        response = self.client.request(**environ)
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return [response.content]


def _cause(errors: list[str]) -> str:
    """The last line of the traceback and the deepest frame in lanhdao: one line per distinct cause."""
    if not errors:
        return "5xx without an exception"
    lines = errors[-1].strip().splitlines()
    frames = [line.strip() for line in lines if line.strip().startswith('File "') and "/lanhdao/" in line]
    return f"{lines[-1]} at {frames[-1] if frames else '?'}"


@contextmanager
def quiet_logs():
    """Tens of thousands of "Not Found" and "Bad Request" lines would bury the report; 5xx are collected instead."""
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


@contextmanager
def in_process_app(user):
    app = InProcessApp(user)
    try:
        yield app
    finally:
        app.close()


class Run:
    """What the run met: operations, cases and every case that answered 5xx, with its cause."""

    def __init__(self, app: InProcessApp):
        self.app = app
        self.operations = 0
        self.cases = 0
        self.failures: list[str] = []
        self.causes: dict[str, set[str]] = {}

    def fuzz(self, operation, mode: GenerationMode) -> None:
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            self.cases += 1
            self.app.errors.clear()
            try:
                case.call_and_validate(app=self.app, checks=[not_a_server_error])
            except (Exception, BaseExceptionGroup) as error:  # every broken case is reported, not the first alone
                self.failures.append(f"{operation.label} [{mode.value}]\n{error}\n{''.join(self.app.errors)}")
                self.causes.setdefault(operation.label, set()).add(_cause(self.app.errors))

        try:
            run()
        except Unsatisfiable:
            # Nothing in this operation can be made invalid (no parameters, no body).
            assert mode == GenerationMode.NEGATIVE


@pytest.mark.django_db
def test_no_api_operation_answers_a_server_error(capsys):
    started = time.monotonic()
    load_demo()
    loaded = time.monotonic() - started
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    user = User.objects.get(username=ACCOUNT)
    with in_process_app(user) as app, quiet_logs():
        # Signed in for real (a second factor, if the account needs one, must not turn every case into a 403 that
        # would prove nothing).
        assert app.client.get("/api/me/").status_code == 200
        run = Run(app)
        for result in schema.get_all_operations():
            operation = result.ok()
            run.operations += 1
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                run.fuzz(operation, mode)
    duration = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nschemathesis: {run.operations} operations, {run.cases} cases, {len(run.failures)} 5xx; "
            f"demo loaded in {loaded:.0f} s, {duration:.0f} s in all"
        )
        for label, causes in sorted(run.causes.items()):
            print(label, "|", " / ".join(sorted(causes)))
    assert not run.failures, f"{len(run.failures)} cases answered 5xx:\n\n" + "\n\n".join(run.failures[:20])
