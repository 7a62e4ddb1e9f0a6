from typing import Any, cast

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lessons.models import Lesson

from .models import Challenge, Course, Module


class CourseListSerializer(serializers.ModelSerializer):
    lesson_count = serializers.IntegerField(read_only=True)
    total_duration_seconds = serializers.IntegerField(read_only=True)

    class Meta:
        model = Course
        fields = ["slug", "title", "summary", "level", "drip_mode", "lesson_count", "total_duration_seconds"]


class QuizSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    question_count = serializers.IntegerField()


class OutlineLessonSerializer(serializers.ModelSerializer):
    """A lesson in the outline. `locked`, `unlocks_at` and `completed` are for the signed-in
    learner: anonymous callers see previews unlocked and everything else locked."""

    duration_seconds = serializers.IntegerField(
        source="duration",
        read_only=True,
        help_text="How long the lesson takes: set by the instructor (videos give their length), "
        "otherwise the reading time of its words.",
    )
    quiz = serializers.SerializerMethodField()
    locked = serializers.SerializerMethodField()
    unlocks_at = serializers.SerializerMethodField()
    completed = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = ["id", "title", "kind", "duration_seconds", "is_preview", "quiz", "locked", "unlocks_at", "completed"]

    def _state(self, lesson: Lesson):
        return self.context["lesson_states"][lesson.id]

    def get_locked(self, lesson: Lesson) -> bool:
        return self._state(lesson).locked

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_unlocks_at(self, lesson: Lesson):
        # In the learner's own time zone: local midnight reads as midnight.
        unlocks_at = self._state(lesson).unlocks_at
        return unlocks_at.isoformat() if unlocks_at else None

    def get_completed(self, lesson: Lesson) -> bool:
        return self._state(lesson).completed

    @extend_schema_field(QuizSummarySerializer(allow_null=True))
    def get_quiz(self, lesson: Lesson):
        quiz = getattr(lesson, "quiz", None)
        if quiz is None:
            return None
        # An annotation (a Count) from course_outline_get, so the model does not declare it.
        question_count: int = cast(Any, lesson).quiz_question_count
        return {"id": quiz.id, "title": quiz.title, "question_count": question_count}


class OutlineModuleSerializer(serializers.ModelSerializer):
    lessons = OutlineLessonSerializer(many=True)

    class Meta:
        model = Module
        fields = ["id", "title", "summary", "position", "lessons"]


class ChallengeSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Challenge
        fields = ["id", "number", "title"]


class CourseDetailSerializer(serializers.ModelSerializer):
    modules = OutlineModuleSerializer(many=True)
    challenges = ChallengeSummarySerializer(many=True)

    class Meta:
        model = Course
        fields = ["slug", "title", "summary", "description", "level", "status", "drip_mode", "modules", "challenges"]


class ChallengeSerializer(serializers.ModelSerializer):
    course: serializers.SlugRelatedField[Course] = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Challenge
        fields = [
            "id",
            "course",
            "number",
            "title",
            "body",
            "reflection_question",
            "report_question",
            "suggested_days",
        ]
        extra_kwargs = {
            "reflection_question": {"help_text": "Answered with the commitment: it looks ahead."},
            "report_question": {"help_text": "Answered when reporting whether the commitment was kept (may be empty)."},
        }
