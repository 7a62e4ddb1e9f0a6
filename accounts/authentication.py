"""API token authentication: knox's, with hostile Authorization headers refused as a 401."""

from dataclasses import dataclass

from django.db import connections, router
from django.utils import timezone
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.models import get_token_model
from knox.settings import CONSTANTS, knox_settings
from knox.signals import token_expired
from rest_framework import exceptions

from accounts import token_cache

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
        auth_token = token_with_user_get(digest=hash_token(token))
        if auth_token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=auth_token.user.get_username(), source="auth_token")
            raise exceptions.AuthenticationFailed("Invalid token.")
        if knox_settings.AUTO_REFRESH and auth_token.expiry:
            self.renew_token(auth_token)
        return self.validate_user(auth_token)  # refuses an inactive user


@dataclass(frozen=True)
class _CompiledRead:
    sql: str
    token_fields: list[str]
    user_fields: list[str]
    kept_user_fields: list[str]  # the user's fields in the token cache: all but the password hash
    converters: list[tuple[int, list, object]]  # (column, converter functions, expression)


_compiled_reads: dict[str, _CompiledRead] = {}


def _token_read_compile(alias: str) -> _CompiledRead:
    """The ORM's SQL for the token joined to its user, compiled once per process and database.

    Compiling that query (two models, forty columns) was about half of the CPU of a signed-in
    request that does nothing else; the SQL and the column layout do not change while the
    process runs (they come from the models).
    """
    token_model = get_token_model()
    queryset = token_model.objects.using(alias).select_related("user").filter(digest="%digest%")
    compiler = queryset.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    if list(params) != ["%digest%"]:
        raise RuntimeError(f"unexpected parameters in the token read: {params!r}")
    token_fields = [f.attname for f in token_model._meta.concrete_fields]
    user_fields = [f.attname for f in token_model._meta.get_field("user").related_model._meta.concrete_fields]
    columns = [col for col, _sql, _alias in compiler.select]
    if len(columns) != len(token_fields) + len(user_fields):
        raise RuntimeError("the token read's columns are not the token's and the user's fields")
    converters = [(pos, convs, expr) for pos, (convs, expr) in compiler.get_converters(columns).items()]
    kept_user_fields = [name for name in user_fields if name != "password"]
    return _CompiledRead(sql, token_fields, user_fields, kept_user_fields, converters)


def token_with_user_get(*, digest: str):
    """The token with this digest and its user (one indexed read, or one read of the token cache),
    or None.

    What `select_related("user").filter(digest=...).first()` returns, without compiling the
    query on every request (see _token_read_compile). From the token cache (accounts/token_cache.py)
    the user comes without its password hash, which Django loads if something asks for it.
    """
    token_model = get_token_model()
    alias = router.db_for_read(token_model)
    compiled = _compiled_reads.get(alias)
    if compiled is None:
        compiled = _compiled_reads[alias] = _token_read_compile(alias)
    kept = token_cache.rows_get(digest) if token_cache.lifetime() else None
    if kept is not None:
        token_values, user_values = kept
        return _token_with_user(alias, compiled, token_values, compiled.kept_user_fields, user_values)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, [digest])
        row = cursor.fetchone()
    if row is None:
        return None
    if compiled.converters:
        row = list(row)
        for pos, convs, expression in compiled.converters:
            for convert in convs:
                row[pos] = convert(row[pos], expression, connection)
    split = len(compiled.token_fields)
    token_values, user_values = tuple(row[:split]), tuple(row[split:])
    if token_cache.lifetime():
        kept_user_values = tuple(v for v, f in zip(user_values, compiled.user_fields, strict=True) if f != "password")
        token_cache.rows_keep(digest, token_values, kept_user_values)
    return _token_with_user(alias, compiled, token_values, compiled.user_fields, user_values)


def _token_with_user(alias: str, compiled: "_CompiledRead", token_values, user_fields, user_values):
    token_model = get_token_model()
    auth_token = token_model.from_db(alias, compiled.token_fields, token_values)
    user_field = token_model._meta.get_field("user")
    user = user_field.related_model.from_db(alias, user_fields, user_values)
    user_field.set_cached_value(auth_token, user)
    return auth_token
