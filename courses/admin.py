"""The instructor admin for courses: one page authors a whole course.

The Course page carries the modules (stacked, drag to reorder), the lessons and the challenges.
Django has no nested inlines, so the lessons are one sortable table on the course page whose rows
pick their module in a select listing the course's modules and the module rows being added in the
same submit ("New module #2", the label Django gives an unsaved stacked row). Saving creates the
modules first, then the lessons under them: a new course with its modules, lessons and challenges
is one form submit, with no extra JavaScript or nested-admin dependency. See
courseplatform/admin_mixins.py for the mechanics and for how reordering survives the unique
(course, position) constraints.
"""

from typing import Any

from adminsortable2.admin import SortableAdminBase, SortableStackedInline, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.db import models

from courseplatform.admin_mixins import (
    AppendPositionAdminMixin,
    CourseScopedAdminMixin,
    FieldBoundsMixin,
    GrandchildInline,
    PositionedInlineFormSet,
    SortableSiblingsAdminMixin,
)
from courseplatform.errors import ApplicationError
from lessons.models import Lesson

from .models import Challenge, Course, Module
from .services import course_archive, course_publish, course_unpublish

SMALL_TEXTAREA: dict[type[models.Field], dict[str, Any]] = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})},
    models.URLField: {"assume_scheme": "https"},
}

STATUS_SERVICES = {
    Course.Status.PUBLISHED: course_publish,
    Course.Status.DRAFT: course_unpublish,
    Course.Status.ARCHIVED: course_archive,
}


class ModuleInline(SortableStackedInline):
    model = Module
    formset = PositionedInlineFormSet
    ordering = ("position",)
    fields = ("title", "summary")
    extra = 1
    formfield_overrides = SMALL_TEXTAREA


class LessonInline(GrandchildInline):
    model = Lesson
    child_field = "module"
    fields = ("parent", "title", "kind", "video_url", "duration_seconds", "unlock_after", "is_preview", "body")
    field_bounds = {"duration_seconds": (1, None)}
    extra = 1
    show_change_link = True
    formfield_overrides = SMALL_TEXTAREA


class ChallengeInline(FieldBoundsMixin, SortableTabularInline):
    model = Challenge
    formset = PositionedInlineFormSet
    ordering = ("number",)  # the challenge number is its place in the course: drag to renumber
    fields = ("title", "body", "reflection_question", "suggested_days")
    field_bounds = {"suggested_days": (1, None)}
    extra = 1
    formfield_overrides = SMALL_TEXTAREA


@admin.register(Course)
class CourseAdmin(CourseScopedAdminMixin, SortableSiblingsAdminMixin, SortableAdminBase, admin.ModelAdmin):
    inlines = [ModuleInline, LessonInline, ChallengeInline]  # modules before lessons: they are saved first
    list_display = ("title", "status", "level", "drip_mode", "published_at", "updated_at")
    list_filter = ("status", "level", "drip_mode", ("instructors", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "slug", "summary")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("published_at", "created_at", "updated_at")
    filter_horizontal = ("instructors",)
    actions = ("publish", "unpublish", "archive")
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

    def save_model(self, request, obj, form, change):
        # A status change goes through the services (publishing sets published_at), after the
        # inlines are saved; until then the course keeps the status it had.
        form.requested_status = obj.status
        if "status" in form.changed_data:
            obj.status = form.initial.get("status", Course.Status.DRAFT)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        course = form.instance
        if not change and not request.user.is_superuser:
            course.instructors.add(request.user)
        requested = getattr(form, "requested_status", course.status)
        if requested != course.status:
            self._apply_status(request, [course], requested)

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
    fields = ("course", "number", "title", "body", "reflection_question", "suggested_days")
    field_bounds = {"suggested_days": (1, None)}
    list_display = ("number", "title", "course", "suggested_days")
    list_display_links = ("number", "title")
    list_filter = (("course", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("title", "body", "reflection_question", "course__title")
    list_select_related = ("course",)
    ordering = ("course__title", "number")
