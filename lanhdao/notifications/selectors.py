from django.db.models import QuerySet

from lanhdao.accounts.selectors import clearance_of

from .models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    """The user's notifications, without those about a record above their clearance (README "Confidentiality"): a
    clearance lowered since they were written hides them too."""
    return Notification.objects.filter(user=user, confidentiality__lte=clearance_of(user))


def unread_count(user) -> int:
    return notifications_for(user).filter(read_at__isnull=True).count()


def unread_for(user) -> QuerySet[Notification]:
    """The user's unread notifications, the newest first (home page)."""
    return notifications_for(user).filter(read_at__isnull=True).order_by("-created_at", "-pk")
