"""API tokens that stand for a complete sign-in.

DRF's token authentication, refused (403, with the reason) while the account owes a new password, or when the account
signs in with a second factor and the token was issued before it had one: such a token was issued on a password
alone (the token endpoint asks the code since, `api.ThrottledObtainAuthToken`).
"""

from rest_framework import authentication, exceptions

from .middleware import step_message
from .second_factor import token_issued_after_second_factor
from .selectors import needs_second_factor


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if needs_second_factor(user) and not token_issued_after_second_factor(user, token.created):
            raise exceptions.PermissionDenied(step_message("accounts:second_factor"))
        if user.must_change_password:
            raise exceptions.PermissionDenied(step_message("accounts:own_password"))
        return user, token
