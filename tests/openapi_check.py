"""Checks an API response against the OpenAPI schema the server serves.

The status must be documented for the operation, the body must match the documented schema for
its media type, and the documented required headers (Location, Retry-After, ETag) must be there.
A URL outside the schema (an unknown path, the docs pages) is not checked. Validators are built
once per (operation, status), so checking costs little per response.
"""

import functools
import json
import re
import threading
from datetime import date, datetime

import jsonschema

_FORMATS = jsonschema.FormatChecker()


@_FORMATS.checks("date-time", raises=ValueError)
def _is_datetime(value) -> bool:
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.tzinfo is not None and "T" in value


@_FORMATS.checks("date", raises=ValueError)
def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    date.fromisoformat(value)
    return len(value) == 10


def _json_schema(node):
    """OpenAPI 3.0 `nullable: true` is not JSON Schema: turn it into anyOf [..., null]."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


_schema_lock = threading.Lock()


def api_schema() -> dict:
    # drf-spectacular's generation is not thread-safe: tests that send requests from several
    # threads at once must not build the schema concurrently on their first response.
    with _schema_lock:
        return _generated_schema()


@functools.cache
def _generated_schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@functools.cache
def _components() -> dict:
    return _json_schema(api_schema()["components"])


@functools.cache
def _routes() -> list[tuple[re.Pattern, str]]:
    routes = []
    for template in api_schema()["paths"]:
        pattern = re.sub(r"\{[^}/]+\}", "[^/]+", re.escape(template).replace(r"\{", "{").replace(r"\}", "}"))
        routes.append((re.compile(f"^{pattern}$"), template))
    return routes


def find_operation(path: str) -> str | None:
    for pattern, template in _routes():
        if pattern.match(path):
            return template
    return None


@functools.cache
def _validator(template: str, method: str, status: str, media_type: str):
    schema = api_schema()["paths"][template][method]["responses"][status]["content"][media_type]["schema"]
    document = {**_json_schema(schema), "components": _components()}
    return jsonschema.Draft7Validator(document, format_checker=_FORMATS)


class SchemaMismatch(AssertionError):
    pass


def check_response(method: str, path: str, response) -> None:
    template = find_operation(path)
    if template is None:
        return
    method = method.lower()
    item = api_schema()["paths"][template]
    where = f"{method.upper()} {path} -> {response.status_code}"
    if method not in item:
        if method in ("head", "options"):
            return
        if response.status_code != 405 or not response.has_header("Allow"):
            raise SchemaMismatch(f"{where}: method not in the schema, expected 405 with Allow")
        return
    responses = item[method]["responses"]
    status = str(response.status_code)
    if status not in responses:
        raise SchemaMismatch(f"{where}: status not documented (documented: {', '.join(responses)})")
    documented = responses[status]
    for name, header in documented.get("headers", {}).items():
        if header.get("required") and not response.has_header(name):
            raise SchemaMismatch(f"{where}: required header {name} missing")
    content = documented.get("content")
    body = response.content
    if not content:
        if body:
            raise SchemaMismatch(f"{where}: a body where the schema documents none: {body[:200]!r}")
        return
    media_type = response.get("Content-Type", "").split(";")[0].strip()
    if media_type not in content:
        raise SchemaMismatch(f"{where}: Content-Type {media_type!r} not documented ({', '.join(content)})")
    if media_type != "application/json":
        return
    data = json.loads(body)
    errors = sorted(_validator(template, method, status, media_type).iter_errors(data), key=str)
    if errors:
        first = errors[0]
        location = "/".join(str(part) for part in first.absolute_path)
        raise SchemaMismatch(f"{where}: body does not match the schema at '{location}': {first.message}")
