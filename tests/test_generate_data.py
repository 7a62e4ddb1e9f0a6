import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from courses.models import Course
from enrollments.models import Certificate, Enrollment, LessonCompletion, QuizAttempt
from enrollments.selectors import enrollment_list_for_user, enrollment_progress

SCALE = 0.05  # 3 courses, 1,000 learners, 3,000 enrolments, 15,000 lesson completions


def _fingerprint():
    return (
        list(User.objects.order_by("email").values_list("email", "name", "timezone")),
        list(Course.objects.order_by("slug").values_list("slug", "title", "status", "drip_mode")),
        list(
            Enrollment.objects.order_by("user__email", "course__slug").values_list(
                "user__email", "course__slug", "status", "enrolled_at"
            )
        ),
        sorted(LessonCompletion.objects.values_list("enrollment__user__email", "lesson__title", "completed_at")),
        sorted(Certificate.objects.values_list("code", "learner_name")),
    )


def _generate(**options):
    out = io.StringIO()
    call_command("generate_data", scale=SCALE, verbosity=0, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_generate_data_at_a_small_scale_makes_the_counts_it_promises():
    output = _generate()
    assert Course.objects.count() == 3
    assert User.objects.filter(is_staff=False).count() == 1_000
    assert Enrollment.objects.count() == 3_000
    assert LessonCompletion.objects.count() == 15_000
    assert "15,000 lesson_completions" in output
    # Completed enrolments are complete by the platform's own rules, with their certificate.
    for enrollment in Enrollment.objects.filter(status=Enrollment.Status.COMPLETED)[:5]:
        progress = enrollment_progress(enrollment=enrollment_list_for_user(user=enrollment.user).get(pk=enrollment.pk))
        assert progress.is_complete
        assert Certificate.objects.filter(enrollment=enrollment).exists()
    assert QuizAttempt.objects.filter(passed=True).exists()


@pytest.mark.django_db
def test_generate_data_is_the_same_for_the_same_seed_and_differs_for_another():
    _generate(seed=7)
    first = _fingerprint()
    User.objects.all().delete()
    Certificate.objects.all().delete()  # they outlive their learners and protect their course
    Course.objects.all().delete()
    _generate(seed=7)
    assert _fingerprint() == first
    User.objects.all().delete()
    Certificate.objects.all().delete()  # they outlive their learners and protect their course
    Course.objects.all().delete()
    _generate(seed=8)
    assert _fingerprint() != first


@pytest.mark.django_db
def test_generate_data_refuses_a_database_that_already_has_it():
    _generate()
    with pytest.raises(CommandError, match="already holds generated data"):
        _generate()


@pytest.mark.django_db
def test_generate_data_rejects_a_bad_scale_or_anchor():
    with pytest.raises(CommandError, match="--scale"):
        call_command("generate_data", scale=0, verbosity=0)
    with pytest.raises(CommandError, match="time zone"):
        call_command("generate_data", anchor="2026-11-01T12:00", verbosity=0)


@pytest.mark.django_db
def test_the_insights_course_has_its_learners_graded_attempts_and_answer_rows():
    from courseplatform.datagen import insights_course_generate
    from lessons.models import QuizAnswer

    counts = insights_course_generate(enrollments=300)

    course = Course.objects.get(slug__startswith="insights-")
    assert course.enrollments.count() == counts["enrollments"] == 300
    attempts = QuizAttempt.objects.filter(enrollment__course=course)
    assert attempts.count() == counts["quiz_attempts"] > 0
    # Graded like the platform grades: some wrong, every question answered, one row per choice.
    assert attempts.filter(passed=False).exists() and attempts.filter(passed=True).exists()
    assert QuizAnswer.objects.filter(index=0).count() == sum(len(a.results) for a in attempts)
    assert QuizAnswer.objects.filter(correct=False, choice_correct=False).exists()
    with pytest.raises(ValueError, match="already holds"):
        insights_course_generate(enrollments=1)
