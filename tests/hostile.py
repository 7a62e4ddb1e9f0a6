"""A corpus of hostile requests for every operation of the served OpenAPI schema.

Invalid UTF-8 and NUL bytes in each part of a request (path, query, headers, body), nesting,
oversize bodies and strings, wrong types, negative and huge numbers, unknown ids. Used by
tests/test_hostile_input.py in process and by the end-to-end run against gunicorn.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

BAD_SEGMENTS = {
    "invalid utf-8": "%ff%fe",
    "encoded surrogate": "%ed%a0%80",
    "nul": "%00",
    "negative": "-1",
    "huge number": "9" * 30,
    "long": "x" * 3000,
    "unknown id": "987654321",
}
# Query values: the same less the ones only a path can get wrong.
BAD_QUERY_VALUES = {k: v for k, v in BAD_SEGMENTS.items() if k not in {"unknown id", "negative"}}
BAD_HEADERS = {
    "authorization not utf-8": {"Authorization": "Bearer \xff\xfe"},
    "authorization long": {"Authorization": "Bearer " + "a" * 5000},
    "cookie not utf-8": {"Cookie": "sessionid=\xff; csrftoken=\xfe"},
    "request id not utf-8": {"X-Request-ID": "\xff\xfe" * 40},
    "charset unknown": {"Content-Type": "application/json; charset=\xff"},
    "content type junk": {"Content-Type": "\xff/\xfe"},
}
WRONG_VALUES = {
    "list": [1, 2],
    "object": {"a": 1},
    "huge int": 10**30,
    "negative int": -(10**30),
    "nul string": "a\x00b",
    "surrogate string": "\ud800",
    "long string": "x" * 100_000,
    "null": None,
    "long list": list(range(20_000)),
}
NESTED_DEEP = "[" * 950 + "]" * 950
NESTED_OBJECTS = '{"a":' * 30 + "1" + "}" * 30


@dataclass
class Hostile:
    label: str
    method: str
    path: str  # already percent-encoded
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    content_type: str = "application/json"
    must_refuse: bool = False  # a 4xx, not merely "no 5xx"


def operations(schema: dict) -> list[tuple[str, str, dict]]:
    """(method, path template, operation) for every operation, the ones that delete last."""
    ops = [
        (method.upper(), path, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    return sorted(ops, key=lambda op: (op[0] == "DELETE", op[1]))


def _fill(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def _request_properties(schema: dict, op: dict) -> dict:
    content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    body_schema = content.get("schema", {})
    ref = body_schema.get("$ref")
    if ref:
        body_schema = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return body_schema.get("properties", {})


def requests_for(schema: dict, method: str, template: str, op: dict, ids: dict[str, str]) -> Iterator[Hostile]:
    params = [p for p in op.get("parameters", []) if p["in"] in {"path", "query"}]
    path_names = [p["name"] for p in params if p["in"] == "path"]
    good = {name: quote(str(ids.get(name, "1")), safe="") for name in path_names}
    path = _fill(template, good)
    has_body = "requestBody" in op

    yield Hostile("as is", method, path)
    for name in path_names:
        for label, segment in BAD_SEGMENTS.items():
            yield Hostile(f"path {name}: {label}", method, _fill(template, {**good, name: segment}))
    for name in [p["name"] for p in params if p["in"] == "query"]:
        for label, value in BAD_QUERY_VALUES.items():
            yield Hostile(f"query {name}: {label}", method, f"{path}?{name}={value}")
    yield Hostile("query not utf-8", method, f"{path}?%ff%fe=%ff&search=%ed%a0%80")
    yield Hostile("query nul", method, f"{path}?a=%00")
    for label, headers in BAD_HEADERS.items():
        yield Hostile(f"header {label}", method, path, headers=headers, body=b'{"a": 1}' if has_body else None)
    if method == "GET":
        return
    refuse = has_body
    yield Hostile("body not utf-8", method, path, body=b'{"a": "\xff\xfe"}', must_refuse=refuse)
    yield Hostile("body not json", method, path, body=b"\xff\xfe{", must_refuse=refuse)
    yield Hostile("body nested 950", method, path, body=NESTED_DEEP.encode(), must_refuse=refuse)
    yield Hostile("body nested objects", method, path, body=NESTED_OBJECTS.encode(), must_refuse=refuse)
    yield Hostile("body oversize", method, path, body=b'{"a": "' + b"x" * (2 * 1024 * 1024) + b'"}', must_refuse=True)
    fields = "&".join(f"f{i}=1" for i in range(3000)).encode()
    yield Hostile(
        "form too many fields",
        method,
        path,
        body=fields,
        content_type="application/x-www-form-urlencoded",
        must_refuse=refuse,
    )
    yield Hostile(
        "multipart junk", method, path, body=b"--x\r\n\xff\xfe", content_type="multipart/form-data; boundary=x"
    )
    for label, document in {"list": [], "string": "x", "number": 1, "null": None}.items():
        yield Hostile(f"body is a {label}", method, path, body=json.dumps(document).encode(), must_refuse=refuse)
    for name in _request_properties(schema, op):
        for label, value in WRONG_VALUES.items():
            body = json.dumps({name: value}).encode()
            yield Hostile(f"field {name}: {label}", method, path, body=body)


def problems(hostile: Hostile, status: int, content_type: str, content: bytes) -> str | None:
    """What is wrong with this answer to a hostile request, or None."""
    where = f"{hostile.method} {hostile.path[:120]} [{hostile.label}] -> {status} {content_type}"
    if status >= 500:
        return f"{where}: server error {content[:300]!r}"
    if "html" in content_type:
        return f"{where}: HTML"
    if content and not content_type.startswith("application/json"):
        return f"{where}: not JSON {content[:200]!r}"
    if hostile.must_refuse and not 400 <= status < 500:
        return f"{where}: accepted"
    if status >= 400:
        try:
            body = json.loads(content)
        except ValueError:
            return f"{where}: error body is not JSON {content[:200]!r}"
        if not isinstance(body, dict) or "code" not in body or "message" not in body:
            return f"{where}: error body lacks code/message {content[:200]!r}"
    return None
