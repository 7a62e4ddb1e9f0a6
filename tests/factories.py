import factory
from django.utils import timezone

from accounts.models import User
from courses.models import Challenge, Course, Module
from lessons.models import Choice, Lesson, Question, Quiz


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.com")
    name = factory.Faker("name")
    # Verified by default, as after following the link in the verification email.
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "A course about leading a sales team."
    status = Course.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def instructors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.instructors.set(extracted)


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Module {n}")
    position = factory.Sequence(lambda n: n)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    module = factory.SubFactory(ModuleFactory)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    kind = Lesson.Kind.ARTICLE
    body = "Leaders act; managers react."
    duration_seconds = 120
    position = factory.Sequence(lambda n: n)


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    lesson = factory.SubFactory(LessonFactory)
    title = factory.Sequence(lambda n: f"Quiz {n}")
    pass_mark = 50


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")
    kind = Question.Kind.SINGLE
    points = 1
    explanation = "Because leaders act."
    position = factory.Sequence(lambda n: n)


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Choice {n}")
    is_correct = False
    position = factory.Sequence(lambda n: n)


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    course = factory.SubFactory(CourseFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Challenge {n}")
    body = "Ask one of your reports what they need from you this week."
    reflection_question = "What did you learn?"
    suggested_days = 7


def question_with_choices(*, quiz, kind=Question.Kind.SINGLE, correct=(0,), n_choices=3, points=1):
    """A question whose choices at the given indexes are correct."""
    question = QuestionFactory(quiz=quiz, kind=kind, points=points)
    for index in range(n_choices):
        ChoiceFactory(question=question, is_correct=index in correct, position=index)
    return question


def certificate_earned(*, course, learner_name: str = "Pat Lee"):
    """A completed enrolment of a new learner in the course, with its certificate."""
    from enrollments.models import Certificate, Enrollment

    now = timezone.now()
    enrollment = Enrollment.objects.create(
        user=UserFactory(name=learner_name),
        course=course,
        status=Enrollment.Status.COMPLETED,
        enrolled_at=now,
        completed_at=now,
    )
    return Certificate.objects.create(
        enrollment=enrollment, course=course, learner_name=learner_name, course_title=course.title, issued_at=now
    )
