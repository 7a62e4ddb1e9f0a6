from django.urls import path

from . import apis

urlpatterns = [
    path("lessons/<int:lesson_id>/", apis.LessonDetailApi.as_view(), name="lesson-detail"),
    path("lessons/<int:lesson_id>/completion/", apis.LessonCompletionApi.as_view(), name="lesson-completion"),
    path("quizzes/<int:quiz_id>/", apis.QuizDetailApi.as_view(), name="quiz-detail"),
    path("quizzes/<int:quiz_id>/attempts/", apis.QuizAttemptListApi.as_view(), name="quiz-attempt-list"),
    path(
        "quizzes/<int:quiz_id>/attempts/<int:attempt_id>/",
        apis.QuizAttemptDetailApi.as_view(),
        name="quiz-attempt-detail",
    ),
]
