"""Course insights: the figures, the page's fixed query count, the CSV, the demo activity command."""

import csv
import importlib
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import Course
from enrollments.insights import course_insights, course_insights_count, courses_insights_due, default_range
from enrollments.models import ChallengeResponse, Enrollment, InsightCount, QuizAttempt
from enrollments.services import enrollment_create, lesson_complete
from enrollments.tasks import count_course_insights
from lessons.models import Question, QuizAnswer
from lessons.services import quiz_attempt_submit

from .factories import (
    ChallengeFactory,
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    QuizFactory,
    UserFactory,
    question_with_choices,
)

pytestmark = pytest.mark.django_db

# The figures take ten: totals, weeks, when they were counted, the counts of the range, lessons,
# quizzes, the texts of the most missed questions and of their choices, challenges and their
# commitments; the rest (eight) is the admin's session, user, permissions and course lookup.
# (Thirteen before the figures were counted ahead, when the page read every learner's rows: 21.)
INSIGHTS_PAGE_QUERIES = 18


def make_instructor(email="coach@example.com"):
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    return user


@pytest.fixture
def instructor():
    return make_instructor()


@pytest.fixture
def course(instructor):
    course = CourseFactory(title="Coaching", instructors=[instructor], status=Course.Status.PUBLISHED)
    module = ModuleFactory(course=course, position=1)
    first = LessonFactory(module=module, title="First", position=1)
    LessonFactory(module=module, title="Second", position=2)
    quiz = QuizFactory(lesson=first, title="Check", max_attempts=3, pass_mark=100)
    question_with_choices(quiz=quiz, correct=(0,))
    ChallengeFactory(course=course, title="Ask", number=1)
    return course


def lessons_of(course):
    return list(course.modules.get().lessons.order_by("position"))


def answer(user, course, *, right: bool):
    quiz = lessons_of(course)[0].quiz
    question = quiz.questions.get()
    choice = question.choices.get(position=0 if right else 2)
    quiz_attempt_submit(user=user, quiz=quiz, answers=[{"question": question.pk, "choices": [choice.pk]}])


def learner(course, *, lessons=0, quiz=None, commitment=None, days_ago=0):
    user = UserFactory()
    enrollment, _ = enrollment_create(user=user, course=course)
    for lesson in lessons_of(course)[:lessons]:
        lesson_complete(user=user, lesson=lesson)
    for right in quiz or []:
        answer(user, course, right=right)
    if commitment is not None:
        outcome, due_in = commitment
        ChallengeResponse.objects.create(
            enrollment=enrollment,
            challenge=course.challenges.get(),
            reflection="r",
            commitment="c",
            due_on=timezone.localdate() + timedelta(days=due_in),
            outcome=outcome,
            created_at=timezone.now(),
        )
    if days_ago:
        Enrollment.objects.filter(pk=enrollment.pk).update(enrolled_at=timezone.now() - timedelta(days=days_ago))
    return user


def test_the_figures_of_a_known_cohort(course):
    learner(course, lessons=2, quiz=[True], commitment=("kept", -3))
    learner(course, lessons=1, quiz=[False, False], commitment=("", -1))  # overdue
    learner(course, lessons=1, quiz=[False, True], commitment=("", 5))  # not due yet
    learner(course)
    learner(course, lessons=2, days_ago=200)  # enrolled before the range: not counted
    start, end = default_range()
    course_insights_count(course=course)

    insights = course_insights(course=course, start=start, end=end)

    assert (insights.enrolled, insights.active_7, insights.completed) == (4, 4, 0)
    assert [(lesson.title, n) for lesson, n in insights.funnel] == [("First", 3), ("Second", 1)]
    assert [(quiz.title, took, passed, first) for quiz, took, passed, first in insights.quizzes] == [("Check", 3, 2, 1)]
    [missed] = insights.missed
    wrong = lessons_of(course)[0].quiz.questions.get().choices.get(position=2).text  # what `answer` picks
    assert (missed.missed, missed.answered, missed.wrong_choice, missed.wrong_choice_count) == (3, 5, wrong, 3)
    assert [(c.title, kept, miss, overdue, open_) for c, kept, miss, overdue, open_ in insights.commitments] == [
        ("Ask", 1, 0, 1, 1)
    ]
    assert insights.drop_off is not None and (insights.drop_off[0].title, insights.drop_off[1]) == ("First", 2)
    assert sum(n for _week, n in insights.weeks) == 4


def test_the_page_answers_in_a_fixed_number_of_queries_whatever_the_learners(client, instructor, course):
    client.force_login(instructor)
    url = f"/admin/courses/course/{course.pk}/insights/"
    learner(course, lessons=1, quiz=[False])
    course_insights_count(course=course)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for index in range(12):
        learner(course, lessons=index % 3, quiz=[index % 2 == 0], commitment=("kept" if index % 2 else "", -1))
    course_insights_count(course=course)

    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    insights = response.context["insights"]
    assert insights.enrolled == 13 and insights.funnel[0][1] == 9 and insights.missed[0].answered == 13
    assert len(few) == len(many) == INSIGHTS_PAGE_QUERIES, [q["sql"][:80] for q in many.captured_queries]


