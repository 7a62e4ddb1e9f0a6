from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from courseplatform.conditional import ETagMixin
from enrollments.access import lesson_access_check, lesson_progress_read
from enrollments.models import QuizAttempt
from enrollments.services import lesson_complete, lesson_uncomplete

from .models import Quiz
from .selectors import (
    lesson_for_progress_queryset,
    lesson_queryset,
    quiz_access_check,
    quiz_attempt_get_for_user,
    quiz_attempt_list_for_user,
    quiz_detail_for_user,
    quiz_queryset,
)
from .serializers import (
    LessonContentSerializer,
    QuizAttemptAnswersSerializer,
    QuizAttemptSerializer,
    QuizAttemptStartSerializer,
    QuizSerializer,
    quiz_attempt_data,
    quiz_attempt_submission_parse,
)
from .services import quiz_attempt_start, quiz_attempt_submit, quiz_for_attempts_get


class LessonDetailApi(ETagMixin, APIView):
    """Lesson content: enrolled learners once the lesson is unlocked, anyone for a free preview."""

    permission_classes = [AllowAny]
    error_codes = {"GET": {401: ["not_authenticated"], 403: ["not_enrolled", "locked"]}}

    @extend_schema(
        operation_id="getLesson",
        summary="A lesson's content",
        description=(
            "The lesson with its Markdown `body` and the same as safe HTML in `body_html`. Free previews "
            "are open to everyone; other lessons need a token and an enrolment in the course (403 "
            "`not_enrolled`, with the `course` to enrol in) and, on a drip course, the lesson to be "
            "unlocked (403 `locked`, with `unlocks_at`)."
        ),
        responses=LessonContentSerializer,
    )
    def get(self, request, lesson_id: int):
        lesson = get_object_or_404(lesson_queryset(), pk=lesson_id)
        access = lesson_access_check(user=request.user, lesson=lesson, now=timezone.now())
        lesson.unlocks_at = access.unlocks_at  # type: ignore[attr-defined]  # read by LessonContentSerializer
        return Response(LessonContentSerializer(lesson).data)


completion_response = inline_serializer(
    "LessonCompletion", {"lesson": serializers.IntegerField(), "completed_at": serializers.DateTimeField()}
)
completion_example = OpenApiExample(
    "Done",
    response_only=True,
    status_codes=["200", "201"],
    value={"lesson": 12, "completed_at": "2026-11-30T08:15:00Z"},
)


class LessonCompletionApi(APIView):
    """POST marks the lesson done (idempotent); DELETE undoes it."""

    permission_classes = [IsAuthenticated]
    error_codes = {"*": {403: ["not_enrolled", "locked"]}}

    @extend_schema(
        operation_id="completeLesson",
        summary="Mark a lesson done",
        description=(
            "Records that I finished the lesson: 201 the first time, 200 with the same record after "
            "(safe to repeat). Needs an enrolment (403 `not_enrolled`) and an unlocked lesson (403 `locked`)."
        ),
        request=None,
        responses={
            200: OpenApiResponse(completion_response, description="Already done: the first record."),
            201: OpenApiResponse(completion_response, description="Done."),
        },
        examples=[completion_example],
    )
    def post(self, request, lesson_id: int):
        read = lesson_progress_read(user=request.user, lesson_id=lesson_id)
        if read is None:
            raise Http404
        lesson = read.lesson
        completion, created = lesson_complete(user=request.user, lesson=lesson, read=read)
        return Response(
            {"lesson": lesson.id, "completed_at": completion.completed_at},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            headers={"Location": reverse("lesson-completion", args=[lesson.id])} if created else None,
        )

    @extend_schema(
        operation_id="uncompleteLesson",
        summary="Undo marking a lesson done",
        description="Removes my completion of the lesson (safe to repeat). A certificate already earned stays.",
        request=None,
        responses={204: OpenApiResponse(description="Not done any more.")},
    )
    def delete(self, request, lesson_id: int):
        lesson = get_object_or_404(lesson_for_progress_queryset(), pk=lesson_id)
        lesson_uncomplete(user=request.user, lesson=lesson)
        return Response(status=status.HTTP_204_NO_CONTENT)


class QuizDetailApi(APIView):
    """A quiz with its questions and choices, never the answers. Enrolled learners once the lesson
    is unlocked; instructors of the course and superusers without enrolment."""

    permission_classes = [IsAuthenticated]
    error_codes = {"GET": {403: ["not_enrolled", "locked"]}}

    @extend_schema(
        operation_id="getQuiz",
        summary="A quiz, its questions and my standing",
        description=(
            "The questions and their choices (never which are correct), the pass mark, the attempt and "
            "time limits, how many attempts I have used and have left, my best score, whether I passed, "
            "and my open attempt if I started one. Needs an enrolment and an unlocked lesson."
        ),
        responses=QuizSerializer,
    )
    def get(self, request, quiz_id: int):
        quiz = get_object_or_404(quiz_queryset(), pk=quiz_id)
        quiz_access_check(user=request.user, quiz=quiz, now=timezone.now())
        return Response(QuizSerializer(quiz_detail_for_user(quiz=quiz, user=request.user)).data)


ATTEMPT_EXAMPLE = {
    "id": 7,
    "quiz": 3,
    "number": 1,
    "started_at": "2026-11-30T09:00:00Z",
    "deadline_at": None,
    "submitted_at": "2026-11-30T09:04:10Z",
    "score": 3,
    "max_score": 4,
    "score_percent": 75,
    "passed": True,
    "timed_out": False,
    "results": [
        {
            "question": 11,
            "chosen": [41],
            "correct": True,
            "points_awarded": 1,
            "explanation": "Leaders set direction; managers run the process.",
            "correct_choices": [41],
        }
    ],
}
OPEN_ATTEMPT_EXAMPLE = {
    **ATTEMPT_EXAMPLE,
    "deadline_at": "2026-11-30T09:10:00Z",
    "submitted_at": None,
    "score": None,
    "max_score": None,
    "score_percent": None,
    "passed": None,
    "results": [],
}


