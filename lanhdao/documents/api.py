"""The document registry over REST. Everything goes through documents_for / access_document."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from lanhdao.accounts.roles import Clearance
from lanhdao.audit.api import HistoryMixin
from lanhdao.core.params import MAX_PAGE, parse_number
from lanhdao.org.permissions import access_unit
from lanhdao.org.picker import UnitRef

from . import selectors, services
from .models import Attachment, Document, DocumentLink, Relation, System
from .permissions import access_attachment, access_document
from .references import find_references, problem_message
from .search import search_documents
from .symbols import SymbolError, parse_symbol


class DocumentSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "owner",
            "owner_name",
            "system",
            "symbol",
            "kind",
            "number",
            "year",
            "issuer_code",
            "issued_on",
            "term",
            "title",
            "summary",
            "confidentiality",
            "archived_at",
        ]


class DocumentDetailSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "full_text"]


class DocumentWriteSerializer(serializers.Serializer):
    owner = UnitRef()
    symbol = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    system = serializers.ChoiceField(choices=System.choices, required=False, default=System.PARTY)
    kind = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")
    number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    issuer_code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    term = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=30)
    title = serializers.CharField(max_length=500)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    full_text = serializers.CharField(required=False, allow_blank=True, default="")
    confidentiality = serializers.ChoiceField(choices=Clearance.choices, required=False, default=0)


class DocumentUpdateSerializer(DocumentWriteSerializer):
    owner = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class LinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentLink
        fields = ["id", "source", "target", "relation", "created_at"]


class LinkWriteSerializer(serializers.Serializer):
    target = serializers.IntegerField()
    relation = serializers.ChoiceField(choices=Relation.choices)


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class ReferenceSerializer(serializers.Serializer):
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    raw = serializers.CharField()
    symbol = serializers.CharField(allow_null=True)
    kind = serializers.CharField(allow_null=True)
    kind_name = serializers.CharField(allow_null=True)
    number = serializers.CharField(allow_null=True)
    issuer = serializers.CharField(allow_null=True)
    date = serializers.DateField(allow_null=True)
    term = serializers.IntegerField(allow_null=True)
    plenum = serializers.IntegerField(allow_null=True)
    congress = serializers.IntegerField(allow_null=True)
    problems = serializers.ListField(child=serializers.CharField())
    registered = serializers.ListField(child=serializers.IntegerField())


def _issued(params, name: str):
    """A date bound of the list (ISO, as DRF reads dates): 400 under `date` when malformed."""
    if not params.get(name):
        return None
    try:
        return serializers.DateField().to_internal_value(params[name])
    except serializers.ValidationError as error:
        raise ValidationError({"date": error.detail}) from error


def document_filter(request) -> selectors.DocumentFilter:
    """The list's filter from the query string (the page reads the same filter from its search form)."""
    params = request.query_params
    return selectors.DocumentFilter(
        kind=params.get("kind") or "",
        issuer=params.get("issuer") or "",
        term=parse_number(params.get("term"), "term", low=1, high=99),
        issued_from=_issued(params, "date_from"),
        issued_to=_issued(params, "date_to"),
    )


