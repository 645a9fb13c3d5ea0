"""The browser tests' live server shares one SQLite connection among its request threads (Django hands the test
database's in-memory connection to the server thread, and its threaded server answers each request in a thread of its
own). Requests at the same moment — the panels a page loads through htmx — can then meet inside that one connection,
and one of them may read no session and be sent to the sign-in page. This middleware, first in the test settings on
SQLite only, lets one request at a time use the database; PostgreSQL gives each thread its own connection."""

import threading

_one_at_a_time = threading.Lock()


class SerialRequestsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with _one_at_a_time:
            return self.get_response(request)
