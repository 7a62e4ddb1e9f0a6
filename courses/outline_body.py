"""A published course's outline as JSON bytes, made from pieces rendered once per content version.

Everything in the outline is the same for every reader except three fields of each lesson
(`locked`, `unlocks_at`, `completed`). The shared cache keeps the rest as the bytes DRF's JSON
renderer makes for it, cut where those fields go; a request renders only each lesson's three
fields and joins. Rendering the whole answer (about 7 kB for thirty lessons) was 0.77M
instructions of a 5.0M signed-in outline, and merging the states into a copy of the cached dict
0.15M; unpickling the dict was most of the cache read's 0.78M.
"""

import hashlib
import uuid
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import NamedTuple

from django.utils.http import quote_etag
from rest_framework.renderers import JSONRenderer

from enrollments.access import LessonTiming
from enrollments.outline import LOCKED, OPEN, OPEN_DONE, LessonState

from .models import Course

_STATE_FIELDS = ("locked", "unlocks_at", "completed")


class PublishedOutline(NamedTuple):
    course: Course  # detached: the fields the lesson states read, no relations
    lessons: tuple[LessonTiming, ...]  # in the outline's order
    pieces: tuple[bytes, ...]  # the JSON body cut at each lesson's state fields: one more than the lessons
    digest: bytes  # of the pieces: with the state fields, it makes the ETag


def _render(data) -> bytes:
    return JSONRenderer().render(data)


def outline_pieces(data: dict) -> tuple[bytes, ...]:
    """The rendered outline (a CourseDetailSerializer's data) cut at each lesson's state fields."""
    # Every lesson's state fields get the same values, around a marker no text can hold by chance,
    # and the rendered body is split at their rendering.
    marker = f"state-{uuid.uuid4().hex}"
    count = 0
    modules = []
    for module in data["modules"]:
        lessons = []
        for item in module["lessons"]:
            lessons.append({**item, "locked": marker, "unlocks_at": None, "completed": False})
            count += 1
        modules.append({**module, "lessons": lessons})
    body = _render({**data, "modules": modules})
    pieces = body.split(_render(dict(zip(_STATE_FIELDS, (marker, None, False), strict=True)))[1:-1])
    if len(pieces) != count + 1:  # the three fields are not next to each other, in this order
        raise RuntimeError(f"The outline's lessons do not end with {', '.join(_STATE_FIELDS)} in that order.")
    return tuple(pieces)


def outline_digest(pieces: tuple[bytes, ...]) -> bytes:
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(len(piece).to_bytes(8, "big"))
        digest.update(piece)
    return digest.digest()


def _state_json(state: LessonState) -> bytes:
    unlocks_at = state.unlocks_at
    if unlocks_at is None:
        return _state_fields_json(state.locked, None, state.completed)
    return _dated_state_json(state.locked, unlocks_at, unlocks_at.tzinfo, unlocks_at.fold, state.completed)


@lru_cache(maxsize=4096)  # a few per drip step, enrolment day and zone in use
def _dated_state_json(locked: bool, unlocks_at: datetime, zone: tzinfo | None, fold: int, completed: bool) -> bytes:
    # In the learner's own time zone: local midnight reads as midnight. Keyed by the time with its
    # zone and fold, which decide how it is written: equal instants in two zones are equal datetimes,
    # but not the same answer. (Writing it on every request was 29 isoformat() calls an outline.)
    return _state_fields_json(locked, unlocks_at.isoformat(), completed)


@lru_cache(maxsize=4096)  # four values without an unlock time, and a few per drip step and day
def _state_fields_json(locked: bool, unlocks_at: str | None, completed: bool) -> bytes:
    return _render({"locked": locked, "unlocks_at": unlocks_at, "completed": completed})[1:-1]


def outline_body(outline: PublishedOutline, states: list[LessonState]) -> tuple[bytes, str]:
    """The outline's JSON with the lessons' states (in the outline's order), byte for byte what
    DRF renders for its data, and its ETag: the pieces' digest with the state fields (what else
    could change is in the pieces)."""
    plain = _plain_state_json()
    fields = [_state_json(state) if state.unlocks_at else plain[state] for state in states]
    pieces = outline.pieces
    parts = [pieces[0]]
    for field, piece in zip(fields, pieces[1:], strict=True):
        parts.append(field)
        parts.append(piece)
    etag = hashlib.sha256(outline.digest + b"\n".join(fields)).hexdigest()[:32]
    return b"".join(parts), quote_etag(etag)


@lru_cache(maxsize=1)
def _plain_state_json() -> dict[LessonState, bytes]:
    """The state fields of the states without an unlock time."""
    plain = (OPEN, OPEN_DONE, LOCKED, LessonState(True, None, True))
    return {state: _state_fields_json(state.locked, None, state.completed) for state in plain}
