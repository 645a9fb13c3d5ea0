"""Accounts over REST: the caller's own profile, and the users and roles an administrator manages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action, api_view
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from lanhdao.audit.api import AuditEntrySerializer, history_response
from lanhdao.audit.selectors import history_for
from lanhdao.core.api import service_error
from lanhdao.org.permissions import access_unit

from . import services
from .models import RoleAssignment, User
from .permissions import access_role_assignment, access_user
from .roles import Clearance, Perm, Role
from .selectors import has_perm, scope_paths, users_for


class RoleSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "unit", "unit_name", "role", "role_label", "granted_at", "revoked_at"]


class UserSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "position",
            "phone",
            "clearance",
            "is_active",
            "roles",
        ]

    def get_roles(self, user: User) -> list[dict]:
        return RoleSerializer(user.roles.active().select_related("unit"), many=True).data


class UserCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True)
    full_name = serializers.CharField(max_length=150, required=False, default="")
    email = serializers.EmailField(required=False, default="")
    position = serializers.CharField(max_length=200, required=False, default="")
    phone = serializers.CharField(max_length=30, required=False, default="")
    clearance = serializers.ChoiceField(choices=Clearance.choices, required=False, default=0)
    unit = serializers.IntegerField()
    role = serializers.ChoiceField(choices=Role.choices)


class UserUpdateSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150, required=False)
    email = serializers.EmailField(required=False, allow_blank=True)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    clearance = serializers.ChoiceField(choices=Clearance.choices, required=False)
    is_active = serializers.BooleanField(required=False)


class RoleGrantSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    role = serializers.ChoiceField(choices=Role.choices)


def _managed_unit(actor, pk):
    unit = access_unit(actor, pk)
    if not has_perm(actor, Perm.MANAGE_USERS, unit):
        raise Http404
    return unit


@extend_schema(tags=["accounts"], responses=UserSerializer)
@api_view(["GET"])
def me(request):
    """The caller's own account and roles."""
    return Response(UserSerializer(request.user).data)


@extend_schema(tags=["accounts"])
class UserViewSet(viewsets.GenericViewSet):
    """Users the caller manages (those with a role inside the caller's user-management scope)."""

    serializer_class = UserSerializer
    queryset = User.objects.none()  # for the schema only: reads go through users_for / access_user

    @extend_schema(parameters=[OpenApiParameter("q", str)])
    def list(self, request):
        page = self.paginate_queryset(users_for(request.user, query=request.query_params.get("q", "")))
        return self.get_paginated_response(UserSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(UserSerializer(access_user(request.user, pk)).data)

    @extend_schema(request=UserCreateSerializer, responses={201: UserSerializer})
    def create(self, request):
        data = UserCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if not (request.user.is_superuser or scope_paths(request.user, Perm.MANAGE_USERS)):
            raise Http404
        fields["unit"] = _managed_unit(request.user, fields["unit"])
        try:
            user = services.user_create(actor=request.user, **fields)
        except DjangoValidationError as error:
            raise service_error(error) from error
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UserUpdateSerializer)
    def partial_update(self, request, pk=None):
        user = access_user(request.user, pk, write=True)
        data = UserUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        try:
            services.user_update(actor=request.user, user=user, data=dict(data.validated_data))
        except DjangoValidationError as error:
            raise service_error(error) from error
        return Response(UserSerializer(user).data)

    @extend_schema(request=RoleGrantSerializer, responses={201: RoleSerializer})
    @action(detail=True, methods=["post"])
    def roles(self, request, pk=None):
        user = access_user(request.user, pk)
        data = RoleGrantSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = _managed_unit(request.user, data.validated_data["unit"])
        try:
            assignment = services.role_grant(actor=request.user, user=user, unit=unit, role=data.validated_data["role"])
        except DjangoValidationError as error:
            raise service_error(error) from error
        return Response(RoleSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=AuditEntrySerializer(many=True))
    @action(detail=True)
    def history(self, request, pk=None):
        return history_response(self, history_for(access_user(request.user, pk)))


@extend_schema(tags=["accounts"], request=None, responses=RoleSerializer)
@api_view(["POST"])
def role_revoke(request, pk):
    """Revoke a role (it stays in the history)."""
    assignment = access_role_assignment(request.user, pk)
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except DjangoValidationError as error:
        raise service_error(error) from error
    return Response(RoleSerializer(assignment).data)


class ThrottledObtainAuthToken(ObtainAuthToken):
    """Token for a user name and password; throttled, and failed tries count towards the lock-out (django-axes)."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"
