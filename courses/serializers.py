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
    quiz = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = ["id", "title", "kind", "duration_seconds", "is_preview", "quiz"]

    @extend_schema_field(QuizSummarySerializer(allow_null=True))
    def get_quiz(self, lesson: Lesson):
        quiz = getattr(lesson, "quiz", None)
        if quiz is None:
            return None
        return {"id": quiz.id, "title": quiz.title, "question_count": lesson.quiz_question_count}


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
    course = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Challenge
        fields = ["id", "course", "number", "title", "body", "reflection_question", "suggested_days"]
