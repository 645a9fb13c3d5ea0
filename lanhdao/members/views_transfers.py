"""Pages of transfers of party activity (chuyển sinh hoạt đảng): send from a member's record, the list of a subtree's
transfers (pending ones to it first: they are seen before the member is in scope), receive, cancel."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lanhdao.audit.selectors import history_for
from lanhdao.core.forms import run_service
from lanhdao.core.paging import paginate, query_without_page
from lanhdao.org.kinds import PARTY_ORGANISATIONS
from lanhdao.org.permissions import unit_of_page
from lanhdao.org.picker import unit_choices

from . import selectors, services_transfers
from .forms import ReceiveForm, TransferForm
from .permissions import access_member, access_transfer, may_manage_members
from .views import trail


@require_GET
def transfer_list(request):
    unit = unit_of_page(request)
    qs = selectors.transfers_in_subtree(selectors.transfers_for(request.user), unit)
    state = request.GET.get("state", "")
    if state == "pending":
        qs = selectors.pending_transfers(qs)
    page = paginate(request, qs.select_related("member", "from_unit", "to_unit").order_by("-sent_on", "-pk"))
    context = {
        "unit": unit,
        "trail": trail(request, unit),
        "page": page,
        "query": query_without_page(request),
        "incoming": selectors.incoming_transfers(request.user, unit),
        "state": state,
    }
    if request.htmx:
        return render(request, "members/partials/_transfer_rows.html", context)
    return render(request, "members/transfer_list.html", context)


@require_GET
def transfer_detail(request, pk):
    transfer = access_transfer(request.user, pk)
    user = request.user
    context = {
        "transfer": transfer,
        "can_receive": transfer.is_pending and may_manage_members(user, transfer.to_unit),
        "can_cancel": transfer.is_pending and may_manage_members(user, transfer.from_unit),
        # the member's record is linked only for those who may see it (the destination does once received)
        "member_visible": selectors.members_for(user).filter(pk=transfer.member_id).exists(),
        "receive_form": ReceiveForm(),
        "history": history_for(transfer)[:20],
    }
    return render(request, "members/transfer_detail.html", context)


@require_http_methods(["GET", "POST"])
def transfer_send(request, pk):
    member = access_member(request.user, pk, write=True)
    form = TransferForm(request.POST or None)
    form.fields["to_unit"].units = unit_choices(request.user, kinds=PARTY_ORGANISATIONS, anywhere=True)
    if request.method == "POST" and form.is_valid():
        transfer = run_service(
            form, services_transfers.transfer_send, actor=request.user, member=member, **form.cleaned_data
        )
        if not form.errors:
            if transfer.is_pending:
                messages.success(
                    request, _("Transfer sent: it waits to be received by %(unit)s.") % {"unit": transfer.to_unit}
                )
            else:
                messages.success(request, _("Transferred to %(unit)s.") % {"unit": transfer.to_unit})
            return redirect("members:transfer_detail", pk=transfer.pk)
    context = {
        "form": form,
        "member": member,
        "title": _("Transfer %(name)s") % {"name": member},
        "cancel_url": reverse("members:member_detail", args=[member.pk]),
    }
    return render(request, "members/transfer_form.html", context)


@require_http_methods(["GET", "POST"])
def transfer_receive(request, pk):
    transfer = access_transfer(request.user, pk, write=True)
    form = ReceiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run_service(
            form, services_transfers.transfer_receive, actor=request.user, transfer=transfer, **form.cleaned_data
        )
        if not form.errors:
            messages.success(
                request, _("%(name)s is now active in %(unit)s.") % {"name": transfer.member, "unit": transfer.to_unit}
            )
            return redirect("members:transfer_detail", pk=transfer.pk)
    context = {
        "form": form,
        "member": transfer.member,
        "title": _("Receive %(name)s") % {"name": transfer.member},
        "cancel_url": reverse("members:transfer_detail", args=[transfer.pk]),
    }
    return render(request, "members/transfer_form.html", context)


@require_http_methods(["GET", "POST"])
def transfer_cancel(request, pk):
    transfer = access_transfer(request.user, pk, write=True)
    detail = reverse("members:transfer_detail", args=[transfer.pk])
    if request.method == "POST":
        try:
            services_transfers.transfer_cancel(actor=request.user, transfer=transfer, note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Transfer cancelled."))
        return redirect(detail)
    context = {
        "title": _("Cancel the transfer of %(name)s") % {"name": transfer.member},
        "question": _("Cancel this transfer to %(unit)s? The member stays active in %(from)s.")
        % {"unit": transfer.to_unit, "from": transfer.from_unit},
        "confirm_label": _("Cancel the transfer"),
        "cancel_url": detail,
        "with_note": True,
    }
    return render(request, "core/confirm.html", context)
