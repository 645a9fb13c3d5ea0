from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from lanhdao.core.paging import paginate

from .selectors import notifications_for
from .services import mark_read


@require_GET
def notification_list(request):
    page = paginate(request, notifications_for(request.user))
    return render(request, "notifications/list.html", {"page": page, "query": ""})


@require_POST
def notification_read_all(request):
    mark_read(user=request.user)
    return redirect("notifications:list")
