"""The admin site instructors work in: titled for the product, a dashboard home, a Markdown preview."""

from datetime import timedelta

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

SITE_NAME = "Sales Leadership Courses"


def _count(queryset, field: str) -> Coalesce:
    """A correlated COUNT(*) of `queryset` rows whose `field` is the outer course."""
    counted = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def dashboard_courses(user):
    """The courses `user` teaches (all for a superuser) with their key numbers, in one query."""
    from courses.models import Course
    from enrollments.models import Enrollment
    from lessons.models import Lesson

    courses = Course.objects.all() if user.is_superuser else Course.objects.filter(instructors=user)
    enrollments = Enrollment.objects.all()
    week_ago = timezone.now() - timedelta(days=7)
    return courses.annotate(
        lesson_count=_count(Lesson.objects.all(), "module__course"),
        learner_count=_count(enrollments.exclude(status=Enrollment.Status.CANCELLED), "course"),
        completed_count=_count(enrollments.filter(status=Enrollment.Status.COMPLETED), "course"),
        active_week_count=_count(
            enrollments.filter(status=Enrollment.Status.ACTIVE, last_activity_at__gte=week_ago),
            "course",
        ),
    ).order_by("title")


class PlatformAdminSite(admin.AdminSite):
    site_header = SITE_NAME
    site_title = f"{SITE_NAME} admin"
    index_title = "Dashboard"
    index_template = "admin/dashboard.html"
    site_url = None  # no public site to link to: the learners' side is the API

    def index(self, request, extra_context=None):
        courses = list(dashboard_courses(request.user)) if request.user.is_staff else []
        context = {"dashboard_courses": courses, **(extra_context or {})}
        return super().index(request, context)

    def get_urls(self):
        urls = [path("markdown-preview/", self.admin_view(markdown_preview), name="markdown_preview")]
        return urls + super().get_urls()


@require_POST
def markdown_preview(request):
    """The Markdown editor's live preview: the same renderer (and sanitiser) learners get."""
    from lessons.serializers import render_markdown

    if "content" not in request.POST:
        return HttpResponseBadRequest("Post the Markdown as `content`.")
    return HttpResponse(render_markdown(request.POST["content"]))


class PlatformAdminConfig(AdminConfig):
    default_site = "courseplatform.admin_site.PlatformAdminSite"
