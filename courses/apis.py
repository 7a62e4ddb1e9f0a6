from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from courseplatform.conditional import ETagMixin, JSONBytesResponse
from courseplatform.httpcache import cache_key, cached_content_value
from courseplatform.query import StrictFilterSet, query_value
from enrollments.access import LessonTiming
from enrollments.outline import outline_lesson_states, outline_lessons

from .models import Course
from .outline_body import PublishedOutline, outline_body, outline_digest, outline_pieces
from .selectors import challenge_list_published, course_list_published, course_outline_get
from .serializers import ChallengeSerializer, CourseDetailSerializer, CourseListSerializer


class CourseFilter(StrictFilterSet):
    level = filters.ChoiceFilter(choices=Course.Level.choices)
    drip_mode = filters.ChoiceFilter(choices=Course.DripMode.choices)

    class Meta:
        model = Course
        fields = ["level", "drip_mode"]


@extend_schema_view(
    get=extend_schema(
        operation_id="listCourses",
        summary="The catalogue",
        description=(
            "Published courses, a page at a time. `search` looks in titles and summaries; filter by `level` "
            "and `drip_mode`; `ordering` by `title`, `published_at` (newest first with `-published_at`), "
            "`lesson_count` or `total_duration_seconds`."
        ),
    )
)
class CourseListApi(ETagMixin, generics.ListAPIView):
    """The published catalogue. Search title and summary, filter by level, order by title,
    newest, lesson count or duration."""

    openapi_tag = "Catalogue"
    permission_classes = [AllowAny]
    serializer_class = CourseListSerializer
    shared_response = True  # anonymous reads answered whole (courseplatform.httpcache)
    filterset_class = CourseFilter
    search_fields = ["title", "summary"]
    ordering_fields = ["title", "published_at", "lesson_count", "total_duration_seconds"]
    ordering = ["title"]

    def get_queryset(self):
        return course_list_published()

    def list(self, request, *args, **kwargs):
        # The same for everyone: one shared cached answer per query string (and host, which the
        # pagination links name), retired at once by any content change (courseplatform.httpcache).
        # ETagMixin then gives it its ETag and answers If-None-Match.
        key = cache_key("catalogue", request.scheme, request.get_host(), request.META.get("QUERY_STRING", ""))
        return Response(cached_content_value(key=key, build=lambda: super(CourseListApi, self).list(request).data))


@extend_schema_view(
    get=extend_schema(
        operation_id="getCourse",
        summary="A course and its outline",
        description=(
            "The course with its modules, their lessons (and each lesson's quiz) in order, and its challenges. "
            "Signed in, every lesson says whether it is `locked` for you, when it unlocks (`unlocks_at`, in your "
            "time zone) and whether you `completed` it; anonymous callers see free previews unlocked and "
            "everything else locked. Unpublished courses are a 404 except for their instructors."
        ),
    )
)
class CourseDetailApi(ETagMixin, generics.RetrieveAPIView):
    """A course with its outline. Drafts and archived courses are 404 except for their instructors."""

    openapi_tag = "Catalogue"
    permission_classes = [AllowAny]
    serializer_class = CourseDetailSerializer

    def get_object(self):
        try:
            return course_outline_get(slug=self.kwargs["slug"], user=self.request.user)
        except Course.DoesNotExist:
            raise Http404 from None

    def retrieve(self, request, *args, **kwargs):
        user = request.user
        outline = None if user.is_staff or user.is_superuser else _published_outline(self.kwargs["slug"])
        if outline is None:  # instructors, and courses that are not published: built afresh
            course = self.get_object()
            return Response(_outline_data(course, user))
        states = outline_lesson_states(course=outline.course, user=user, now=timezone.now(), lessons=outline.lessons)
        body, etag = outline_body(outline, states)
        return JSONBytesResponse(body, etag=etag)


def _published_outline(slug: str) -> PublishedOutline | None:
    """A published course's outline as everyone sees it, rendered but for each lesson's state
    fields (courses.outline_body), with the course row and the lesson timings the states need,
    from the shared cache (courseplatform.httpcache); None if not published."""
    key = cache_key("outline-body", slug)  # a new prefix for each new shape of the entry

    def build():
        try:
            course = course_outline_get(slug=slug, user=AnonymousUser())
        except Course.DoesNotExist:
            return None
        pieces = outline_pieces(_outline_data(course, AnonymousUser()))
        # A detached course (no prefetched relations) and plain timings: small to keep and quick to
        # unpickle (thirty lesson instances were a tenth of a signed-in outline), all the states read.
        timings = tuple(LessonTiming.of(lesson) for lesson in outline_lessons(course))
        return PublishedOutline(_detached(course), timings, pieces, outline_digest(pieces))

    # Kept in the process too: unpickling it from the shared cache was a tenth of the request.
    return cached_content_value(key=key, build=build, in_process=True)


def _outline_data(course: Course, user) -> dict:
    """The outline of a course from course_outline_get, with each lesson's state for the user."""
    lessons = outline_lessons(course)
    states = outline_lesson_states(course=course, user=user, now=timezone.now(), lessons=lessons)
    context = {"lesson_states": {lesson.id: state for lesson, state in zip(lessons, states, strict=True)}}
    return CourseDetailSerializer(course, context=context).data


def _detached(obj):
    return type(obj)(**{f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields})


class ChallengeListApi(generics.ListAPIView):
    """Challenges of published courses, ordered by number; `?course=<slug>` for one course."""

    permission_classes = [AllowAny]
    serializer_class = ChallengeSerializer
    filter_backends: list = []

    @extend_schema(
        operation_id="listChallenges",
        summary="Challenges",
        description=(
            "The challenges of published courses, by course and number. `course` narrows them to one "
            "course; an unknown slug gives an empty list. Respond to one with `respondToChallenge`."
        ),
        parameters=[OpenApiParameter("course", OpenApiTypes.STR, description="A course slug.")],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return challenge_list_published(course_slug=query_value(self.request, "course"))
