"""The API's JSON renderer makes exactly DRF's JSONRenderer's bytes, and refuses what it refuses."""

import collections
import dataclasses
import datetime
import decimal
import enum
import ipaddress
import math
import uuid
import zoneinfo
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.utils.datastructures import MultiValueDict
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework import renderers
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from courseplatform.renderers import JSONRenderer

UTC = datetime.UTC
LONDON = zoneinfo.ZoneInfo("Europe/London")
KOLKATA = zoneinfo.ZoneInfo("Asia/Kolkata")


@pytest.fixture(autouse=True)
def _no_shadow_check(settings):
    # Compare the renderer's own output with DRF's here; the shadow check is tested on its own.
    settings.API_RENDERER_SHADOW_CHECK = False


def outcome(renderer, value, media_type="application/json", context=None):
    try:
        return renderer.render(value, media_type, context)
    except Exception as exc:  # the same refusal is the point
        return type(exc)


def assert_same(value, media_type="application/json", context=None):
    ours = outcome(JSONRenderer(), value, media_type, context)
    assert ours == outcome(renderers.JSONRenderer(), value, media_type, context)
    return ours


class Colour(enum.Enum):
    RED = 1


class Level(enum.IntEnum):
    ONE = 1


class Kind(enum.StrEnum):
    VIDEO = "video"


class Id(uuid.UUID):
    def __str__(self):
        return "id-" + super().__str__()


class Text(str):
    def __str__(self):
        return "not the text"


class Number(int):
    pass


class Real(float):
    pass


Point = collections.namedtuple("Point", "x y")


@dataclasses.dataclass
class Pair:
    a: int = 1


def _moved():
    ordered = collections.OrderedDict(a=1, b=2)
    ordered.move_to_end("a")
    return ordered


def _nested(depth):
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def _cycle():
    items: list = []
    items.append(items)
    return items


