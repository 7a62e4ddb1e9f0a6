"""The instructor admin for courses: one page authors a whole course.

The course page nests (django-nested-admin): modules, each with its lessons under it, each lesson
with its quiz, questions and choices, and the course's challenges; every level reorders by drag
and drop. A new course with all of that is one submit, and may be published in that submit: the
"needs a lesson" check counts the lessons posted with it. See courseplatform/admin_mixins.py for
the course scoping and for how reordering survives the unique (parent, position) constraints.
"""

import csv
import json
from typing import Any

import nested_admin
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from courseplatform.admin_mixins import (
    AppendPositionAdminMixin,
    CourseScopedAdminMixin,
    FieldBoundsMixin,
    OrderedInlineFormSet,
    ScopedInlineMixin,
)
from courseplatform.errors import ApplicationError
from enrollments.insights import course_insights, course_insights_count, default_range, learner_progress_rows
from lessons.admin import MARKDOWN_EDITOR, LessonInline, is_kept
from lessons.models import Lesson

from .models import Challenge, Course, Module
from .services import course_archive, course_publish, course_unpublish
from .transfer import FORMAT_VERSION, course_duplicate, course_export, course_import

SMALL_TEXTAREA: dict[type[models.Field], dict[str, Any]] = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
    models.URLField: {"assume_scheme": "https"},
}

STATUS_SERVICES = {
    Course.Status.PUBLISHED: course_publish,
    Course.Status.DRAFT: course_unpublish,
    Course.Status.ARCHIVED: course_archive,
}
NEEDS_A_LESSON = (
    "A course cannot be published before it has at least one lesson: add one under a module, or save as draft."
)


class ModuleInline(ScopedInlineMixin, nested_admin.NestedStackedInline):
    model = Module
    formset = OrderedInlineFormSet
    sortable_field_name = "position"
    inlines = [LessonInline]
    fields = ("title", "summary", "position")
    extra = 0
    formfield_overrides = SMALL_TEXTAREA


class ChallengeInline(ScopedInlineMixin, FieldBoundsMixin, nested_admin.NestedStackedInline):
    model = Challenge
    formset = OrderedInlineFormSet
    sortable_field_name = "number"  # the challenge number is its place in the course: drag to renumber
    fields = (("title", "suggested_days"), "body", "reflection_question", "report_question", "number")
    field_bounds = {"suggested_days": (1, None)}
    extra = 0
    formfield_overrides = SMALL_TEXTAREA


class ImportForm(forms.Form):
    file = forms.FileField(label="Course file (.json)")

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("A course file is at most 10 MB.")
        try:
            return json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise forms.ValidationError("This is not a JSON file.") from None


