"""API token authentication: knox's, with hostile Authorization headers refused as a 401."""

from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.settings import CONSTANTS
from rest_framework import exceptions

# A knox token is hex digits after an optional prefix; anything much longer is not a token.
TOKEN_MAX_LENGTH = CONSTANTS.MAXIMUM_TOKEN_PREFIX_LENGTH + 2 * CONSTANTS.DIGEST_LENGTH


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Bearer <token>`. A token that is not short printable ASCII is refused before
    knox decodes it or the database sees it (bytes that are not UTF-8, NUL)."""

    def authenticate_credentials(self, token: bytes):
        if len(token) > TOKEN_MAX_LENGTH or not token.isascii() or not token.decode("ascii").isprintable():
            raise exceptions.AuthenticationFailed("Invalid token.")
        return super().authenticate_credentials(token)
