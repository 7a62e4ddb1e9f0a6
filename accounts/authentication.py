"""API token authentication: knox's, with hostile Authorization headers refused as a 401."""

from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.models import get_token_model
from knox.settings import CONSTANTS, knox_settings
from knox.signals import token_expired
from rest_framework import exceptions

# A knox token is hex digits after an optional prefix; anything much longer is not a token.
TOKEN_MAX_LENGTH = CONSTANTS.MAXIMUM_TOKEN_PREFIX_LENGTH + 2 * CONSTANTS.DIGEST_LENGTH


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Bearer <token>`. A token that is not short printable ASCII is refused before
    knox decodes it or the database sees it (bytes that are not UTF-8, NUL)."""

    def authenticate_credentials(self, token: bytes):
        if len(token) > TOKEN_MAX_LENGTH or not token.isascii() or not token.decode("ascii").isprintable():
            raise exceptions.AuthenticationFailed("Invalid token.")
        return self._token_check(token.decode("ascii"))

    def _token_check(self, token: str):
        """One read by primary key and no write, on every signed-in request.

        Knox looks tokens up by their first characters and compares digests, then reads all of the
        user's tokens to delete expired ones: two queries and sometimes writes per request. The
        digest is the table's primary key, so the token is found by it directly (a digest match is
        the full token's match). Expired tokens are deleted when used and at sign-in instead.
        """
        auth_token = get_token_model().objects.select_related("user").filter(digest=hash_token(token)).first()
        if auth_token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=auth_token.user.get_username(), source="auth_token")
            raise exceptions.AuthenticationFailed("Invalid token.")
        if knox_settings.AUTO_REFRESH and auth_token.expiry:
            self.renew_token(auth_token)
        return self.validate_user(auth_token)  # refuses an inactive user
