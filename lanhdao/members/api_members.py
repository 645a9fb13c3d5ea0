"""Members and transfers over REST: list, introduce, read, edit, each step of the admission pipeline; send, receive and
cancel transfers.

Scoped like the pages: a member outside the caller's scope answers 404, a write without the right to manage the
member's records 403. Personal fields appear only in a member's own answer, only when the caller may see them, and
every such answer is logged. Classifications, awards and badges are in api_evaluations.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lanhdao.audit.api import HistoryMixin
from lanhdao.audit.models import Action
from lanhdao.core.api import valid
from lanhdao.core.params import parse_id_param, parse_year
from lanhdao.org.permissions import access_unit

from . import selectors, services, services_transfers
from . import serializers as s
from .models import Member, Transfer
from .permissions import access_member, access_transfer, log_personal_view, may_see_personal
from .stages import Stage


def member_answer(request, member: Member, *, status_code=status.HTTP_200_OK) -> Response:
    """One member with their history; the personal fields when the caller may see them (and then logged)."""
    member = access_member(request.user, member.pk)
    personal = may_see_personal(request.user, member.unit)
    if personal:
        log_personal_view(request.user, member, via="api")
    member = (
        selectors.members_for(request.user)
        .select_related("unit")
        .prefetch_related(
            "placements__unit", "transfers__from_unit", "transfers__to_unit", "evaluations__member", "awards", "badges"
        )
        .get(pk=member.pk)
    )
    return Response(s.MemberDetailSerializer(member, context={"personal": personal}).data, status=status_code)


MEMBER_PARAMETERS = [
    OpenApiParameter("unit", int, description="This unit's subtree"),
    OpenApiParameter("stage", str, enum=Stage.values),
    OpenApiParameter("q", str, description="Name or party card number, with or without diacritics"),
    OpenApiParameter("probation_overdue", bool, description="Probation ended without a decision"),
]


@extend_schema(tags=["members"])
class MemberViewSet(HistoryMixin, viewsets.GenericViewSet):
    """Party members and candidates on the units in the caller's scope (chi bộ, đảng viên, kết nạp)."""

    serializer_class = s.MemberSerializer
    queryset = Member.objects.none()  # for the schema only: reads go through members_for / access_member

    @extend_schema(parameters=MEMBER_PARAMETERS)
    def list(self, request):
        params = request.query_params
        qs = selectors.members_for(request.user)
        if params.get("unit"):
            qs = selectors.in_subtree(qs, access_unit(request.user, params["unit"]))
        overdue = timezone.localdate() if params.get("probation_overdue") in {"1", "true"} else None
        qs = selectors.filter_members(qs, stage=params.get("stage", ""), query=params.get("q", ""), overdue_on=overdue)
        page = self.paginate_queryset(qs.select_related("unit").order_by("unit_path", "full_name", "pk"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    @extend_schema(responses=s.MemberDetailSerializer)
    def retrieve(self, request, pk=None):
        """The member with their placements, transfers, classifications, awards, badges; the personal fields only
        when the caller may see them, and then the view is logged."""
        return member_answer(request, access_member(request.user, pk))

    @extend_schema(request=s.MemberCreateSerializer, responses={201: s.MemberDetailSerializer})
    def create(self, request):
        """Introduce a candidate (the first step of admission)."""
        fields = valid(s.MemberCreateSerializer, request)
        fields["unit"] = access_unit(request.user, fields["unit"])
        member = services.member_introduce(actor=request.user, **fields)
        return member_answer(request, member, status_code=status.HTTP_201_CREATED)

    @extend_schema(request=s.RecordFieldsSerializer, responses=s.MemberDetailSerializer)
    def partial_update(self, request, pk=None):
        member = access_member(request.user, pk, write=True)
        data = valid(s.RecordFieldsSerializer, request)
        member = services.member_update(actor=request.user, member=member, data=data)
        return member_answer(request, member)

    def _step(self, request, pk, serializer, service):
        member = access_member(request.user, pk, write=True)
        member = service(actor=request.user, member=member, **valid(serializer, request))
        return member_answer(request, member)

    @extend_schema(request=s.TrainedSerializer, responses=s.MemberDetailSerializer)
    @action(detail=True, methods=["post"])
    def trained(self, request, pk=None):
        """The candidate completed the course on the Party."""
        return self._step(request, pk, s.TrainedSerializer, services.member_mark_trained)

    @extend_schema(request=s.ProposeSerializer, responses=s.MemberDetailSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        """The cell proposes the candidate for admission."""
        return self._step(request, pk, s.ProposeSerializer, services.member_propose)

    @extend_schema(request=s.AdmitSerializer, responses=s.MemberDetailSerializer)
    @action(detail=True, methods=["post"])
    def admit(self, request, pk=None):
        """Admission by decision: probationary for twelve months from `admitted_on`."""
        return self._step(request, pk, s.AdmitSerializer, services.member_admit)

    @extend_schema(request=s.RecogniseSerializer, responses=s.MemberDetailSerializer)
    @action(detail=True, methods=["post"])
    def recognise(self, request, pk=None):
        """Recognition as a full member, on or after the end of the probation."""
        return self._step(request, pk, s.RecogniseSerializer, services.member_recognise)

    @extend_schema(request=s.NotRecogniseSerializer, responses=s.MemberDetailSerializer)
    @action(detail=True, methods=["post"], url_path="not-recognise")
    def not_recognise(self, request, pk=None):
        """Not recognised as a full member: the membership ends."""
        return self._step(request, pk, s.NotRecogniseSerializer, services.member_not_recognise)

    @extend_schema(request=s.MemberEndSerializer, responses=s.MemberDetailSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """The membership ends (expelled, removed, resigned, died, withdrawn)."""
        return self._step(request, pk, s.MemberEndSerializer, services.member_end)

    def history_record(self, pk):
        """The record's changes hold personal data: only for those who may see it, and the view is logged."""
        member = access_member(self.request.user, pk)
        if not may_see_personal(self.request.user, member.unit):
            raise PermissionDenied(_("The history of a member's record is shown to those who may see their data."))
        log_personal_view(self.request.user, member, via="api history")
        return member

    def history_entries(self, entries):
        return entries.exclude(action=Action.VIEW)  # the views of the record are counted apart


def destination(fields: dict):
    unit = selectors.party_organisation(pk=fields.pop("to_unit"), code=fields.pop("to_unit_code"))
    if unit is None:
        raise ValidationError({"to_unit": [_("No party organisation with this id or code.")]})
    return unit


@extend_schema(tags=["members"])
class TransferViewSet(viewsets.GenericViewSet):
    """Transfers of party activity (chuyển sinh hoạt đảng) from or to a unit in the caller's scope: a pending
    transfer to one's unit is seen before the member is."""

    serializer_class = s.TransferSerializer
    queryset = Transfer.objects.none()  # for the schema only

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, description="From or to this unit's subtree"),
            OpenApiParameter("pending", bool, description="Only those waiting to be received"),
            OpenApiParameter("incoming", bool, description="With `unit`: pending transfers into its subtree"),
            OpenApiParameter("member", int),
        ]
    )
    def list(self, request):
        params = request.query_params
        qs = selectors.transfers_for(request.user)
        if params.get("unit"):
            unit = access_unit(request.user, params["unit"])
            if params.get("incoming") in {"1", "true"}:
                qs = selectors.incoming_transfers(request.user, unit)
            else:
                qs = selectors.transfers_in_subtree(qs, unit)
        if params.get("pending") in {"1", "true"}:
            qs = selectors.pending_transfers(qs)
        if (member := parse_id_param(params.get("member"), "member")) is not None:
            qs = qs.filter(member_id=member)
        page = self.paginate_queryset(qs.select_related("member", "from_unit", "to_unit").order_by("-sent_on", "-pk"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.serializer_class(access_transfer(request.user, pk)).data)

    @extend_schema(request=s.TransferWriteSerializer, responses={201: s.TransferSerializer})
    def create(self, request):
        """Send a member to another party organisation: received at once when the caller may also manage the
        destination, otherwise pending until the destination receives it."""
        fields = valid(s.TransferWriteSerializer, request)
        member = access_member(request.user, fields.pop("member"), write=True)
        to_unit = destination(fields)
        transfer = services_transfers.transfer_send(actor=request.user, member=member, to_unit=to_unit, **fields)
        return Response(self.serializer_class(transfer).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReceiveSerializer, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        transfer = access_transfer(request.user, pk, write=True)
        received_on = valid(s.ReceiveSerializer, request)["received_on"]
        services_transfers.transfer_receive(actor=request.user, transfer=transfer, received_on=received_on)
        return Response(self.serializer_class(access_transfer(request.user, pk)).data)

    @extend_schema(request=s.NoteSerializer, responses=s.TransferSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        transfer = access_transfer(request.user, pk, write=True)
        note = valid(s.NoteSerializer, request)["note"]
        transfer = services_transfers.transfer_cancel(actor=request.user, transfer=transfer, note=note)
        return Response(self.serializer_class(access_transfer(request.user, pk)).data)


def year_param(request, default: int | None = None) -> int:
    year = parse_year(request.query_params.get("year"), "year")
    if year is not None:
        return year
    if default is None:
        raise ValidationError({"year": [_("Give the year.")]})
    return default


def today() -> datetime.date:
    return timezone.localdate()
