"""How the OpenAPI schema is built: the errors, tags, names and security of every operation.

A view declares only what the schema cannot see for itself (see "API conventions" in docs/api.md):

    openapi_tag = "Quizzes"                         # optional: else the tag comes from the path
    error_codes = {"POST": {403: ["not_enrolled"], 409: ["attempt_limit"]}}   # "*" for every method

and an `@extend_schema(operation_id="submitQuizAttempt", summary=..., description=...)` per method.
Everything else is derived from the view: 400 for bad input, 401 when it authenticates, 404 for path
parameters and pages, 413 and 415 for request bodies, 429 with Retry-After for throttled views, the
bearer scheme unless anyone may call it, and one `Error` component for every error body.
"""

import re

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import permissions, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.throttling import ScopedRateThrottle

# Tag of an operation by the first part of its path, unless the view says `openapi_tag`.
TAGS_BY_PATH = {
    "auth": "Account",
    "me": "Account",
    "courses": "Catalogue",
    "challenges": "Challenges",
    "enrollments": "Enrolments",
    "lessons": "Lessons",
    "quizzes": "Quizzes",
    "certificates": "Certificates",
    "unsubscribe": "Email preferences",
    "email-preferences": "Email preferences",
    "teams": "Teams",
    "invitations": "Teams",
}

TAG_DESCRIPTIONS = {
    "Account": "Sign up, sign in and out, and the signed-in learner's profile and email preferences.",
    "Catalogue": "Published courses and their outlines. Open to everyone; signed in, each item says "
    "whether it is locked and done for you.",
    "Enrolments": "Enrol in a course, cancel, and follow your progress.",
    "Lessons": "Lesson content and marking a lesson done.",
    "Quizzes": "Quizzes, timed or not, and your graded attempts.",
    "Challenges": "The practical challenges: your reflection, your dated commitment, and whether you kept it.",
    "Certificates": "Public verification of a certificate by its code.",
    "Email preferences": "The links at the foot of every progress email: one-click unsubscribe (RFC 8058) "
    "and the email preferences page, with no sign-in.",
    "Teams": "Teams: managers enrol their people and follow their progress.",
}

ERROR_TITLES = {
    400: "The request is not valid: `field` names the first offending field, `errors` all of them.",
    401: "No valid token: send `Authorization: Bearer <token>`.",
    403: "Signed in, but not allowed.",
    404: "Not found, or not visible to you.",
    409: "Conflicts with the current state.",
    413: "The request body is too large.",
    415: "The request body is not in a media type this operation takes (JSON unless it says otherwise).",
    429: "Too many requests: wait the number of seconds in `Retry-After`.",
}


DATABASE_INTEGER_LIMITS = {2**15 - 1, 2**15, 2**31 - 1, 2**31, 2**63 - 1, 2**63}

SUCCESS_DESCRIPTIONS = {
    "200": "OK.",
    "201": "Created.",
    "204": "Done; no content.",
    "304": "Not modified since the `ETag` sent in `If-None-Match`; no content.",
}


class ErrorSerializer(serializers.Serializer):
    optional_response_fields = (
        "request_id",
        "course",
        "unlocks_at",
        "max_attempts",
        "attempt",
        "deadline_at",
        "retry_after",
    )

    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(
        help_text="What went wrong, for programs: each operation lists the codes its errors can carry."
    )
    message = serializers.CharField(help_text="What went wrong, for people.")
    field = serializers.CharField(
        allow_null=True, help_text="The first offending request field, such as `email` or `answers[0].question`."
    )
    errors = serializers.DictField(  # type: ignore[assignment]  # a field here, not Serializer.errors
        child=serializers.ListField(child=serializers.CharField()),
        help_text='Every offending field with its messages, e.g. {"email": ["Enter a valid email address."]}.',
    )
    request_id = serializers.CharField(
        required=False,
        help_text="The request's id, also in the `X-Request-ID` header: quote it when reporting a problem.",
    )
    # Extra keys some errors carry.
    course = serializers.SlugField(required=False, help_text="`not_enrolled`: the course to enrol in.")
    unlocks_at = serializers.DateTimeField(required=False, help_text="`locked`: when the item unlocks.")
    max_attempts = serializers.IntegerField(required=False, help_text="`attempt_limit`: the quiz's attempt limit.")
    attempt = serializers.IntegerField(required=False, help_text="`time_over`: the attempt that was closed.")
    deadline_at = serializers.DateTimeField(required=False, help_text="`time_over`: the attempt's deadline.")
    retry_after = serializers.IntegerField(required=False, help_text="429: seconds to wait, as in `Retry-After`.")


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """API tokens from `POST /api/v1/auth/token/`, sent as `Authorization: Bearer <token>`."""

    target_class = "knox.auth.TokenAuthentication"
    match_subclasses = True  # accounts.authentication.TokenAuthentication
    name = "bearerAuth"
    priority = 1  # over drf-spectacular's own knox extension

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from `POST /api/v1/auth/token/`: `Authorization: Bearer <token>`.",
        }