@extend_schema(tags=["documents"])
class DocumentViewSet(HistoryMixin, viewsets.GenericViewSet):
    """Documents the caller may see (unit scope and clearance). Others answer 404."""

    serializer_class = DocumentSerializer
    queryset = Document.objects.none()  # for the schema only: reads go through documents_for / access_document

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words with or without diacritics; results ranked"),
            OpenApiParameter("kind", str),
            OpenApiParameter("issuer", str),
            OpenApiParameter("term", int),
            OpenApiParameter("date_from", str),
            OpenApiParameter("date_to", str),
        ]
    )
    def list(self, request):
        qs = selectors.filter_documents(selectors.documents_for(request.user), document_filter(request))
        params = request.query_params
        if params.get("q"):
            paginator = self.paginator
            size = paginator.get_page_size(request) or 50
            page = parse_number(params.get("page"), "page", low=1, high=MAX_PAGE) or 1
            found = search_documents(qs, params["q"], offset=(page - 1) * size, limit=size)
            return Response(
                {
                    "count": found.total,
                    "typo_fallback": found.typo_fallback,
                    "count_is_lower_bound": found.total_is_lower_bound,
                    "results": DocumentSerializer(found.documents, many=True).data,
                }
            )
        page = self.paginate_queryset(qs.select_related("owner").order_by("-issued_on", "-pk"))
        return self.get_paginated_response(DocumentSerializer(page, many=True).data)

    @extend_schema(responses=DocumentDetailSerializer)
    def retrieve(self, request, pk=None):
        return Response(DocumentDetailSerializer(access_document(request.user, pk)).data)

    @extend_schema(request=DocumentWriteSerializer, responses={201: DocumentDetailSerializer})
    def create(self, request):
        data = DocumentWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        owner = access_unit(request.user, fields.pop("owner"))
        document = services.document_create(actor=request.user, owner=owner, **fields)
        return Response(DocumentDetailSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DocumentUpdateSerializer, responses=DocumentDetailSerializer)
    def partial_update(self, request, pk=None):
        document = access_document(request.user, pk, write=True)
        data = DocumentUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.document_update(actor=request.user, document=document, data=dict(data.validated_data))
        return Response(DocumentDetailSerializer(document).data)

    @extend_schema(request=None, responses=DocumentSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        document = access_document(request.user, pk, write=True)
        services.document_archive(actor=request.user, document=document)
        return Response(DocumentSerializer(document).data)

    @extend_schema(request=LinkWriteSerializer, responses={200: LinkSerializer(many=True), 201: LinkSerializer})
    @action(detail=True, methods=["get", "post"])
    def links(self, request, pk=None):
        document = access_document(request.user, pk, write=request.method == "POST")
        visible = selectors.documents_for(request.user)
        if request.method == "GET":
            links_out, links_in = selectors.links_of(document, visible)
            return Response(LinkSerializer([*links_out, *links_in], many=True).data)
        data = LinkWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = access_document(request.user, data.validated_data["target"])
        link = services.link_create(
            actor=request.user, source=document, target=target, relation=data.validated_data["relation"]
        )
        return Response(LinkSerializer(link).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=DocumentSerializer(many=True))
    @action(detail=True)
    def chain(self, request, pk=None):
        """What it implements (`up`, level by level) and what implements it (`down`)."""
        document = access_document(request.user, pk)
        visible = selectors.documents_for(request.user)
        return Response(
            {
                "up": [
                    DocumentSerializer(level, many=True).data
                    for level in selectors.implemented_chain(document, visible)
                ],
                "down": [
                    DocumentSerializer(level, many=True).data
                    for level in selectors.implementing_tree(document, visible)
                ],
            }
        )

    @extend_schema(
        request={
            "multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
        },
        responses={200: AttachmentSerializer(many=True), 201: AttachmentSerializer},
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser])
    def attachments(self, request, pk=None):
        document = access_document(request.user, pk, write=request.method == "POST")
        if request.method == "GET":
            return Response(AttachmentSerializer(document.attachments.filter(archived_at__isnull=True), many=True).data)
        uploaded = request.FILES.get("file")
        if uploaded is None:
            raise ValidationError({"file": ["Chưa chọn tệp."]})
        try:
            attachment = services.attachment_add(actor=request.user, document=document, uploaded=uploaded)
        except DjangoValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    def history_record(self, pk):
        return access_document(self.request.user, pk)

    @extend_schema(parameters=[OpenApiParameter("unit", int, required=True)], responses=DocumentSerializer(many=True))
    @action(detail=False)
    def uncovered(self, request):
        """Directing documents not yet implemented by any document of the unit's subtree."""
        unit = access_unit(request.user, request.query_params.get("unit"))
        page = self.paginate_queryset(selectors.uncovered_documents(selectors.documents_for(request.user), unit))
        return self.get_paginated_response(DocumentSerializer(page, many=True).data)


@extend_schema(tags=["documents"], responses={200: None})
@api_view(["GET"])
def attachment_download(request, pk):
    attachment = access_attachment(request.user, pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


class SymbolSerializer(serializers.Serializer):
    symbol = serializers.CharField()
    system = serializers.CharField()
    kind = serializers.CharField()
    kind_name = serializers.CharField()
    number = serializers.CharField()
    issuer = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)


@extend_schema(
    tags=["documents"], parameters=[OpenApiParameter("symbol", str, required=True)], responses=SymbolSerializer
)
@api_view(["GET"])
def symbol_parse(request):
    """Kind, number, issuer and year from a symbol, or the rule it breaks (400)."""
    try:
        symbol = parse_symbol(request.query_params.get("symbol", ""))
    except SymbolError as error:
        return Response({"detail": str(error.message)}, status=status.HTTP_400_BAD_REQUEST)
    return Response(
        {
            "symbol": str(symbol),
            "system": symbol.system,
            "kind": symbol.kind,
            "kind_name": symbol.kind_name,
            "number": symbol.number,
            "issuer": symbol.issuer,
            "year": symbol.year,
        }
    )


class ReferenceReadSerializer(serializers.Serializer):
    """The body of the reader: an object with the text (a list, a number or a string is refused with 400)."""

    text = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)


@extend_schema(tags=["documents"], request=ReferenceReadSerializer, responses=ReferenceSerializer(many=True))
@api_view(["POST"])
def references_read(request):
    """Every document reference in a text, with the registered documents it matches (those the caller may see)."""
    body = ReferenceReadSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    text = body.validated_data["text"]
    if len(text) > 200_000:
        raise ValidationError({"text": ["Văn bản quá dài (tối đa 200.000 ký tự)."]})
    visible = selectors.documents_for(request.user)
    rows = []
    for ref in find_references(text):
        key = str(ref.symbol) if ref.symbol else None
        registered = [d.pk for d in selectors.match_reference(visible, ref)]
        rows.append(
            {
                "start": ref.start,
                "end": ref.end,
                "raw": ref.raw,
                "symbol": key,
                "kind": ref.kind,
                "kind_name": ref.kind_name,
                "number": ref.number,
                "issuer": ref.issuer,
                "date": ref.date,
                "term": ref.term,
                "plenum": ref.plenum,
                "congress": ref.congress,
                "problems": [str(problem_message(p)) for p in ref.problems],
                "registered": registered,
            }
        )
    return Response(ReferenceSerializer(rows, many=True).data)