EDGES = {
    "floats": [0.0, -0.0, 1.0, 0.1, 1 / 3, 1e15, 1e16, 1e17, 1e-4, 1e-5, 1e-7, 1e-10, 5e-324, 1.7976931348623157e308],
    "small float": 0.00001234,
    "nan": float("nan"),
    "infinity": [float("inf")],
    "minus infinity": {"a": float("-inf")},
    "nan in a dict": {"x": [1, {"y": math.nan}]},
    "decimal": decimal.Decimal("1.5"),
    "decimal tiny": decimal.Decimal("0.00001"),
    "decimal nan": decimal.Decimal("NaN"),
    "decimal big": decimal.Decimal("123456789012345678901234567890"),
    "aware utc": datetime.datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
    "aware with microseconds": datetime.datetime(2026, 3, 1, 9, 30, 0, 120, tzinfo=UTC),
    "zero offset not utc": datetime.datetime(2026, 1, 5, 8, 0, tzinfo=LONDON),
    "half hour zone": datetime.datetime(2026, 1, 5, 8, 0, tzinfo=KOLKATA),
    "naive": datetime.datetime(2026, 1, 5, 8, 0),
    "old with seconds offset": datetime.datetime(1850, 1, 1, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam")),
    "year 5": datetime.datetime(5, 1, 1, tzinfo=UTC),
    "date": datetime.date(2026, 2, 28),
    "time": datetime.time(7, 5, 3, 9),
    "aware time": datetime.time(7, 5, tzinfo=UTC),
    "timedelta": datetime.timedelta(days=1, seconds=3, microseconds=5),
    "uuid": uuid.UUID(int=12345),
    "uuid subclass": Id(int=12345),
    "lazy": gettext_lazy("This field is required."),
    "lazy in a list": [gettext_lazy("Not found.")],
    "int key": {1: "a"},
    "mixed keys": {"a": 1, 2: "b", None: 3, True: 4, 1.5: 5},
    "tuple key": {(1, 2): 3},
    "big int": 2**64,
    "64-bit ints": [2**64 - 1, -(2**63), 2**63],
    "very negative": -(2**63) - 1,
    "safe string": mark_safe("<b>bold</b>"),
    "str subclass with __str__": Text("the text"),
    "str subclass key": {mark_safe("k"): 1},
    "int subclass": Number(7),
    "float subclass": Real(2.5),
    "float subclass tiny": Real(1e-7),
    "plain enum": Colour.RED,
    "int enum": [Level.ONE],
    "str enum": {"kind": Kind.VIDEO},
    "tuple": (1, "a", None),
    "namedtuple": Point(1, 2),
    "set": {3},
    "frozenset": frozenset(),
    "range": range(3),
    "ordered dict moved": _moved(),
    "multi value dict": MultiValueDict({"a": [1, 2]}),
    "return dict": ReturnDict({"a": [1]}, serializer=None),
    "return list": ReturnList([{"a": 1}], serializer=None),
    "line separators": "a\u2028b\u2029c",
    "controls": '\x00\x01\x1f\x7f\b\f\n\r\t"\\/',
    "non-ascii": "é ü 中文 😀",
    "lone surrogate": "\ud800",
    "bytes": b"abc",
    "bad bytes": b"\xff",
    "ip": ipaddress.ip_address("10.0.0.1"),
    "ip network": ipaddress.ip_network("10.0.0.0/8"),
    "dataclass": Pair(),
    "object": object(),
    "bool and none": [True, False, None],
    "empty": [{}, [], ""],
    "top-level string": "text",
    "top-level int": 5,
    "nested 300 deep": _nested(300),
    "cycle": _cycle(),
}


@pytest.mark.parametrize("value", EDGES.values(), ids=EDGES.keys())
def test_edge_values_render_as_drf_renders_them(value):
    assert_same(value)


def test_generators_render_as_drf_renders_them():
    def numbers():
        return (n for n in range(3))

    assert JSONRenderer().render({"a": numbers()}) == renderers.JSONRenderer().render({"a": numbers()})


def test_plain_values_are_rendered_by_orjson_not_drf():
    row = {"a": "é", "when": datetime.datetime(2026, 1, 1, tzinfo=UTC)}
    data = {"count": 2, "results": ReturnList([row], serializer=None)}
    with mock.patch.object(renderers.JSONRenderer, "render", side_effect=AssertionError("DRF used")):
        body = JSONRenderer().render(data, "application/json")
    assert body == b'{"count":2,"results":[{"a":"\xc3\xa9","when":"2026-01-01T00:00:00Z"}]}'


@pytest.mark.parametrize(
    ("media_type", "context"),
    [
        ("application/json; indent=4", None),
        ("application/json; indent=0", None),
        ("application/json; indent=x", None),
        ("application/json; charset=utf-8", None),
        ("application/json", {"indent": 2}),
        (None, None),
        ("*/*", None),
    ],
)
def test_indentation_and_media_type_parameters_render_as_drf(media_type, context):
    assert_same({"a": [1, {"b": "\u2028"}]}, media_type, context)


@pytest.mark.parametrize(("attribute", "value"), [("ensure_ascii", True), ("compact", False), ("strict", False)])
def test_unicode_compact_and_strict_settings_are_honoured(monkeypatch, attribute, value):
    monkeypatch.setattr(JSONRenderer, attribute, value)
    monkeypatch.setattr(renderers.JSONRenderer, attribute, value)
    for data in ({"a": "é\u2028", "b": [1.5, None]}, {"n": float("nan")}):
        assert_same(data)


def test_nothing_renders_as_no_bytes():
    assert assert_same(None) == b""


def test_the_api_renders_with_this_renderer():
    assert django_settings.REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"][0] == "courseplatform.renderers.JSONRenderer"


def test_the_shadow_check_is_on_in_the_test_settings():
    from courseplatform.settings import test as test_settings

    assert test_settings.API_RENDERER_SHADOW_CHECK is True


def test_the_shadow_check_fails_on_a_byte_of_difference(settings):
    settings.API_RENDERER_SHADOW_CHECK = True
    dumps = mock.patch("courseplatform.renderers.orjson.dumps", return_value=b'{"a": 1}')
    with dumps, pytest.raises(AssertionError, match="DRF's JSONRenderer"):
        JSONRenderer().render({"a": 1}, "application/json")


def test_the_shadow_check_fails_on_what_drf_refuses(settings):
    settings.API_RENDERER_SHADOW_CHECK = True
    unchecked = mock.patch("courseplatform.renderers._written_exactly", return_value=True)
    with unchecked, pytest.raises(AssertionError, match="refuses"):
        JSONRenderer().render({"a": float("nan")}, "application/json")


def test_an_api_response_goes_through_the_shadow_check(client, settings, db):
    assert client.get("/api/v1/enrollments/").status_code == 401
    settings.API_RENDERER_SHADOW_CHECK = True
    with mock.patch("courseplatform.renderers.orjson.dumps", return_value=b"{}"), pytest.raises(AssertionError):
        client.get("/api/v1/enrollments/")


# --- generated values --------------------------------------------------------------------------

_zones = st.sampled_from([UTC, LONDON, KOLKATA, zoneinfo.ZoneInfo("America/St_Johns"), None])
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.floats(min_value=-1e-3, max_value=1e-3)
    | st.text()
    | st.text(alphabet=st.characters(codec="utf-8"))
    | st.sampled_from(["\u2028", "\u2029", "\x7f", "\x00", '"', "\\", "/", "é"])
    | st.datetimes(timezones=_zones)
    | st.dates()
    | st.times()
    | st.timedeltas()
    | st.decimals(allow_nan=False, places=2, max_value=10**6, min_value=-(10**6))
    | st.uuids()
)
_keys = st.text(max_size=8) | st.integers(min_value=-5, max_value=5)
_values = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=5)
        | st.tuples(children, children)
        | st.dictionaries(_keys, children, max_size=5)
        | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(_values)
def test_generated_values_render_as_drf_renders_them(value):
    assert_same(value)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(max_size=10),
        st.text() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.none() | st.booleans(),
        max_size=10,
    )
)
def test_generated_plain_answers_are_orjsons(value):
    with mock.patch.object(renderers.JSONRenderer, "render", side_effect=AssertionError("DRF used")):
        body = JSONRenderer().render({"results": [value]}, "application/json")
    assert body == renderers.JSONRenderer().render({"results": [value]}, "application/json")
