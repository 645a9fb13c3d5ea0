"""Classifications of members and organisations, awards and membership badges over REST, with the queries "excellent
N years in a row up to a year" for members and for organisations."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lanhdao.core.api import valid
from lanhdao.core.params import parse_year
from lanhdao.org.permissions import access_unit

from . import selectors, services_evaluations
from . import selectors_evaluations as evaluations
from . import serializers as s
from .api_members import today, year_param
from .models import Award, BadgeAward, Grade, MemberEvaluation, OrganisationEvaluation
from .permissions import access_member

UNIT_YEAR = [OpenApiParameter("unit", int, description="This unit's subtree"), OpenApiParameter("year", int)]
RUN_PARAMETERS = [
    OpenApiParameter("unit", int, required=True, description="This unit's subtree"),
    OpenApiParameter("year", int, description="The last year of the run (default: last year)"),
    OpenApiParameter("years", int, description="How many years in a row (default 5)"),
]


def run_window(request) -> tuple[int, int]:
    year = year_param(request, today().year - 1)
    years = request.query_params.get("years", "5")
    if not years.isdigit() or not 1 <= int(years) <= 30:
        raise ValidationError({"years": ["1–30"]})
    return year, int(years)


def in_unit_year(request, qs):
    params = request.query_params
    if params.get("unit"):
        qs = selectors.in_subtree(qs, access_unit(request.user, params["unit"]))
    if (year := parse_year(params.get("year"), "year")) is not None:
        qs = qs.filter(year=year)
    return qs


@extend_schema(tags=["members"])
class MemberEvaluationViewSet(viewsets.GenericViewSet):
    """Members' annual classification (excellent, good, completed, not completed), one per member and year."""

    serializer_class = s.MemberEvaluationSerializer
    queryset = MemberEvaluation.objects.none()  # for the schema only

    @extend_schema(parameters=[*UNIT_YEAR, OpenApiParameter("grade", str, enum=Grade.values)])
    def list(self, request):
        qs = in_unit_year(request, evaluations.evaluations_for(request.user))
        if request.query_params.get("grade"):
            qs = qs.filter(grade=request.query_params["grade"])
        page = self.paginate_queryset(qs.select_related("member").order_by("-year", "unit_path", "member__full_name"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    @extend_schema(request=s.ClassifySerializer, responses={201: s.ClassifyResultSerializer})
    def create(self, request):
        """Classify a cell's members for a year in one transaction; a member classified before is updated."""
        fields = valid(s.ClassifySerializer, request)
        unit = access_unit(request.user, fields["unit"])
        grades = {item["member"]: (item["grade"], item["note"]) for item in fields["grades"]}
        created, updated = services_evaluations.member_classify(
            actor=request.user, unit=unit, year=fields["year"], grades=grades
        )
        data = {"created": len(created), "updated": len(updated), "evaluations": [*created, *updated]}
        return Response(s.ClassifyResultSerializer(data).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=RUN_PARAMETERS, responses=s.MemberSerializer(many=True))
    @action(detail=False)
    def excellent(self, request):
        """Members of the subtree who excellently completed their duties each year of `years` years up to `year`."""
        unit = access_unit(request.user, request.query_params.get("unit"))
        year, years = run_window(request)
        qs = evaluations.excellent_members(request.user, unit, year=year, years=years)
        page = self.paginate_queryset(qs.select_related("unit").order_by("unit_path", "full_name", "pk"))
        return self.get_paginated_response(s.MemberSerializer(page, many=True).data)


@extend_schema(tags=["members"])
class OrganisationEvaluationViewSet(viewsets.GenericViewSet):
    """Party organisations' annual classification, by the level above them."""

    serializer_class = s.OrganisationEvaluationSerializer
    queryset = OrganisationEvaluation.objects.none()  # for the schema only

    @extend_schema(parameters=[*UNIT_YEAR, OpenApiParameter("grade", str, enum=Grade.values)])
    def list(self, request):
        qs = in_unit_year(request, evaluations.organisation_evaluations_for(request.user))
        if request.query_params.get("grade"):
            qs = qs.filter(grade=request.query_params["grade"])
        page = self.paginate_queryset(qs.select_related("unit").order_by("-year", "unit_path"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    @extend_schema(request=s.OrganisationClassifySerializer, responses={201: s.OrganisationEvaluationSerializer})
    def create(self, request):
        """Classify an organisation for a year (again: updated)."""
        fields = valid(s.OrganisationClassifySerializer, request)
        fields["unit"] = access_unit(request.user, fields["unit"])
        row = services_evaluations.organisation_classify(actor=request.user, **fields)
        return Response(self.serializer_class(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=RUN_PARAMETERS, responses=s.OrganisationSerializer(many=True))
    @action(detail=False)
    def excellent(self, request):
        """Organisations of the subtree "clean and strong, exemplary" each year of `years` years up to `year`."""
        unit = access_unit(request.user, request.query_params.get("unit"))
        year, years = run_window(request)
        qs = evaluations.excellent_organisations(request.user, unit, year=year, years=years).order_by("path")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.OrganisationSerializer(page, many=True).data)


@extend_schema(tags=["members"])
class AwardViewSet(viewsets.GenericViewSet):
    """Awards (khen thưởng) to members and organisations."""

    serializer_class = s.AwardSerializer
    queryset = Award.objects.none()  # for the schema only

    @extend_schema(parameters=UNIT_YEAR)
    def list(self, request):
        qs = in_unit_year(request, evaluations.awards_for(request.user))
        page = self.paginate_queryset(qs.order_by("-awarded_on", "-pk"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    @extend_schema(request=s.AwardWriteSerializer, responses={201: s.AwardSerializer})
    def create(self, request):
        """Award a member (`member`) or an organisation (`unit`)."""
        fields = valid(s.AwardWriteSerializer, request)
        if fields["member"] is not None:
            fields["member"] = access_member(request.user, fields["member"], write=True)
        if fields["unit"] is not None:
            fields["unit"] = access_unit(request.user, fields["unit"])
        award = services_evaluations.award_give(actor=request.user, **fields)
        return Response(self.serializer_class(award).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["members"])
class BadgeViewSet(viewsets.GenericViewSet):
    """Party membership badges (Huy hiệu Đảng) by years of membership."""

    serializer_class = s.BadgeAwardSerializer
    queryset = BadgeAward.objects.none()  # for the schema only

    @extend_schema(parameters=[OpenApiParameter("unit", int), OpenApiParameter("year", int, description="Awarded in")])
    def list(self, request):
        members = selectors.members_for(request.user)
        if request.query_params.get("unit"):
            members = selectors.in_subtree(members, access_unit(request.user, request.query_params["unit"]))
        qs = evaluations.badges_for(request.user).filter(member__in=members)
        if (year := parse_year(request.query_params.get("year"), "year")) is not None:
            qs = qs.filter(awarded_on__year=year)
        page = self.paginate_queryset(qs.order_by("-awarded_on", "-pk"))
        return self.get_paginated_response(self.serializer_class(page, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("unit", int, required=True), OpenApiParameter("year", int)],
        responses=s.EligibleSerializer(many=True),
    )
    @action(detail=False)
    def eligible(self, request):
        """Members of the subtree who reach a badge's years of membership in `year` (default: this year), still in
        the Party and not yet awarded it."""
        unit = access_unit(request.user, request.query_params.get("unit"))
        members = selectors.in_subtree(selectors.members_for(request.user), unit)
        qs = evaluations.badge_eligible(members, year_param(request, today().year)).select_related("unit")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.EligibleSerializer(page, many=True).data)

    @extend_schema(request=s.BadgesAwardSerializer, responses={201: s.BadgeAwardSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def award(self, request):
        """Award each member the badge they become eligible for in `year`, all or none."""
        fields = valid(s.BadgesAwardSerializer, request)
        members = [access_member(request.user, pk, write=True) for pk in fields.pop("members")]
        awarded = services_evaluations.badges_award(actor=request.user, members=members, **fields)
        return Response(self.serializer_class(awarded, many=True).data, status=status.HTTP_201_CREATED)