def test_the_page_shows_each_chart_with_its_table(client, instructor, course):
    learner(course, lessons=1, quiz=[False], commitment=("missed", -2))
    client.force_login(instructor)

    page = client.get(f"/admin/courses/course/{course.pk}/insights/").content.decode()

    for chart in ("enrolments", "activity", "funnel", "quizzes", "missed", "commitments", "stops"):
        assert f'id="chart-{chart}"' in page
    assert page.count('<div class="visually-hidden"><table') == 6
    assert "courses/vendor/chartjs/chart.umd.min.js" in page
    assert "cdn" not in page.lower()


def test_the_date_range_filters_the_cohort_and_refuses_a_backwards_range(client, instructor, course):
    learner(course, lessons=1, days_ago=40)
    learner(course, lessons=2)
    client.force_login(instructor)
    url = f"/admin/courses/course/{course.pk}/insights/"
    today = timezone.localdate()

    recent = client.get(url, {"start": str(today - timedelta(days=7)), "end": str(today)})
    backwards = client.get(url, {"start": str(today), "end": str(today - timedelta(days=7))})

    assert recent.context["insights"].enrolled == 1
    assert recent.context["insights"].funnel[0][1] == 1  # the counted figures follow the range too
    assert backwards.context["form"].errors
    assert backwards.context["insights"].enrolled == 2  # the default range
    assert backwards.context["insights"].funnel[0][1] == 2


def test_csv_has_one_row_per_learner_with_their_progress(client, instructor, course):
    user = learner(course, lessons=2, quiz=[True], commitment=("kept", -1))
    learner(course)
    client.force_login(instructor)

    response = client.get(f"/admin/courses/course/{course.pk}/insights.csv")

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 2
    row = next(row for row in rows if row["email"] == user.email)
    # 2 lessons + 1 quiz + 1 challenge: everything
    assert (row["lessons_done"], row["quizzes_passed"], row["challenges_answered"], row["percent"]) == (
        "2",
        "1",
        "1",
        "100",
    )


def test_another_instructors_insights_are_not_found(client, course):
    client.force_login(make_instructor("rival@example.com"))

    assert client.get(f"/admin/courses/course/{course.pk}/insights/").status_code == 404
    assert client.get(f"/admin/courses/course/{course.pk}/insights.csv").status_code == 404


def test_simulated_activity_refuses_a_real_installation_and_fills_a_demo_once(settings):
    call_command("load_content", stdout=io.StringIO())
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing"):
        call_command("simulate_learners", stdout=io.StringIO())
    assert not Enrollment.objects.exists()

    call_command("simulate_learners", "--learners", "40", "--demo-data-on-purpose", stdout=io.StringIO())
    enrolments = Enrollment.objects.count()
    call_command("simulate_learners", "--learners", "40", "--demo-data-on-purpose", stdout=io.StringIO())

    assert enrolments >= 40 and Enrollment.objects.count() == enrolments
    course = Course.objects.get(slug="sales-leadership-distinctions")
    start, end = default_range()
    insights = course_insights(course=course, start=start, end=end)
    assert insights.enrolled > 0 and any(n for _lesson, n in insights.funnel) and insights.missed


def answer_rows(attempt):
    return sorted(
        (row.question_id, row.index, row.choice_id, row.correct, row.choice_correct)
        for row in QuizAnswer.objects.filter(attempt=attempt)
    )


def test_grading_stores_one_row_per_chosen_choice_and_one_for_a_question_left_out(course):
    quiz = QuizFactory(lesson=lessons_of(course)[1], title="Many")
    single = question_with_choices(quiz=quiz, correct=(0,))
    multiple = question_with_choices(quiz=quiz, kind=Question.Kind.MULTIPLE, correct=(0, 1))
    skipped = question_with_choices(quiz=quiz, correct=(1,))
    user = UserFactory()
    enrollment_create(user=user, course=course)
    s0, s1, _s2 = single.choices.order_by("position")
    m0, _m1, m2 = multiple.choices.order_by("position")

    attempt = quiz_attempt_submit(
        user=user,
        quiz=quiz,
        answers=[
            {"question": single.pk, "choices": [s1.pk]},
            {"question": multiple.pk, "choices": [m2.pk, m0.pk]},
        ],
    )

    assert answer_rows(attempt) == sorted(
        [
            (single.pk, 0, s1.pk, False, False),
            (multiple.pk, 0, m0.pk, False, True),
            (multiple.pk, 1, m2.pk, False, False),
            (skipped.pk, 0, None, False, None),
        ]
    )
    assert s0.pk not in [choice for _q, _i, choice, _c, _cc in answer_rows(attempt)]


