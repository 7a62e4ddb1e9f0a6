"""Demo data only: simulated learners working through the published courses over the last weeks,
so that the admin's insights page has something to show on a fresh `make run`.

Refuses to run unless DEBUG is on or --demo-data-on-purpose is given: it must never put invented
learners into a real installation. Simulated learners have unusable passwords, every progress
email switched off and addresses under @simulated.example.com; running it again adds nothing.
Their addresses stay unconfirmed (nobody could follow a link sent there), a second reason no
progress email is ever recorded for them; the demo accounts of create_demo_users are confirmed.
"""

import random
from dataclasses import asdict
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import EMAIL_PREFERENCE_FIELDS, User
from courses.models import Course
from enrollments.insights import course_insights_count
from enrollments.models import ChallengeResponse, Enrollment, LessonCompletion, QuizAttempt
from lessons.models import Lesson, Question, QuizAnswer, quiz_answer_rows
from lessons.services import GradableQuestion, quiz_grade

DOMAIN = "simulated.example.com"
FIRST_NAMES = ["Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Robin", "Drew", "Kim", "Lee"]
LAST_NAMES = ["Baker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jones", "Khan", "Lopez", "Meyer"]


class Command(BaseCommand):
    help = "DEMO ONLY (DEBUG or --demo-data-on-purpose): simulated learner activity for the insights page."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=150, help="How many simulated learners (default 150).")
        parser.add_argument("--weeks", type=int, default=12, help="Spread enrolments over this many weeks.")
        parser.add_argument("--seed", type=int, default=42, help="Random seed: the same seed, the same activity.")
        parser.add_argument(
            "--demo-data-on-purpose",
            action="store_true",
            help="Run although DEBUG is off (a demo or staging installation, never a real one).",
        )

    def handle(self, *args, learners: int, weeks: int, seed: int, demo_data_on_purpose: bool, **options):
        if not (settings.DEBUG or demo_data_on_purpose):
            raise CommandError(
                "Refusing to invent learners: DEBUG is off, so this may be a real installation. "
                "On a demo installation, pass --demo-data-on-purpose."
            )
        if User.objects.filter(email__endswith=f"@{DOMAIN}").exists():
            self.stdout.write("Simulated learners are already there; nothing added.")
            return
        courses = list(
            Course.objects.filter(status=Course.Status.PUBLISHED).prefetch_related(
                Prefetch(
                    "modules__lessons",
                    queryset=Lesson.objects.select_related("quiz").order_by("position"),
                ),
                Prefetch(
                    "modules__lessons__quiz__questions",
                    queryset=Question.objects.prefetch_related("choices").order_by("position"),
                ),
                "challenges",
            )
        )
        if not courses:
            raise CommandError("No published course: run `manage.py load_content` first.")
        with transaction.atomic():
            counts = Simulation(random.Random(seed), weeks=weeks).run(courses, learners)
        for course in courses:  # the insights show the activity at once, not at the next count
            course_insights_count(course=course)
        self.stdout.write(
            f"Simulated {learners} learners: {counts['enrollments']} enrolments, {counts['completions']} lessons "
            f"done, {counts['attempts']} quiz attempts, {counts['responses']} challenge responses."
        )


