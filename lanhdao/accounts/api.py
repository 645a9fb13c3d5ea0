"""Accounts over REST: the caller's own profile, and the users and roles an administrator manages."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from lanhdao.audit.api import HistoryMixin
from lanhdao.org.permissions import access_unit
from lanhdao.org.picker import UnitRef

from . import second_factor, services
from .middleware import step_message
from .models import RoleAssignment, User
from .permissions import access_role_assignment, access_user
from .roles import Clearance, Perm, Role
from .selectors import has_perm, needs_second_factor, scope_paths, users_for


class RoleSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "unit", "unit_name", "role", "role_label", "granted_at", "revoked_at"]


class UserSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    second_factor = serializers.SerializerMethodField()
    needs_second_factor = serializers.SerializerMethodField()

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
            "must_change_password",
            "second_factor",
            "needs_second_factor",
            "roles",
        ]
        read_only_fields = ["must_change_password"]

    def get_roles(self, user: User) -> list[dict]:
        return RoleSerializer(user.roles.active().select_related("unit"), many=True).data

    def get_second_factor(self, user: User) -> bool:
        """Whether an authenticator app is set for the account."""
        annotated = getattr(user, "second_factor_set", None)  # selectors.users_for
        return bool(annotated) if annotated is not None else second_factor.has_second_factor(user)

    def get_needs_second_factor(self, user: User) -> bool:
        """Whether the account signs in with a second factor (cleared above Normal, or managing users)."""
        annotated = getattr(user, "second_factor_needed", None)
        return bool(annotated) if annotated is not None else needs_second_factor(user)


class UserCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True)
    full_name = serializers.CharField(max_length=150, required=False, default="")
    email = serializers.EmailField(required=False, default="")
    position = serializers.CharField(max_length=200, required=False, default="")
    phone = serializers.CharField(max_length=30, required=False, default="")
    clearance = serializers.ChoiceField(choices=Clearance.choices, required=False, default=0)
    unit = UnitRef()
    role = serializers.ChoiceField(choices=Role.choices)


class UserUpdateSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150, required=False)
    email = serializers.EmailField(required=False, allow_blank=True)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    clearance = serializers.ChoiceField(choices=Clearance.choices, required=False)
    is_active = serializers.BooleanField(required=False)


class PasswordResetSerializer(serializers.Serializer):
    password = serializers.CharField(write_only=True)


class RoleGrantSerializer(serializers.Serializer):
    unit = UnitRef()
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
class UserViewSet(HistoryMixin, viewsets.GenericViewSet):
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
        user = services.user_create(actor=request.user, **fields)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UserUpdateSerializer)
    def partial_update(self, request, pk=None):
        user = access_user(request.user, pk, write=True)
        data = UserUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.user_update(actor=request.user, user=user, data=dict(data.validated_data))
        return Response(UserSerializer(user).data)

    @extend_schema(request=RoleGrantSerializer, responses={201: RoleSerializer})
    @action(detail=True, methods=["post"])
    def roles(self, request, pk=None):
        user = access_user(request.user, pk, write=True)
        data = RoleGrantSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = _managed_unit(request.user, data.validated_data["unit"])
        assignment = services.role_grant(actor=request.user, user=user, unit=unit, role=data.validated_data["role"])
        return Response(RoleSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PasswordResetSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def password(self, request, pk=None):
        """Set the password of an account one manages: its holder must change it at the next sign-in; their other
        sessions end and their API tokens are revoked. (One's own password is changed on the password page, with
        the current one.)"""
        user = access_user(request.user, pk, write=True)
        data = PasswordResetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_set_password(actor=request.user, user=user, password=data.validated_data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"], url_path="second-factor/reset")
    def second_factor_reset(self, request, pk=None):
        """Remove the account's authenticator and recovery codes: it enrols again at its next sign-in."""
        user = access_user(request.user, pk, write=True)
        second_factor.second_factor_reset(actor=request.user, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def history_record(self, pk):
        return access_user(self.request.user, pk)


@extend_schema(tags=["accounts"], request=None, responses=RoleSerializer)
@api_view(["POST"])
def role_revoke(request, pk):
    """Revoke a role (it stays in the history)."""
    assignment = access_role_assignment(request.user, pk)
    services.role_revoke(actor=request.user, assignment=assignment)
    return Response(RoleSerializer(assignment).data)


class TokenRequestSerializer(AuthTokenSerializer):
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="The code of the authenticator app (or a recovery code): required for accounts with a second factor.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class ThrottledObtainAuthToken(ObtainAuthToken):
    """Token for a user name and password; throttled, and failed tries count towards the lock-out (django-axes).

    An account that signs in with a second factor also sends `otp` (the app's current code, or a recovery code);
    without a second factor set yet it gets no token (403) until it enrols on the sign-in pages. An account that must
    change its password gets none either. A token made before the account had its second factor is replaced."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"
    authentication_classes = []  # the password (and the code) are the credentials, whatever else the call carries
    serializer_class = TokenRequestSerializer

    @extend_schema(tags=["accounts"], request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if needs_second_factor(user):
            if not second_factor.has_second_factor(user):
                raise PermissionDenied(step_message("accounts:second_factor"))
            code = serializer.validated_data.get("otp", "")
            if not code:
                raise ValidationError({"otp": [_("This account signs in with a second factor: send its code.")]})
            if second_factor.second_factor_verify(user=user, token=code, where=_("API token")) is None:
                raise ValidationError({"otp": [_("The code is wrong or has expired.")]})
        if user.must_change_password:
            raise PermissionDenied(step_message("accounts:own_password"))
        token = second_factor.api_token_issue(user=user)
        return Response({"token": token.key})
