from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from enrollments.access import lesson_access_check
from enrollments.models import QuizAttempt
from enrollments.services import lesson_complete, lesson_uncomplete

from .models import Quiz
from .selectors import (
    lesson_queryset,
    quiz_access_check,
    quiz_attempt_list_for_user,
    quiz_detail_for_user,
    quiz_queryset,
)
from .serializers import LessonContentSerializer, QuizAttemptSerializer, QuizAttemptSubmitSerializer, QuizSerializer
from .services import quiz_attempt_start, quiz_attempt_submit


class LessonDetailApi(APIView):
    """Lesson content: enrolled learners once the lesson is unlocked, anyone for a free preview."""

    permission_classes = [AllowAny]

    @extend_schema(responses=LessonContentSerializer)
    def get(self, request, lesson_id: int):
        lesson = get_object_or_404(lesson_queryset(), pk=lesson_id)
        access = lesson_access_check(user=request.user, lesson=lesson, now=timezone.now())
        lesson.unlocks_at = access.unlocks_at  # type: ignore[attr-defined]  # read by LessonContentSerializer
        return Response(LessonContentSerializer(lesson).data)


completion_response = inline_serializer(
    "LessonCompletion", {"lesson": serializers.IntegerField(), "completed_at": serializers.DateTimeField()}
)


class LessonCompletionApi(APIView):
    """POST marks the lesson done (idempotent); DELETE undoes it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={200: completion_response, 201: completion_response})
    def post(self, request, lesson_id: int):
        lesson = get_object_or_404(lesson_queryset(), pk=lesson_id)
        completion, created = lesson_complete(user=request.user, lesson=lesson)
        return Response(
            {"lesson": lesson.id, "completed_at": completion.completed_at},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, lesson_id: int):
        lesson = get_object_or_404(lesson_queryset(), pk=lesson_id)
        lesson_uncomplete(user=request.user, lesson=lesson)
        return Response(status=status.HTTP_204_NO_CONTENT)


class QuizDetailApi(APIView):
    """A quiz with its questions and choices, never the answers. Enrolled learners once the lesson
    is unlocked; instructors of the course and superusers without enrolment."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=QuizSerializer)
    def get(self, request, quiz_id: int):
        quiz = get_object_or_404(quiz_queryset(), pk=quiz_id)
        quiz_access_check(user=request.user, quiz=quiz, now=timezone.now())
        return Response(QuizSerializer(quiz_detail_for_user(quiz=quiz, user=request.user)).data)


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

    def get_quiz(self) -> Quiz:
        return get_object_or_404(quiz_queryset(), pk=self.kwargs["quiz_id"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QuizAttempt.objects.none()
        quiz = self.get_quiz()
        quiz_access_check(user=self.request.user, quiz=quiz, now=timezone.now())
        return quiz_attempt_list_for_user(user=self.request.user, quiz=quiz)

    @extend_schema(
        request=QuizAttemptSubmitSerializer,
        responses={200: QuizAttemptSerializer, 201: QuizAttemptSerializer},
    )
    def post(self, request, quiz_id: int):
        quiz = self.get_quiz()
        serializer = QuizAttemptSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data.get("start"):
            attempt, created = quiz_attempt_start(user=request.user, quiz=quiz)
            code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        else:
            attempt = quiz_attempt_submit(user=request.user, quiz=quiz, answers=serializer.validated_data["answers"])
            code = status.HTTP_201_CREATED
        return Response(QuizAttemptSerializer(attempt).data, status=code)
