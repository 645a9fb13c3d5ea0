"""Telling people: an in-app notification and, where the user has an address, an e-mail (Django's mailers)."""

import logging
from collections.abc import Iterable

from django.core.mail import send_mail
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)


def notify(*, users: Iterable, title: str, body: str = "", url: str = "", email: bool = True) -> list[Notification]:
    """One notification per active user (duplicates dropped); e-mail failures are logged, never raised, so a dead
    mail relay cannot stop a reminder run."""
    unique = {u.pk: u for u in users if u is not None and u.is_active}
    rows = Notification.objects.bulk_create(
        [Notification(user=u, title=title[:300], body=body, url=url[:300]) for u in unique.values()]
    )
    if email:
        for user in unique.values():
            if not user.email:
                continue
            try:
                send_mail(title[:200], f"{body}\n\n{url}".strip(), None, [user.email])
            except Exception:  # the in-app notification is there; the relay is someone else's outage
                log.exception("e-mail to %s failed", user.email)
    return rows


def mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