def test_the_backfill_makes_the_rows_grading_makes(course):
    from django.apps import apps

    backfill = importlib.import_module("lessons.migrations.0005_quiz_answers_backfill").backfill
    user = learner(course, lessons=1, quiz=[False, True])
    attempts = list(QuizAttempt.objects.filter(enrollment__user=user).order_by("number"))
    graded = [answer_rows(attempt) for attempt in attempts]
    # An attempt whose results name a question deleted since (its answers go with it) and a choice
    # deleted since (kept, without the choice).
    first = attempts[0]
    gone_question = {**first.results[0], "question": 10**9}
    gone_choice = {**first.results[0], "chosen": [10**9]}
    QuizAttempt.objects.filter(pk=first.pk).update(results=[*first.results, gone_question])
    QuizAttempt.objects.filter(pk=attempts[1].pk).update(results=[gone_choice])
    QuizAnswer.objects.all().delete()

    backfill(apps, None)

    question_id = first.results[0]["question"]
    assert answer_rows(attempts[0]) == graded[0]
    assert answer_rows(attempts[1]) == [(question_id, 0, None, False, False)]


def test_counting_again_replaces_the_counts_and_only_courses_with_activity_are_due(course, settings):
    other = CourseFactory(title="Quiet", status=Course.Status.PUBLISHED)
    ModuleFactory(course=other)
    CourseFactory(title="Nobody enrolled")
    learner(course, lessons=1, quiz=[False])
    learner(other)
    now = timezone.now()
    assert set(courses_insights_due(now=now)) == {course, other}  # never counted

    course_insights_count(course=course)
    course_insights_count(course=other)
    first = sorted(InsightCount.objects.filter(course=course).values_list("enrolled_on", "kind", "key", "count"))
    course_insights_count(course=course)
    assert (
        sorted(InsightCount.objects.filter(course=course).values_list("enrolled_on", "kind", "key", "count")) == first
    )

    later = now + timedelta(seconds=settings.INSIGHTS_COUNT_SECONDS + 1)
    assert list(courses_insights_due(now=later)) == []  # nothing happened since
    learner(course, lessons=2)
    assert list(courses_insights_due(now=later)) == [course]
    count_course_insights.delay(course.pk)  # eager in tests: the task counts it
    start, end = default_range()
    assert course_insights(course=course, start=start, end=end).funnel[1][1] == 1
    count_course_insights(10**9)  # a course deleted since: nothing to do


def _published(title: str) -> Course:
    other = CourseFactory(title=title, status=Course.Status.PUBLISHED)
    ModuleFactory(course=other)
    return other


@pytest.mark.parametrize("moved", ["enrolled_at", "last_activity_at", "completed_at", "cancelled_at"])
def test_any_of_the_enrolment_times_after_the_count_makes_the_course_due(course, settings, moved):
    """Each of the four times counts, alone (the others kept before the count), also when the
    others are empty; and a change before the count does not."""
    quiet = _published("Quiet")
    learner(course)
    learner(quiet)
    long_ago = timezone.now() - timedelta(days=30)
    Enrollment.objects.update(enrolled_at=long_ago, last_activity_at=None, completed_at=None, cancelled_at=None)
    course_insights_count(course=course)
    course_insights_count(course=quiet)
    later = timezone.now() + timedelta(seconds=settings.INSIGHTS_COUNT_SECONDS + 1)
    assert list(courses_insights_due(now=later)) == []

    Enrollment.objects.filter(course=quiet).update(**{moved: long_ago + timedelta(days=1)})  # still before the count
    Enrollment.objects.filter(course=course).update(**{moved: timezone.now()})
    assert list(courses_insights_due(now=later)) == [course]
    assert list(courses_insights_due(now=timezone.now())) == []  # counted too recently to count again


def test_finding_the_due_courses_reads_a_fixed_number_of_queries(course):
    learner(course)
    for number in range(5):
        learner(_published(f"More {number}"))
    with CaptureQueriesContext(connection) as few:
        assert len(list(courses_insights_due(now=timezone.now()))) == 6
    for number in range(5):
        learner(_published(f"Even more {number}"))
    with CaptureQueriesContext(connection) as more:
        assert len(list(courses_insights_due(now=timezone.now()))) == 11
    assert len(few) == len(more) == 3  # the counts' times, the latest change per course, the courses


def test_the_count_button_counts_now_and_keeps_the_range(client, instructor, course):
    client.force_login(instructor)
    url = f"/admin/courses/course/{course.pk}/insights/"
    client.get(url)  # the first view counts a course never counted
    learner(course, lessons=1)
    today = timezone.localdate()
    assert client.get(url).context["insights"].funnel[0][1] == 0  # as counted before the learner came

    response = client.post(f"{url}count/?start={today}&end={today}")

    assert response.status_code == 302 and response["Location"] == f"{url}?start={today}&end={today}"
    assert client.get(url).context["insights"].funnel[0][1] == 1
    assert client.get(f"{url}count/").status_code == 405
    client.force_login(make_instructor("rival@example.com"))
    assert client.post(f"{url}count/").status_code == 404