class QuizAttemptListApi(generics.ListAPIView):
    """GET: my submitted attempts at the quiz, newest first, with results.

    POST `{"answers": [{"question": 1, "choices": [2]}]}` grades the answers: 201 with the result.
    POST `{"start": true}` opens an attempt (required first for a timed quiz): 201, or 200 with
    the attempt already open. 409 `attempt_limit` when the attempts are used up, 409 `time_over`
    after the deadline (the attempt is closed with score 0), 400 `not_started` for a timed quiz
    answered without starting.
    """

    permission_classes = [IsAuthenticated]
    serializer_class = QuizAttemptSerializer
    filter_backends: list = []
    error_codes = {
        "*": {403: ["not_enrolled", "locked"]},
        "POST": {400: ["not_started"], 409: ["attempt_limit", "time_over", "quiz_empty", "conflict"]},
    }

    def get_quiz(self) -> Quiz:
        return get_object_or_404(quiz_queryset(), pk=self.kwargs["quiz_id"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QuizAttempt.objects.none()
        quiz = self.get_quiz()
        quiz_access_check(user=self.request.user, quiz=quiz, now=timezone.now())
        return quiz_attempt_list_for_user(user=self.request.user, quiz=quiz)

    @extend_schema(
        operation_id="listQuizAttempts",
        summary="My graded attempts at a quiz",
        description=(
            "My submitted attempts, newest first, each with its score and per-question results. "
            "`correct_choices` stays null until the answers are earned: once an attempt passed, or once "
            "no attempts are left."
        ),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="submitQuizAttempt",
        summary="Start an attempt, or submit answers",
        description=(
            "Send one of two bodies.\n\n"
            '* `{"start": true}` opens an attempt: 201 with it, or 200 with the one already open. A timed '
            "quiz (`time_limit_seconds` not null) must be started first; its attempt has a `deadline_at`.\n"
            '* `{"answers": [{"question": 11, "choices": [41]}, ...]}` grades my answers: 201 with the '
            "result. Questions left out score zero. The open attempt, if any, is the one graded.\n\n"
            "Errors: 409 `attempt_limit` when no attempts are left (`max_attempts` says the limit), 409 "
            "`time_over` when a timed attempt's deadline has passed (the attempt is closed with score 0), "
            "400 `not_started` for answers to a timed quiz with no open attempt, 409 `quiz_empty` for a "
            "quiz without questions, 409 `conflict` when two submissions race (try again)."
        ),
        request=PolymorphicProxySerializer(
            component_name="QuizAttemptSubmission",
            serializers=[QuizAttemptStartSerializer, QuizAttemptAnswersSerializer],
            resource_type_field_name=None,
        ),
        responses={
            200: OpenApiResponse(QuizAttemptSerializer, description="The attempt already open (after a start)."),
            201: OpenApiResponse(QuizAttemptSerializer, description="The new open attempt, or the graded one."),
        },
        examples=[
            OpenApiExample("Start a timed attempt", request_only=True, value={"start": True}),
            OpenApiExample(
                "Submit answers",
                request_only=True,
                value={"answers": [{"question": 11, "choices": [41]}, {"question": 12, "choices": [44, 45]}]},
            ),
            OpenApiExample("Graded", response_only=True, status_codes=["201"], value=ATTEMPT_EXAMPLE),
            OpenApiExample("Started", response_only=True, status_codes=["200", "201"], value=OPEN_ATTEMPT_EXAMPLE),
        ],
    )
    def post(self, request, quiz_id: int):
        quiz = quiz_for_attempts_get(quiz_id=quiz_id)
        submission = quiz_attempt_submission_parse(request.data)
        if submission.get("start"):
            attempt, created = quiz_attempt_start(user=request.user, quiz=quiz)
            code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        else:
            attempt = quiz_attempt_submit(user=request.user, quiz=quiz, answers=submission["answers"])
            code = status.HTTP_201_CREATED
        location = reverse("quiz-attempt-detail", args=[quiz.id, attempt.id])
        return Response(
            quiz_attempt_data(attempt),  # QuizAttemptSerializer's output, without making the serializer
            status=code,
            headers={"Location": location} if code == status.HTTP_201_CREATED else None,
        )


class QuizAttemptDetailApi(APIView):
    """One of my attempts at a quiz, open or graded."""

    permission_classes = [IsAuthenticated]
    error_codes = {"GET": {403: ["not_enrolled", "locked"]}}

    @extend_schema(
        operation_id="getQuizAttempt",
        summary="One of my attempts",
        description=(
            "An attempt of mine, open (no score yet, `deadline_at` for a timed quiz) or graded. Anyone "
            "else's attempt is a 404."
        ),
        responses=QuizAttemptSerializer,
    )
    def get(self, request, quiz_id: int, attempt_id: int):
        quiz = get_object_or_404(quiz_queryset(), pk=quiz_id)
        quiz_access_check(user=request.user, quiz=quiz, now=timezone.now())
        attempt = get_object_or_404(quiz_attempt_get_for_user(user=request.user, quiz=quiz), pk=attempt_id)
        # Through the list serializer, which decides whether the correct answers are revealed.
        return Response(QuizAttemptSerializer([attempt], many=True).data[0])
