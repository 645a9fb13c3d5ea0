"""Telling people: an in-app notification and, where the user has an address, an e-mail (Django's mailers)."""

import logging
from collections.abc import Iterable

from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from lanhdao.accounts.selectors import may_open

from .models import Notification
from .selectors import notifications_for

log = logging.getLogger(__name__)


def notify(
    *, users: Iterable, title: str, body: str = "", url: str = "", email: bool = True, confidentiality: int = 0
) -> list[Notification]:
    """One notification per active user (duplicates dropped); e-mail failures are logged, never raised, so a dead
    mail relay cannot stop a reminder run.

    `confidentiality` is the level of the record the notification names (a task: task.confidentiality). A user below
    it never sees the notification (notifications.selectors) nor gets an e-mail; the e-mail about a confidential
    record says only that there is one and where to sign in: mail leaves the system, its text would too."""
    level = int(confidentiality or 0)
    unique = {u.pk: u for u in users if u is not None and u.is_active}
    rows = Notification.objects.bulk_create(
        [
            Notification(user=u, title=title[:300], body=body, url=url[:300], confidentiality=level)
            for u in unique.values()
        ]
    )
    if email:
        if level:
            subject = _("You have a new confidential notice")
            text = _("You have a new confidential notice. Sign in to read it:")
            message = f"{text}\n\n{url}".strip()
        else:
            subject, message = title[:200], f"{body}\n\n{url}".strip()
        for user in unique.values():
            if not user.email or not may_open(user, level):
                continue
            try:
                send_mail(subject, message, None, [user.email])
            except Exception:  # the in-app notification is there; the relay is someone else's outage
                log.exception("e-mail to %s failed", user.email)
    return rows


def mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    qs = notifications_for(user).filter(read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
