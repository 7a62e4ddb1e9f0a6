"""Learner support in the admin: instructors find a learner among their courses' enrolments and
open a page with everything about them, where they grant extra quiz attempts, move a drip start
or resend a failed email. Each of those goes through a service and is written to the admin history.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from courseplatform.errors import ApplicationError
from lessons.models import Quiz

from .models import EmailLog, Enrollment
from .selectors import enrollments_taught_by, learner_support_get
from .services import MAX_EXTRA_ATTEMPTS, email_log_resend, enrollment_drip_start_move, quiz_extra_attempts_grant


class QuizChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.lesson.module.course} > {obj}"


class GrantForm(forms.Form):
    quiz = QuizChoiceField(queryset=Quiz.objects.none(), help_text="Quizzes with an attempt limit.")
    extra = forms.IntegerField(min_value=1, max_value=MAX_EXTRA_ATTEMPTS, initial=1, label="Extra attempts")


class DripForm(forms.Form):
    enrollment = forms.ModelChoiceField(queryset=Enrollment.objects.none())
    starts_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="New start day")


class ResendForm(forms.Form):
    email = forms.ModelChoiceField(queryset=EmailLog.objects.none())


def _limit_choices(form: forms.Form, name: str, queryset) -> forms.ModelChoiceField:
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a choice of rows")
    field.queryset = queryset
    return field


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("learner", "course", "status", "enrolled_at", "last_activity_at")
    list_filter = ("status", ("course", admin.RelatedOnlyFieldListFilter))
    search_fields = ("user__email", "user__name")
    list_select_related = ("user", "course")
    change_form_template = "admin/enrollments/learner.html"

    @admin.display(description="learner", ordering="user__email")
    def learner(self, enrollment):
        return enrollment.user.email

    def get_queryset(self, request):
        return enrollments_taught_by(user=request.user).select_related("user", "course")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        enrollment = self.get_object(request, object_id)
        if enrollment is None or not self.has_view_permission(request, enrollment):
            raise Http404("No such enrolment among your courses.")
        support = learner_support_get(instructor=request.user, learner=enrollment.user)
        forms_ = self._forms(request, support)
        if request.method == "POST":
            if not self.has_change_permission(request, enrollment):
                raise PermissionDenied
            done = self._act(request, enrollment, forms_)
            if done:
                return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Learner: {enrollment.user.email}",
            "subtitle": None,
            "opts": self.opts,
            "original": enrollment,
            "support": support,
            "can_change": self.has_change_permission(request, enrollment),
            "history_url": reverse("admin:enrollments_enrollment_history", args=[enrollment.pk]),
            **forms_,
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.change_form_template, context)

    def _forms(self, request, support) -> dict:
        data = request.POST if request.method == "POST" else None
        action = request.POST.get("action") if data else None
        grant = GrantForm(data if action == "grant" else None, prefix="grant")
        quizzes = Quiz.objects.filter(pk__in=[quiz.pk for quiz in support.limited_quizzes])
        _limit_choices(grant, "quiz", quizzes.select_related("lesson__module__course"))
        drip = DripForm(data if action == "drip" else None, prefix="drip", initial={"starts_on": timezone.localdate()})
        enrollments = Enrollment.objects.filter(pk__in=[enrollment.pk for enrollment, _progress in support.enrollments])
        _limit_choices(drip, "enrollment", enrollments.exclude(course__drip_mode="none").select_related("course"))
        resend = ResendForm(data if action == "resend" else None, prefix="resend")
        _limit_choices(resend, "email", EmailLog.objects.filter(pk__in=[email.pk for email in support.emails]))
        return {"grant_form": grant, "drip_form": drip, "resend_form": resend}

    def _act(self, request, enrollment, forms_) -> bool:
        """Run the posted action through its service; log it against the enrolment it concerns."""
        action = request.POST.get("action")
        form = forms_.get(f"{action}_form")
        if form is None or not form.is_valid():
            self.message_user(request, "Please correct the errors below.", messages.ERROR)
            return False
        try:
            target, message = self._run(action, form.cleaned_data, enrollment)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return False
        self.log_change(request, target, message)
        self.message_user(request, message, messages.SUCCESS)
        return True

    def _run(self, action, data, enrollment) -> tuple[Enrollment, str]:
        learner = enrollment.user
        if action == "grant":
            quiz = data["quiz"]
            target = Enrollment.objects.get(user=learner, course_id=quiz.lesson.module.course_id)
            grant = quiz_extra_attempts_grant(enrollment=target, quiz=quiz, extra=data["extra"])
            return target, f"Granted {data['extra']} extra attempt(s) at “{quiz}” ({grant.extra} extra in all)."
        if action == "drip":
            target = enrollment_drip_start_move(enrollment=data["enrollment"], starts_on=data["starts_on"])
            return target, f"Moved the drip start of {target.course} to {data['starts_on']:%Y-%m-%d}."
        email = email_log_resend(email=data["email"])
        return enrollment, f"Queued the failed {email.get_kind_display().lower()} email ({email.period}) again."
