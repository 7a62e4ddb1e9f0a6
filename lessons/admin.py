"""The instructor admin for lessons and quizzes.

A quiz is authored on one page the way a course is (see courses/admin.py): its questions are
stacked rows (drag to reorder) and its choices one table whose rows pick their question, saved or
added in the same submit ("New question #2"). A question's own page edits its choices too. Both
reject a single-choice or true/false question without exactly one correct choice.
"""

from typing import Any

from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models

from courseplatform.admin_mixins import (
    AppendPositionAdminMixin,
    CourseScopedAdminMixin,
    FieldBoundsMixin,
    GrandchildFormSet,
    GrandchildInline,
    PositionedInlineFormSet,
    SortableSiblingsAdminMixin,
)

from .models import Choice, Lesson, Question, Quiz, validate_question_choices

SMALL_TEXTAREA: dict[type[models.Field], dict[str, Any]] = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
}
HTTPS_URLS: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


def choices_problem(kind: str, choice_forms) -> str | None:
    """Why these choice rows do not suit a question of this kind, or None."""
    choices = [(form.cleaned_data.get("text", ""), bool(form.cleaned_data.get("is_correct"))) for form in choice_forms]
    try:
        validate_question_choices(kind=kind, choices=choices)
    except ValidationError as error:
        return error.messages[0]
    return None


class QuestionChoiceFormSet(PositionedInlineFormSet):
    """Choices on a question's page, checked against the question's (possibly just changed) kind."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        problem = choices_problem(self.instance.kind, self._kept_forms())
        if problem:
            raise ValidationError(problem, code="choices")


class QuizChoiceFormSet(GrandchildFormSet):
    """Choices on a quiz's page: every question that will exist after the save is checked."""

    def clean_children(self, children, rows):
        problems = []
        for key, question_form in children:
            if question_form is not None:
                kind = question_form.cleaned_data.get("kind")
            else:
                kind = self.existing_children[key[1]][0].kind
            problem = choices_problem(kind, rows.get(key, []))
            if problem:
                label = self._child_label(key)
                problems.append(f"{label[0].upper()}{label[1:]}: {problem}")
        if problems:
            raise ValidationError(problems, code="choices")


class QuestionInline(FieldBoundsMixin, SortableStackedInline):
    model = Question
    formset = PositionedInlineFormSet
    ordering = ("position",)
    fields = ("text", "kind", "points", "explanation")
    field_bounds = {"points": (1, None)}
    extra = 1
    show_change_link = True
    formfield_overrides = SMALL_TEXTAREA


class QuizChoiceInline(GrandchildInline):
    model = Choice
    formset = QuizChoiceFormSet
    child_field = "question"
    fields = ("parent", "text", "is_correct")
    extra = 3


class ChoiceInline(SortableTabularInline):
    model = Choice
    formset = QuestionChoiceFormSet
    ordering = ("position",)
    fields = ("text", "is_correct")
    extra = 3


@admin.register(Lesson)
class LessonAdmin(CourseScopedAdminMixin, FieldBoundsMixin, AppendPositionAdminMixin, admin.ModelAdmin):
    position_parent = "module"
    fields = (
        "module",
        "title",
        "kind",
        "video_url",
        "body",
        "duration_seconds",
        "is_preview",
        "unlock_after",
        "position",
    )
    field_bounds = {"duration_seconds": (1, None)}
    formfield_overrides = HTTPS_URLS
    list_display = ("title", "module", "course", "kind", "duration_seconds", "is_preview", "position")
    list_filter = ("kind", "is_preview", ("module__course", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "body", "module__title", "module__course__title")
    list_select_related = ("module__course",)
    ordering = ("module__course__title", "module__position", "position")

    @admin.display(description="course", ordering="module__course__title")
    def course(self, lesson):
        return lesson.module.course


@admin.register(Quiz)
class QuizAdmin(
    CourseScopedAdminMixin, FieldBoundsMixin, SortableSiblingsAdminMixin, SortableAdminBase, admin.ModelAdmin
):
    inlines = [QuestionInline, QuizChoiceInline]  # questions before choices: they are saved first
    fields = ("lesson", "title", "pass_mark", "max_attempts", "time_limit_seconds", "shuffle_questions")
    field_bounds = {"pass_mark": (0, 100), "max_attempts": (1, None), "time_limit_seconds": (1, None)}
    list_display = ("title", "lesson", "course", "pass_mark", "max_attempts", "time_limit_seconds", "shuffle_questions")
    list_filter = ("shuffle_questions", ("lesson__module__course", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "lesson__title", "lesson__module__course__title")
    list_select_related = ("lesson__module__course",)
    save_on_top = True

    @admin.display(description="course", ordering="lesson__module__course__title")
    def course(self, quiz):
        return quiz.lesson.module.course


@admin.register(Question)
class QuestionAdmin(
    CourseScopedAdminMixin, FieldBoundsMixin, AppendPositionAdminMixin, SortableAdminBase, admin.ModelAdmin
):
    inlines = [ChoiceInline]
    position_parent = "quiz"
    fields = ("quiz", "text", "kind", "points", "explanation", "position")
    field_bounds = {"points": (1, None)}
    list_display = ("short_text", "quiz", "kind", "points", "position")
    list_filter = ("kind", ("quiz__lesson__module__course", admin.RelatedOnlyFieldListFilter))
    search_fields = ("text", "explanation", "quiz__title")
    list_select_related = ("quiz",)
    ordering = ("quiz__title", "position")

    @admin.display(description="question", ordering="text")
    def short_text(self, question):
        return str(question)
