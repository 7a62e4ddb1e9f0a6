"""The API's JSON renderer: the bytes DRF's JSONRenderer makes, written by orjson.

DRF renders with `json.dumps` and its encoder: about 0.6M instructions for the 5 kB list of a
learner's enrolments. orjson writes the same bytes for the values the API is made of (str, int,
bool, None, dict, list, tuple, UUID, most floats) in a tenth of that. Where it would not, DRF
renders the answer, so no value renders differently and DRF's refusals stay its own:

- floats that orjson spells differently (below 1e-4: `0.00001` for `1e-05`, `1e-7` for
  `1e-07`), and NaN or infinity, which orjson writes as null where DRF refuses them (STRICT_JSON);
- Enum members, which orjson writes by value and DRF refuses (or writes as their int or str);
- what orjson refuses: keys that are not exactly str, integers beyond 64 bits, nesting deeper
  than 255, text that is not valid UTF-8;
- anything DRF's encoder would iterate (querysets, generators, sets, other objects), left to it
  rather than consumed twice.

A walk over the dicts, lists and tuples (`_written_exactly`) finds the first two before orjson
runs; orjson raises on the third. Dates and times, Decimals, lazy translations and subclasses of
str, int, float, list, tuple and dict are passed to `_default` (orjson's passthrough options),
which writes them by json.dumps' and DRF's encoder's rules. Indentation, ASCII-only output or
non-compact separators (`application/json; indent=4`, UNICODE_JSON, COMPACT_JSON) go to DRF.

With API_RENDERER_SHADOW_CHECK (the test settings) every answer is also rendered by DRF and any
difference is an AssertionError, so every response the test suite makes checks the claim.
"""

import datetime
import decimal
import enum
import ipaddress
import uuid
from types import NoneType

import orjson
from django.conf import settings
from django.utils.functional import Promise
from rest_framework import renderers
from rest_framework.utils import encoders

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS

# Types orjson writes byte for byte as json.dumps does (an int beyond 64 bits it refuses).
_PLAIN = frozenset({str, int, bool, NoneType, uuid.UUID})
# Types orjson writes by its own rules, where DRF's encoder would refuse them.
_ORJSON_ONLY = (enum.Enum, orjson.Fragment)
_MAX_DEPTH = 255  # orjson refuses deeper nesting; it bounds a cycle too
_INF = float("inf")

# What `_default` hands to DRF's encoder: the types its default() turns into a str or a number.
_DRF_SCALARS = (
    Promise,
    datetime.date,  # and datetime.datetime
    datetime.time,
    datetime.timedelta,
    decimal.Decimal,
    uuid.UUID,
    ipaddress.IPv4Address,
    ipaddress.IPv6Address,
    ipaddress.IPv4Network,
    ipaddress.IPv6Network,
    ipaddress.IPv4Interface,
    ipaddress.IPv6Interface,
    bytes,
)
_drf_default = encoders.JSONEncoder().default


class _LeaveToDRF(Exception):
    """Raised inside orjson's default hook: this answer is DRF's to render."""


def _written_exactly(container, depth: int = 0) -> bool:
    """Whether orjson writes the values in a dict, list or tuple as json.dumps does, as far as the
    values it writes itself go: values of other types are passed to `_default`, which checks what
    it turns them into. orjson spells floats as repr() does from 1e-4 up (and 0.0), not below
    (`0.00001`, `1e-7`), and writes NaN and infinity as null."""
    if depth > _MAX_DEPTH:
        return False
    for value in container.values() if type(container) is dict else container:
        cls = type(value)
        if cls in _PLAIN:
            continue
        if cls is dict or cls is list or cls is tuple:
            if not _written_exactly(value, depth + 1):
                return False
        elif cls is float:
            if not (value == 0.0 or 1e-4 <= abs(value) < _INF):
                return False
        elif isinstance(value, _ORJSON_ONLY):
            return False
    return True


def _checked(value):
    if not _written_exactly((value,)):
        raise _LeaveToDRF
    return value


def _default(obj):
    """What json.dumps writes for a value orjson passes through, as a value orjson writes exactly."""
    if type(obj) is datetime.datetime:  # the common case, by DRF's encoder's rule
        text = obj.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    # json.dumps writes subclasses of the JSON types as their base type, in this order.
    if isinstance(obj, str):
        return str.__str__(obj)  # the text itself, whatever __str__ says
    if isinstance(obj, int):
        return int.__int__(obj)
    if isinstance(obj, float):
        return _checked(float.__float__(obj))
    if isinstance(obj, (list, tuple)):
        return _checked(list(obj))
    if isinstance(obj, dict):
        items = list(obj.items())  # what json.dumps iterates for a dict subclass
        copy = dict(items)
        if len(copy) != len(items):
            raise _LeaveToDRF
        return _checked(copy)
    if isinstance(obj, _DRF_SCALARS):
        return _checked(_drf_default(obj))
    raise _LeaveToDRF  # anything iterable or unknown: DRF's encoder decides, once


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSONRenderer, faster: the same bytes (and the same refusals) for every value."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        body = self._render_fast(data, accepted_media_type, renderer_context or {})
        if body is None:
            return super().render(data, accepted_media_type, renderer_context)
        if settings.API_RENDERER_SHADOW_CHECK:
            self._check(body, data, accepted_media_type, renderer_context)
        return body

    def _render_fast(self, data, accepted_media_type, renderer_context) -> bytes | None:
        """The body by orjson, or None where DRF has to render it."""
        if self.ensure_ascii or not self.compact or not self.strict or self.encoder_class is not encoders.JSONEncoder:
            return None
        if accepted_media_type and accepted_media_type != self.media_type:
            indent = self.get_indent(accepted_media_type, renderer_context)
        else:  # what get_indent answers without media type parameters
            indent = renderer_context.get("indent")
        if indent is not None or not _written_exactly((data,)):
            return None
        try:
            body = orjson.dumps(data, default=_default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            return None  # refused, by orjson or by `_default`: DRF renders it or raises its own error
        # DRF escapes these two so that the body is also valid JavaScript.
        return body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")

    def _check(self, body, data, accepted_media_type, renderer_context) -> None:
        try:
            expected = super().render(data, accepted_media_type, renderer_context)
        except Exception as exc:
            raise AssertionError(f"DRF's JSONRenderer refuses what orjson rendered as {body[:200]!r}") from exc
        if body != expected:
            raise AssertionError(f"orjson rendered {body[:2000]!r}, DRF's JSONRenderer {expected[:2000]!r}")
