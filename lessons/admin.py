"""The instructor admin for lessons and quizzes.

The inlines here nest (django-nested-admin): a quiz page shows its questions, each with its choices
under it, all reorderable by drag and drop; the course page (courses/admin.py) reuses them under
each lesson, so a course with modules, lessons and quizzes is one form. A single-choice or
true/false question without exactly one correct choice is rejected next to its choices.
"""

from typing import Any

import nested_admin
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from markdownx.widgets import AdminMarkdownxWidget

from courseplatform.admin_mixins import (
    AppendPositionAdminMixin,
    CourseScopedAdminMixin,
    FieldBoundsMixin,
    OrderedInlineFormSet,
    ScopedInlineFormSet,
    ScopedInlineMixin,
)

from .models import Choice, Lesson, Question, Quiz, validate_question_choices

SMALL_TEXTAREA: dict[type[models.Field], dict[str, Any]] = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
}
HTTPS_URLS: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


class MarkdownEditor(AdminMarkdownxWidget):
    """django-markdownx's editor with live preview, also on rows added to the page (see the script)."""

    class Media:
        js = ["lessons/markdown-rows.js"]


MARKDOWN_EDITOR: dict[type[models.Field], dict[str, Any]] = {
    models.TextField: {"widget": MarkdownEditor(attrs={"rows": 8})},
    **HTTPS_URLS,
}


def choices_problem(kind: str, choice_forms) -> str | None:
    """Why these choice rows do not suit a question of this kind, or None."""
    choices = [(form.cleaned_data.get("text", ""), bool(form.cleaned_data.get("is_correct"))) for form in choice_forms]
    try:
        validate_question_choices(kind=kind, choices=choices)
    except ValidationError as error:
        return error.messages[0]
    return None


def is_kept(formset, form) -> bool:
    """Whether the row exists after the save: an existing row not deleted, or a filled-in new row."""
    if formset.can_delete and formset._should_delete_form(form):
        return False
    return form.instance.pk is not None or form.has_changed()


class ChoiceFormSet(OrderedInlineFormSet):
    """A question's choices, checked against the question's kind as posted in the same submit."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        question_form = getattr(self, "parent_form", None)  # set by nested-admin on nested formsets
        if question_form is not None and not is_kept(question_form.parent_formset, question_form):
            return  # an empty new question row, or a question being deleted
        problem = choices_problem(self.instance.kind, [form for form in self.forms if is_kept(self, form)])
        if problem:
            raise ValidationError(problem, code="choices")


class ChoiceInline(ScopedInlineMixin, nested_admin.NestedTabularInline):
    model = Choice
    formset = ChoiceFormSet
    sortable_field_name = "position"
    fields = ("text", "is_correct", "feedback", "position")
    extra = 0
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 1, "cols": 40})}}


class QuestionInline(ScopedInlineMixin, FieldBoundsMixin, nested_admin.NestedStackedInline):
    model = Question
    formset = OrderedInlineFormSet
    sortable_field_name = "position"
    inlines = [ChoiceInline]
    fields = (("text", "kind", "points"), "explanation", "position")
    field_bounds = {"points": (1, None)}
    extra = 0
    formfield_overrides = SMALL_TEXTAREA


class QuizInline(ScopedInlineMixin, FieldBoundsMixin, nested_admin.NestedStackedInline):
    """A lesson's quiz (at most one) on the course page, with its questions and choices."""

    model = Quiz
    formset = ScopedInlineFormSet
    inlines = [QuestionInline]
    fields = (
        "title",
        ("pass_mark", "max_attempts", "time_limit_seconds"),
        ("shuffle_questions", "shuffle_choices", "partial_credit"),
    )
    field_bounds = {"pass_mark": (0, 100), "max_attempts": (1, None), "time_limit_seconds": (1, None)}
    extra = 0
    show_change_link = True


class LessonInline(ScopedInlineMixin, FieldBoundsMixin, nested_admin.NestedStackedInline):
    """A module's lessons on the course page; the quiz of a lesson sits under it."""

    model = Lesson
    formset = OrderedInlineFormSet
    sortable_field_name = "position"
    inlines = [QuizInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("title", "kind"),
                    ("video_url", "duration_seconds"),
                    ("unlock_after", "weekday", "is_preview"),
                    "position",
                )
            },
        ),
        ("Lesson text (Markdown)", {"fields": ("body",), "classes": ("collapse",)}),
    )
    field_bounds = {"duration_seconds": (1, None)}
    extra = 0
    show_change_link = True
    formfield_overrides = MARKDOWN_EDITOR


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
        "weekday",
        "position",
    )
    field_bounds = {"duration_seconds": (1, None)}
    formfield_overrides = MARKDOWN_EDITOR
    list_display = ("title", "module", "course", "kind", "duration_seconds", "is_preview", "position")
    list_filter = ("kind", "is_preview", ("module__course", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "body", "module__title", "module__course__title")
    list_select_related = ("module__course",)
    ordering = ("module__course__title", "module__position", "position")

    @admin.display(description="course", ordering="module__course__title")
    def course(self, lesson):
        return lesson.module.course


@admin.register(Quiz)
class QuizAdmin(CourseScopedAdminMixin, FieldBoundsMixin, nested_admin.NestedModelAdmin):
    inlines = [QuestionInline]
    fields = (
        "lesson",
        "title",
        "pass_mark",
        "max_attempts",
        "time_limit_seconds",
        "shuffle_questions",
        "shuffle_choices",
        "partial_credit",
    )
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
class QuestionAdmin(CourseScopedAdminMixin, FieldBoundsMixin, AppendPositionAdminMixin, nested_admin.NestedModelAdmin):
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