def _camel(words: list[str]) -> str:
    parts = [part for word in words for part in re.split(r"[-_]", word) if part]
    return "".join(part[:1].upper() + part[1:] for part in parts)


def _drop_database_range(field, schema) -> None:
    """Fields a ModelSerializer derives from integer columns carry the database's own integer
    range, which differs between PostgreSQL and SQLite: leave it out, so the schema is one."""
    parent = getattr(field, "parent", None)
    if not isinstance(parent, serializers.ModelSerializer) or field.field_name in parent._declared_fields:
        return
    for key in ("maximum", "minimum"):
        if abs(schema.get(key, 0)) in DATABASE_INTEGER_LIMITS:
            del schema[key]
    if schema.get("format") == "int64" and "maximum" not in schema and "minimum" not in schema:
        del schema["format"]


class ApiAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        if self.is_public():
            operation["security"] = []
        self._add_error_responses(operation)
        self._add_created_location(operation)
        if getattr(self.view, "conditional_get", False) and self.method == "GET":
            self._add_conditional_get(operation)
        for status, response in operation["responses"].items():
            if not response.get("description"):
                response["description"] = SUCCESS_DESCRIPTIONS.get(status, "")
        return operation

    # --- security ------------------------------------------------------------------------
    def is_public(self) -> bool:
        perms = [type(p) for p in self.view.get_permissions()]
        if permissions.AllowAny in perms:
            return True
        return permissions.IsAuthenticatedOrReadOnly in perms and self.method in permissions.SAFE_METHODS

    def get_auth(self):
        if self.is_public():
            return []
        auths = super().get_auth()
        return [auth for auth in auths if auth]

    def _get_request_body(self, direction="request"):
        body = super()._get_request_body(direction)
        # "One of these bodies" has no required fields of its own to make the body required.
        if body and isinstance(self.get_request_serializer(), PolymorphicProxySerializer):
            body["required"] = True
        return body

    # --- names ---------------------------------------------------------------------------
    def get_tags(self):
        tag = getattr(self.view, "openapi_tag", None)
        if tag:
            return [tag]
        tokens = self._tokenize_path()
        first = tokens[0] if tokens else "root"
        return [TAGS_BY_PATH.get(first, first.replace("-", " ").capitalize())]

    def get_operation_id(self):
        """A verb first, as generated clients name their functions: listCourses, getCourse, ..."""
        tokens = [t for t in self._tokenize_path() if t]
        if self.method == "GET":
            verb = "list" if self._is_list_view() else "get"
        else:
            verb = {"POST": "create", "PUT": "replace", "PATCH": "update", "DELETE": "delete"}[self.method]
        name = verb + _camel(tokens)
        return name[:1].lower() + name[1:]

    def get_description(self):
        # View docstrings are written for the people who maintain the code, not for API users:
        # operations carry their own words through @extend_schema(description=...).
        return ""

    def _get_serializer_name(self, serializer, direction, bypass_extensions=False):
        # TokenRequestSerializer as a request body would be "TokenRequestRequest".
        name = super()._get_serializer_name(serializer, direction, bypass_extensions)
        return name[: -len("Request")] if name.endswith("RequestRequest") else name

    def get_paginated_name(self, serializer_name):
        if serializer_name.endswith("List"):
            return f"Paginated{serializer_name}"
        return f"Paginated{serializer_name}List"

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response":
            # A response always carries every field of its serializer, null or not: required, so
            # that generated clients type them as always there. `optional_response_fields` opts out.
            optional = set(getattr(serializer, "optional_response_fields", ()))
            required = [name for name in schema.get("properties", {}) if name not in optional]
            if required:
                schema["required"] = sorted(required)
        # Serializer docstrings are for maintainers; components get words only through
        # @extend_schema_serializer / a `schema_description` attribute.
        schema.pop("description", None)
        description = getattr(serializer, "schema_description", None)
        if description:
            schema["description"] = description
        return schema

    def _insert_min_max(self, field, content):
        super()._insert_min_max(field, content)
        _drop_database_range(field, content)

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        _drop_database_range(field, schema)

    # --- errors --------------------------------------------------------------------------
    def declared_error_codes(self) -> dict[int, list[str]]:
        declared = getattr(self.view, "error_codes", {}) or {}
        codes: dict[int, list[str]] = {}
        for key in ("*", self.method):
            for status, names in declared.get(key, {}).items():
                codes.setdefault(int(status), [])
                codes[int(status)] += [name for name in names if name not in codes[int(status)]]
        return codes

    def error_statuses(self, operation) -> dict[int, list[str]]:
        """Every error status this operation can give, with the `code` values each can carry."""
        statuses: dict[int, list[str]] = {}

        def add(status: int, *codes: str) -> None:
            bucket = statuses.setdefault(status, [])
            bucket += [code for code in codes if code not in bucket]

        has_body = "requestBody" in operation
        # Bad input anywhere: a body field, a query parameter, a NUL byte in the URL.
        add(400, "invalid")
        if has_body:
            add(400, "parse_error")
        authenticators = self.view.get_authenticators()
        if authenticators:
            # A token that is wrong or expired is refused even where no token is needed.
            add(401, "authentication_failed")
            if not self.is_public():
                add(401, "not_authenticated")
        if (
            not self.is_public()
            and self.method not in permissions.SAFE_METHODS
            and any(isinstance(a, SessionAuthentication) for a in authenticators)
        ):
            add(403, "permission_denied")  # a browser session without its CSRF token
        if "{" in self.path or self._is_paginated_list():
            add(404, "not_found")
        if has_body:
            add(413, "too_large")
            add(415, "unsupported_media_type")
        if self._is_throttled():
            add(429, "throttled")
        for status, codes in self.declared_error_codes().items():
            add(status, *codes)
        return dict(sorted(statuses.items()))

    def _is_paginated_list(self) -> bool:
        return self.method == "GET" and self._is_list_view() and self._get_paginator() is not None

    def _is_throttled(self) -> bool:
        for throttle in self.view.get_throttles():
            if isinstance(throttle, ScopedRateThrottle):
                scope = getattr(self.view, throttle.scope_attr, None)
                if scope and throttle.THROTTLE_RATES.get(scope):
                    return True
            elif getattr(throttle, "rate", None):
                return True
        return False

    def _error_ref(self):
        component = self.resolve_serializer(ErrorSerializer, "response")
        return component.ref

    def _add_error_responses(self, operation) -> None:
        responses = operation["responses"]
        for status, codes in self.error_statuses(operation).items():
            key = str(status)
            if key in responses:
                continue
            listed = ", ".join(f"`{code}`" for code in codes)
            response = {
                "description": f"{ERROR_TITLES.get(status, 'Error.')} Codes: {listed}.",
                "content": {"application/json": {"schema": self._error_ref()}},
            }
            if status == 429:
                response["headers"] = {
                    "Retry-After": {
                        "description": "Seconds to wait before trying again.",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 0},
                    }
                }
            responses[key] = response

    def _add_conditional_get(self, operation) -> None:
        operation.setdefault("parameters", []).append(
            {
                "in": "header",
                "name": "If-None-Match",
                "required": False,
                "schema": {"type": "string"},
                "description": "The `ETag` of the answer you have: unchanged, it is a 304 with no body.",
            }
        )
        responses = operation["responses"]
        responses["200"].setdefault("headers", {})["ETag"] = ETAG_HEADER
        responses["304"] = {"description": SUCCESS_DESCRIPTIONS["304"], "headers": {"ETag": ETAG_HEADER}}
        operation["responses"] = dict(sorted(responses.items()))

    def _add_created_location(self, operation) -> None:
        created = operation["responses"].get("201")
        if created is None:
            return
        created.setdefault("headers", {}).setdefault(
            "Location",
            {
                "description": "The URL of what was created.",
                "required": True,
                "schema": {"type": "string", "format": "uri-reference"},
            },
        )


ETAG_HEADER = {
    "description": "Identifies this version of the answer: send it back in `If-None-Match`.",
    "required": True,
    "schema": {"type": "string"},
}


def add_tag_descriptions(result, generator, request, public):
    """Postprocessing hook: the tags in use, described, in the order of TAG_DESCRIPTIONS."""
    used = {tag for item in result.get("paths", {}).values() for op in item.values() for tag in op.get("tags", [])}
    ordered = [name for name in TAG_DESCRIPTIONS if name in used] + sorted(used - set(TAG_DESCRIPTIONS))
    result["tags"] = [
        {"name": name, **({"description": TAG_DESCRIPTIONS[name]} if name in TAG_DESCRIPTIONS else {})}
        for name in ordered
    ]
    return result
