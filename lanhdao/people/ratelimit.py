"""A small rate limit per client address for the pages anyone may open without signing in.

Fixed windows on Django's cache (LocMemCache by default; with several server processes, configure a shared cache
such as Redis or the database cache, or each process counts on its own). The client address is REMOTE_ADDR: behind
a reverse proxy, the proxy must set it (e.g. a WSGI server's forwarded-address option), never a header the client
could choose.
"""

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _


def public_limit() -> int:
    """Requests a minute one address may make to the public pages (`LANHDAO_PUBLIC_RATE_LIMIT`, default 60)."""
    return int(getattr(settings, "LANHDAO_PUBLIC_RATE_LIMIT", 60))


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit(scope: str, address: str, *, window: int = 60, now: float | None = None) -> int:
    """Count one request of `address` in the current window of `scope`; the number of requests so far in it."""
    now = time.time() if now is None else now
    key = f"lanhdao:ratelimit:{scope}:{address}:{int(now // window)}"
    cache.add(key, 0, timeout=window + 5)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        return 1


def rate_limited(scope: str, *, limit: Callable[[], int] = public_limit, window: int = 60):
    """Answer 429 (with Retry-After) once an address has made more than `limit()` requests in the window."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            now = time.time()
            if hit(scope, client_address(request), window=window, now=now) > limit():
                retry = window - int(now) % window
                message = _("Too many requests from your address. Please wait a minute and try again.")
                response = render(request, "people/public/too_many.html", {"message": message}, status=429)
                response["Retry-After"] = str(retry)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