class InsightsRangeForm(forms.Form):
    start = forms.DateField(required=False, label="Enrolled from", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label="to", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError("The start of the range is after its end.")
        return cleaned


class Echo:
    """A file-like object whose write returns the line: csv.writer into a streamed response."""

    def write(self, value: str) -> str:
        return value


def insights_charts(insights) -> dict:
    """The chart data the page's script draws (labels and series), from the aggregates."""
    return {
        "enrolments": {
            "labels": [f"{week:%d %b}" for week, _n in insights.weeks],
            "series": {"Enrolments": [n for _week, n in insights.weeks]},
        },
        "activity": {
            "labels": ["Enrolled", "Active in 30 days", "Active in 7 days", "Completed"],
            "series": {
                "Learners": [insights.enrolled, insights.active_30, insights.active_7, insights.completed],
            },
        },
        "funnel": {
            "labels": [lesson.title for lesson, _n in insights.funnel],
            "series": {"Learners who completed it": [n for _lesson, n in insights.funnel]},
        },
        "quizzes": {
            "labels": [quiz.title for quiz, *_counts in insights.quizzes],
            "series": {
                "Passed (%)": [passed * 100 // took if took else 0 for _q, took, passed, _f in insights.quizzes],
                "Passed at the first try (%)": [
                    first * 100 // took if took else 0 for _q, took, _p, first in insights.quizzes
                ],
            },
        },
        "missed": {
            "labels": [f"{missed.text[:60]}" for missed in insights.missed],
            "series": {"Times answered wrong": [missed.missed for missed in insights.missed]},
        },
        "commitments": {
            "labels": [f"{c.number}. {c.title}" for c, *_counts in insights.commitments],
            "series": {
                "Kept": [kept for _c, kept, _m, _o, _p in insights.commitments],
                "Missed": [missed for _c, _k, missed, _o, _p in insights.commitments],
                "Overdue": [overdue for _c, _k, _m, overdue, _p in insights.commitments],
            },
        },
        "stops": {
            "labels": [lesson.title if lesson else "(no lesson yet)" for lesson, _n in insights.stops],
            "series": {"Active learners whose last lesson it is": [n for _lesson, n in insights.stops]},
        },
    }


class CourseForm(forms.ModelForm):
    """Publishing is decided after the inlines are validated, with the lessons of the same submit.

    The model's own rule (no publishing without a lesson) cannot see rows that are not saved yet,
    so the form validates the course under the status it has, keeps the requested one aside, and
    checks the posted lessons itself; the status service applies it once everything is saved.
    """

    request_formsets: list = []  # the page's formsets, set by CourseAdmin for this request

    def clean(self):
        cleaned = super().clean()
        self.requested_status = cleaned.get("status")
        if self.requested_status == Course.Status.PUBLISHED and not self._has_a_lesson():
            self.add_error("status", NEEDS_A_LESSON)
        if "status" in cleaned:
            cleaned["status"] = self.instance.status if self.instance.pk else Course.Status.DRAFT
        return cleaned

    def _has_a_lesson(self) -> bool:
        lesson_formsets = [formset for formset in self.request_formsets if formset.model is Lesson]
        if not lesson_formsets and self.instance.pk:
            return Lesson.objects.filter(module__course=self.instance).exists()
        for formset in lesson_formsets:
            module_form = formset.parent_form
            if not (module_form.parent_formset.is_valid() and formset.is_valid()):
                return True  # the rows show their own errors; do not add a misleading one
            if not is_kept(module_form.parent_formset, module_form):
                continue
            if any(is_kept(formset, form) for form in formset.forms):
                return True
        return False


@admin.register(Course)
class CourseAdmin(CourseScopedAdminMixin, nested_admin.NestedModelAdmin):
    form = CourseForm
    inlines = [ModuleInline, ChallengeInline]
    formfield_overrides = MARKDOWN_EDITOR
    list_display = ("title", "status", "level", "drip_mode", "published_at", "updated_at")
    list_filter = ("status", "level", "drip_mode", ("instructors", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "slug", "summary")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("published_at", "created_at", "updated_at")
    filter_horizontal = ("instructors",)
    actions = ("publish", "unpublish", "archive", "duplicate")
    save_on_top = True

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ("title", "slug", "summary", "description", "level", "drip_mode", "status")}),
        ]
        if request.user.is_superuser:
            # Instructors do not pick co-instructors: the list would show every user's email.
            fieldsets.append(("Instructors", {"fields": ("instructors",)}))
        fieldsets.append(("Dates", {"fields": ("published_at", "created_at", "updated_at"), "classes": ("collapse",)}))
        return fieldsets

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "instructors":
            kwargs["queryset"] = db_field.related_model._default_manager.filter(is_staff=True).order_by("email")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Django builds the form, then the formsets, then validates the form: the form gets a list
        # that _create_formsets fills in between, so the publishing check sees the posted lessons.
        formsets: list = []
        request._course_formsets = formsets
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"request_formsets": formsets})

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        getattr(request, "_course_formsets", [])[:] = formsets
        return formsets, inline_instances

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        course = form.instance
        if not change and not request.user.is_superuser:
            course.instructors.add(request.user)
        requested = getattr(form, "requested_status", course.status)
        if requested != course.status:
            self._apply_status(request, [course], requested)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/export/", view(self.export_view), name="courses_course_export"),
            path("<int:pk>/duplicate/", view(require_POST(self.duplicate_view)), name="courses_course_duplicate"),
            path("import/", view(self.import_view), name="courses_course_import"),
            path("<int:pk>/insights/", view(self.insights_view), name="courses_course_insights"),
            path("<int:pk>/insights.csv", view(self.insights_csv_view), name="courses_course_insights_csv"),
            path(
                "<int:pk>/insights/count/",
                view(require_POST(self.insights_count_view)),
                name="courses_course_insights_count",
            ),
            *super().get_urls(),
        ]

    def _course_or_404(self, request, pk):
        course = self.get_queryset(request).filter(pk=pk).first()
        if course is None or not self.has_view_permission(request, course):
            raise Http404("No such course among yours.")
        return course

    def export_view(self, request, pk):
        """The course as a version-1 course file (docs/course-format.md), downloaded."""
        course = self._course_or_404(request, pk)
        body = json.dumps(course_export(course=course), indent=2, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{course.slug}.course.json"'
        return response

    def duplicate_view(self, request, pk):
        if not self.has_add_permission(request):
            raise PermissionDenied
        copy = self._duplicate(request, self._course_or_404(request, pk))
        return HttpResponseRedirect(reverse("admin:courses_course_change", args=[copy.pk]))

    def _duplicate(self, request, course):
        copy = course_duplicate(course=course, instructor=request.user)
        self.log_addition(request, copy, f"Duplicated from “{course.title}” (id {course.pk}).")
        self.message_user(request, f"“{copy.title}” is a draft copy of “{course.title}”.", messages.SUCCESS)
        return copy

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                course = course_import(data=form.cleaned_data["file"], instructor=request.user)
            except ApplicationError as error:
                form.add_error("file", error.message)
            else:
                self.log_addition(request, course, "Imported from a course file.")
                self.message_user(request, f"“{course.title}” was imported as a draft.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:courses_course_change", args=[course.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a course",
            "opts": self.opts,
            "form": form,
            "version": FORMAT_VERSION,
        }
        return TemplateResponse(request, "admin/courses/course/import.html", context)

    def _insights_range(self, request):
        form = InsightsRangeForm(request.GET or None)
        start, end = default_range()
        if form.is_bound and form.is_valid():
            start = form.cleaned_data.get("start") or start
            end = form.cleaned_data.get("end") or end
        return form, start, end

    def insights_view(self, request, pk):
        """Charts of one course's learners, from aggregate queries (enrollments/insights.py)."""
        course = self._course_or_404(request, pk)
        form, start, end = self._insights_range(request)
        insights = course_insights(course=course, start=start, end=end)
        if insights.counted_at is None:  # never counted (a new course): count once, here
            course_insights_count(course=course)
            insights = course_insights(course=course, start=start, end=end)
        query = request.GET.urlencode()
        context = {
            **self.admin_site.each_context(request),
            "title": f"Insights: {course.title}",
            "opts": self.opts,
            "original": course,
            "form": form,
            "insights": insights,
            "charts": insights_charts(insights),
            "csv_url": reverse("admin:courses_course_insights_csv", args=[course.pk]) + f"?start={start}&end={end}",
            "count_url": reverse("admin:courses_course_insights_count", args=[course.pk])
            + (f"?{query}" if query else ""),
            "count_minutes": settings.INSIGHTS_COUNT_SECONDS // 60,
        }
        return TemplateResponse(request, "admin/courses/course/insights.html", context)

    def insights_count_view(self, request, pk):
        """Count the course's insights now (instead of waiting for the beat), then show them."""
        course = self._course_or_404(request, pk)
        course_insights_count(course=course)
        self.message_user(request, "The insights were counted just now.", messages.SUCCESS)
        url = reverse("admin:courses_course_insights", args=[course.pk])
        query = request.GET.urlencode()
        return HttpResponseRedirect(f"{url}?{query}" if query else url)

    def insights_csv_view(self, request, pk):
        """Each learner's progress in the chosen range, as CSV (streamed)."""
        course = self._course_or_404(request, pk)
        _form, start, end = self._insights_range(request)
        writer = csv.writer(Echo())
        rows = learner_progress_rows(course=course, start=start, end=end)
        response = StreamingHttpResponse((writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{course.slug}-progress-{start}-{end}.csv"'
        return response

    @admin.action(description="Duplicate selected courses as drafts", permissions=["add"])
    def duplicate(self, request, queryset):
        for course in queryset:
            self._duplicate(request, course)

    def _apply_status(self, request, courses, status) -> int:
        done = 0
        for course in courses:
            try:
                STATUS_SERVICES[status](course=course)
            except ApplicationError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                done += 1
        return done

    def _status_action(self, request, queryset, status) -> None:
        done = self._apply_status(request, list(queryset), status)
        if done:
            label = Course.Status(status).label.lower()
            self.message_user(request, f"{done} course{'s' if done != 1 else ''} {label}.", messages.SUCCESS)

    @admin.action(description="Publish selected courses", permissions=["change"])
    def publish(self, request, queryset):
        self._status_action(request, queryset, Course.Status.PUBLISHED)

    @admin.action(description="Unpublish selected courses (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        self._status_action(request, queryset, Course.Status.DRAFT)

    @admin.action(description="Archive selected courses", permissions=["change"])
    def archive(self, request, queryset):
        self._status_action(request, queryset, Course.Status.ARCHIVED)


@admin.register(Module)
class ModuleAdmin(CourseScopedAdminMixin, AppendPositionAdminMixin, admin.ModelAdmin):
    position_parent = "course"
    fields = ("course", "title", "summary", "position")
    list_display = ("title", "course", "position")
    list_filter = (("course", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("title", "summary", "course__title")
    list_select_related = ("course",)
    ordering = ("course__title", "position")


@admin.register(Challenge)
class ChallengeAdmin(CourseScopedAdminMixin, FieldBoundsMixin, AppendPositionAdminMixin, admin.ModelAdmin):
    position_parent = "course"
    position_field = "number"
    fields = ("course", "number", "title", "body", "reflection_question", "report_question", "suggested_days")
    field_bounds = {"suggested_days": (1, None)}
    list_display = ("number", "title", "course", "suggested_days")
    list_display_links = ("number", "title")
    list_filter = (("course", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("title", "body", "reflection_question", "course__title")
    list_select_related = ("course",)
    ordering = ("course__title", "number")