class Simulation:
    """Learners who start keen and drop off, pass some quizzes, keep some commitments."""

    def __init__(self, rng: random.Random, *, weeks: int):
        self.rng = rng
        self.now = timezone.now()
        self.weeks = weeks
        self.rows: dict[str, list] = {"completions": [], "attempts": [], "responses": []}

    def run(self, courses: list[Course], learners: int) -> dict[str, int]:
        users = User.objects.bulk_create(self._user(index) for index in range(learners))
        enrollments = []
        for user in users:
            for course in self.rng.sample(courses, k=self.rng.randint(1, min(2, len(courses)))):
                enrollments.append((self._enrollment(user, course), course))
        Enrollment.objects.bulk_create([enrollment for enrollment, _course in enrollments])
        for enrollment, course in enrollments:
            self._work_through(enrollment, course)
        LessonCompletion.objects.bulk_create(self.rows["completions"])
        QuizAttempt.objects.bulk_create(self.rows["attempts"])
        QuizAnswer.objects.bulk_create(
            row
            for attempt in self.rows["attempts"]
            for row in quiz_answer_rows(attempt_id=attempt.pk, results=attempt.results)
        )
        ChallengeResponse.objects.bulk_create(self.rows["responses"])
        Enrollment.objects.bulk_update(
            [enrollment for enrollment, _course in enrollments], ["status", "completed_at", "last_activity_at"]
        )
        return {
            "enrollments": len(enrollments),
            "completions": len(self.rows["completions"]),
            "attempts": len(self.rows["attempts"]),
            "responses": len(self.rows["responses"]),
        }

    def _user(self, index: int) -> User:
        name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        user = User(email=f"learner{index:04}@{DOMAIN}", name=name, timezone="Europe/London")
        user.set_unusable_password()
        for preference in EMAIL_PREFERENCE_FIELDS:
            setattr(user, preference, False)  # nobody to write to
        return user

    def _enrollment(self, user: User, course: Course) -> Enrollment:
        # More enrolments in recent weeks, as a course that is being promoted.
        days_ago = int(self.rng.triangular(0, self.weeks * 7, 0))
        enrolled_at = self.now - timedelta(days=days_ago, hours=self.rng.randint(0, 23))
        return Enrollment(user=user, course=course, enrolled_at=enrolled_at, last_activity_at=enrolled_at)

    def _when(self, after, step_days: float):
        moment = after + timedelta(hours=self.rng.uniform(2, 24 * step_days))
        return min(moment, self.now - timedelta(minutes=1))

    def _work_through(self, enrollment: Enrollment, course: Course) -> None:
        keenness = self.rng.uniform(0.7, 0.99)  # the chance of going on after each step
        moment = enrollment.enrolled_at
        lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
        finished = True
        for lesson in lessons:
            if self.rng.random() > keenness or moment >= self.now - timedelta(hours=1):
                finished = False
                break
            moment = self._when(moment, 2)
            self.rows["completions"].append(LessonCompletion(enrollment=enrollment, lesson=lesson, completed_at=moment))
            quiz = getattr(lesson, "quiz", None)
            if quiz is not None and not self._take_quiz(enrollment, quiz, moment, skill=keenness):
                finished = False
                break
        for challenge in course.challenges.all():
            if self.rng.random() > keenness * 0.8:
                finished = False
                break
            moment = self._when(moment, 3)
            self._respond(enrollment, challenge, moment)
        enrollment.last_activity_at = moment
        if finished and lessons:
            enrollment.status = Enrollment.Status.COMPLETED
            enrollment.completed_at = moment

    def _take_quiz(self, enrollment: Enrollment, quiz, moment, *, skill: float) -> bool:
        questions = [GradableQuestion.from_question(question) for question in quiz.questions.all()]
        if not questions:
            return True
        limit = quiz.max_attempts or 3
        for number in range(1, limit + 1):
            answers = {}
            for question in questions:
                wrong = [choice for choice in question.choice_ids if choice not in question.correct_choice_ids]
                if self.rng.random() < skill or not wrong:
                    answers[question.id] = list(question.correct_choice_ids)
                else:
                    # Some wrong answers are more tempting than others.
                    answers[question.id] = [wrong[0] if self.rng.random() < 0.7 else self.rng.choice(wrong)]
            grade = quiz_grade(questions=questions, answers=answers, partial_credit=quiz.partial_credit)
            passed = grade.passes(quiz.pass_mark)
            self.rows["attempts"].append(
                QuizAttempt(
                    enrollment=enrollment,
                    quiz=quiz,
                    number=number,
                    attempt_limit=quiz.max_attempts,
                    started_at=moment,
                    submitted_at=moment + timedelta(minutes=4),
                    score=round(Decimal(grade.score.numerator) / grade.score.denominator, 2),
                    max_score=grade.max_score,
                    score_percent=grade.score_percent,
                    passed=passed,
                    answers={str(q): sorted(c) for q, c in answers.items()},
                    results=[asdict(result) for result in grade.results],
                )
            )
            if passed:
                return True
            moment = moment + timedelta(minutes=30)
            skill = min(skill + 0.1, 0.99)
        return False

    def _respond(self, enrollment: Enrollment, challenge, moment) -> None:
        due_on = (moment + timedelta(days=challenge.suggested_days)).date()
        outcome, reported_at = "", None
        if due_on < self.now.date() and self.rng.random() < 0.75:
            outcome = ChallengeResponse.Outcome.KEPT if self.rng.random() < 0.65 else ChallengeResponse.Outcome.MISSED
            reported_at = min(moment + timedelta(days=challenge.suggested_days + 1), self.now)
        self.rows["responses"].append(
            ChallengeResponse(
                enrollment=enrollment,
                challenge=challenge,
                reflection="(simulated) What I noticed this week.",
                commitment=f"I will try challenge {challenge.number} with one person by {due_on:%d %B}.",
                due_on=due_on,
                outcome=outcome,
                reported_at=reported_at,
                created_at=moment,
            )
        )
