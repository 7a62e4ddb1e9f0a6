"""The published outline answered from pre-rendered pieces: the same bytes as DRF's rendering of
the serializer's data, its ETag following every change, and the copy kept in each process retired
with the content version."""

import datetime as dt
import hashlib
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from courseplatform import httpcache
from courses.apis import _outline_data
from courses.models import Course
from courses.outline_body import _state_json, outline_pieces
from courses.selectors import course_outline_get
from enrollments.outline import LessonState
from enrollments.services import enrollment_create

from .factories import CourseFactory, LessonFactory, ModuleFactory, QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def _course(**kwargs) -> Course:
    """Titles with what JSON escapes or DRF rewrites: quotes, a backslash, non-ASCII, U+2028."""
    course = CourseFactory(title='Lead "well" \\ now', summary="Führung\u2028heute \u2013 先", **kwargs)
    first = ModuleFactory(course=course, position=0, title="Start\u2029here")
    second = ModuleFactory(course=course, position=1, summary="")
    LessonFactory(module=first, position=0, title="Preview ✓", is_preview=True)
    quizzed = LessonFactory(module=first, position=1, title="Quizzed", unlock_after=1)
    QuestionFactory(quiz=QuizFactory(lesson=quizzed, title="Quiz «one»"))
    LessonFactory(module=second, position=0, title="Later", unlock_after=2, weekday=2)
    LessonFactory(module=second, position=1, title="Same step", unlock_after=2, weekday=2)
    return course


def _rendered_by_drf(course: Course, user) -> bytes:
    """What the serializer path (instructors, drafts) renders for this user now."""
    return JSONRenderer().render(_outline_data(course_outline_get(slug=course.slug, user=user), user))


@pytest.mark.parametrize("drip_mode", [Course.DripMode.NONE, Course.DripMode.DAILY, Course.DripMode.WEEKDAYS])
def test_the_outline_is_byte_for_byte_what_drf_renders(learner, learner_client, drip_mode):
    learner.timezone = "America/New_York"
    learner.save()
    course = _course(drip_mode=drip_mode)
    url = f"/api/v1/courses/{course.slug}/"
    with time_machine.travel(dt.datetime(2026, 3, 2, 6, tzinfo=UTC), tick=False):
        anonymous = APIClient().get(url)
        assert anonymous.content == _rendered_by_drf(course, AnonymousUser())
        enrollment_create(user=learner, course=course)
        preview = course.modules.get(position=0).lessons.get(position=0)
        assert learner_client.post(f"/api/v1/lessons/{preview.id}/completion/").status_code == 201
        signed_in = learner_client.get(url)
        assert signed_in.content == _rendered_by_drf(course, learner)
        assert signed_in["Content-Type"] == "application/json"
    locked = [item["locked"] for module in signed_in.json()["modules"] for item in module["lessons"]]
    assert locked == ([False] * 4 if drip_mode == Course.DripMode.NONE else [False, True, True, True])


def test_the_etag_changes_with_the_learners_states_and_not_otherwise(learner, learner_client):
    course = _course(drip_mode=Course.DripMode.DAILY)
    url = f"/api/v1/courses/{course.slug}/"
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=UTC), tick=False):
        enrollment_create(user=learner, course=course)
        first = learner_client.get(url)
        assert learner_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # A day later the day-1 lesson opens: same content, same completions, another answer.
    with time_machine.travel(dt.datetime(2026, 3, 3, 0, 1, tzinfo=UTC), tick=False):
        opened = learner_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert opened.status_code == 200 and opened["ETag"] != first["ETag"]
        assert opened.json()["modules"][0]["lessons"][1]["locked"] is False
        assert opened.content == _rendered_by_drf(course, learner)


def test_json_with_parameters_is_rendered_from_the_same_data(learner_client, learner):
    course = _course()
    enrollment_create(user=learner, course=course)
    url = f"/api/v1/courses/{course.slug}/"
    plain = learner_client.get(url)
    indented = learner_client.get(url, HTTP_ACCEPT="application/json; indent=2")
    assert indented.status_code == 200
    assert indented.content.startswith(b'{\n  "slug"')
    assert indented.json() == plain.json()
    # Its ETag is its own body's, as for every answer rendered by DRF.
    assert indented["ETag"] == f'"{hashlib.sha256(indented.content).hexdigest()[:32]}"'
    assert indented["ETag"] != plain["ETag"]


def test_pieces_need_the_state_fields_last_and_in_order():
    data = {"modules": [{"lessons": [{"id": 1, "locked": True, "completed": False, "unlocks_at": None}]}]}
    with pytest.raises(RuntimeError):
        outline_pieces(data)
    data["modules"][0]["lessons"][0] = {"id": 1, "locked": True, "unlocks_at": None, "completed": False}
    assert len(outline_pieces(data)) == 2


def test_a_value_kept_in_the_process_is_retired_with_the_content_version():
    built = []

    def build():
        built.append(1)
        return f"value {len(built)}"

    def read():
        return httpcache.cached_content_value(key="kept-test", build=build, in_process=True)

    assert (read(), read()) == ("value 1", "value 1")
    assert len(built) == 1
    cache.delete("kept-test")  # the shared entry gone: the process's copy still answers
    assert read() == "value 1"
    # Another process records a change: the version in the shared cache is all this one reads.
    cache.set(httpcache.CONTENT_VERSION_KEY, "set-by-another-process", None)
    assert read() == "value 2"
    assert read() == "value 2"


def test_an_outline_kept_in_the_process_shows_an_edit_at_once(learner_client, learner):
    course = _course()
    enrollment_create(user=learner, course=course)
    url = f"/api/v1/courses/{course.slug}/"
    assert learner_client.get(url).json()["title"] == course.title
    Course.objects.filter(pk=course.pk).update(title="Renamed in bulk")
    assert learner_client.get(url).json()["title"] == "Renamed in bulk"
    assert learner_client.get(url).content == _rendered_by_drf(course, learner)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # One instant in two zones: equal datetimes, written each in its own zone.
        (dt.datetime(2026, 3, 9, tzinfo=ZoneInfo("America/New_York")), dt.datetime(2026, 3, 9, 4, tzinfo=UTC)),
        # One wall time twice in New York as the clocks go back: equal datetimes, two offsets.
        (
            dt.datetime(2026, 11, 1, 1, 30, tzinfo=ZoneInfo("America/New_York")),
            dt.datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")),
        ),
    ],
)
def test_an_unlock_time_is_written_as_its_own_zone_and_fold_say(first, second):
    for unlocks_at in (first, second, first, second):  # each asked for twice: the second time from the cache
        field = _state_json(LessonState(True, unlocks_at, False))
        assert json.loads(b"{" + field + b"}")["unlocks_at"] == unlocks_at.isoformat()
    assert first.isoformat() != second.isoformat()
