from .selectors import unread_count


def unread(request):
    """The unread count in the header: one indexed count per page for signed-in users."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
