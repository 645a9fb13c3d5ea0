from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .selectors import home_for


@require_GET
def home(request):
    """The first page after sign-in: the user's own work (see selectors)."""
    sections = home_for(request.user, today=timezone.localdate())
    context = {
        **sections,
        "decisions_waiting": [s for s in sections["decisions"] if s.items],
    }
    return render(request, "home/home.html", context)
