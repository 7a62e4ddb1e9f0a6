"""Generate learners whose weekly digest is due at one instant, with realistic progress rows.

Learners are spread over several time zones; each gets the preferred hour that is the local
hour at the benchmark's instant, and the digest weekday is that instant's weekday, so the
real finder (`emails_record_due`) finds every one of them due.
"""

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from accounts.models import User
from courses.models import Course
from enrollments.emails.schedule import zone
from enrollments.models import ChallengeResponse, Enrollment, LessonCompletion, QuizAttempt

CANDIDATE_ZONES = [
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Madrid",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Australia/Sydney",
]
FIRST_NAMES = ["Ana", "Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jon", "Kara", "Liam"]
LAST_NAMES = ["Smith", "Okafor", "Garcia", "Nguyen", "Müller", "Rossi", "Khan", "Silva", "Brown", "Tanaka"]
# Share of enrolments per course slug (the platform's own courses from load_content).
COURSE_WEIGHTS = {
    "sales-leadership-distinctions": 40,
    "25-sales-leader-challenges": 25,
    "sales-quickies": 20,
    "daily-2-minute-thoughts": 15,
}
CHUNK = 5000


def due_zones(instant: datetime) -> list[tuple[str, int]]:
    """(zone, local hour) for the candidate zones whose local weekday is the instant's UTC weekday."""
    weekday = instant.weekday()
    out = []
    for name in CANDIDATE_ZONES:
        local = instant.astimezone(zone(name))
        if local.weekday() == weekday:
            out.append((name, local.hour))
    return out


def _course_plan() -> list[dict]:
    plans = []
    for course in Course.objects.filter(slug__in=COURSE_WEIGHTS).prefetch_related(
        "modules__lessons__quiz", "challenges"
    ):
        lessons = [
            lesson
            for module in sorted(course.modules.all(), key=lambda m: (m.position, m.id))
            for lesson in sorted(module.lessons.all(), key=lambda le: (le.position, le.id))
        ]
        plans.append(
            {
                "course": course,
                "weight": COURSE_WEIGHTS[course.slug],
                "lessons": [(lesson.id, getattr(lesson, "quiz", None)) for lesson in lessons],
                "challenges": sorted(c.id for c in course.challenges.all()),
            }
        )
    if len(plans) != len(COURSE_WEIGHTS):
        raise RuntimeError("run `manage.py load_content` first: the bench enrols learners in its courses")
    return plans


def generate(*, learners: int, instant: datetime, seed: int = 1, progress: Callable[[int], None] | None = None) -> dict:
    """Create `learners` users with one or two active enrolments each; return row counts."""
    rng = random.Random(seed)
    zones = due_zones(instant)
    plans = _course_plan()
    weights = [p["weight"] for p in plans]
    password = make_password(None)  # unusable, computed once
    counts = {"users": 0, "enrollments": 0, "lesson_completions": 0, "quiz_attempts": 0, "challenge_responses": 0}
    week_ago = instant - timedelta(days=7)
    for start in range(0, learners, CHUNK):
        size = min(CHUNK, learners - start)
        with transaction.atomic():
            users = []
            for i in range(start, start + size):
                tz, hour = zones[i % len(zones)]
                users.append(
                    User(
                        email=f"learner{i}@bench.example.com",
                        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        password=password,
                        timezone=tz,
                        preferred_hour=hour,
                        date_joined=instant - timedelta(days=60),
                        email_verified_at=instant - timedelta(days=60),
                    )
                )
            User.objects.bulk_create(users, batch_size=CHUNK)
            enrollments, course_plans = [], []
            for user in users:
                chosen = rng.choices(plans, weights=weights, k=1)
                if rng.random() < 0.35:  # about a third follow two courses
                    other = rng.choices(plans, weights=weights, k=1)[0]
                    if other is not chosen[0]:
                        chosen.append(other)
                for plan in chosen:
                    enrolled_at = instant - timedelta(days=rng.randint(8, 60), minutes=rng.randint(0, 1440))
                    enrollments.append(
                        Enrollment(
                            user=user,
                            course=plan["course"],
                            status=Enrollment.Status.ACTIVE,
                            enrolled_at=enrolled_at,
                            last_activity_at=enrolled_at,
                        )
                    )
                    course_plans.append(plan)
            completions, attempts, responses = [], [], []
            for enrollment, plan in zip(enrollments, course_plans, strict=True):
                lessons = plan["lessons"]
                done = rng.randint(0, len(lessons))
                recent = rng.random() < 0.5  # half of them did something in the last week
                for k, (lesson_id, quiz) in enumerate(lessons[:done]):
                    last = k == done - 1
                    at = (
                        week_ago + timedelta(hours=rng.randint(1, 160))
                        if last and recent
                        else enrollment.enrolled_at + timedelta(hours=k * 20 + 1)
                    )
                    completions.append(LessonCompletion(enrollment=enrollment, lesson_id=lesson_id, completed_at=at))
                    if quiz is not None and rng.random() < 0.7:
                        attempts.append(
                            QuizAttempt(
                                enrollment=enrollment,
                                quiz=quiz,
                                number=1,
                                attempt_limit=quiz.max_attempts,
                                started_at=at,
                                submitted_at=at + timedelta(minutes=3),
                                score=4,
                                max_score=4,
                                score_percent=100,
                                passed=True,
                            )
                        )
                for number, challenge_id in enumerate(plan["challenges"][: rng.randint(0, 6)], start=1):
                    at = enrollment.enrolled_at + timedelta(days=number)
                    responses.append(
                        ChallengeResponse(
                            enrollment=enrollment,
                            challenge_id=challenge_id,
                            reflection="I jump in and fix deals myself instead of coaching the rep.",
                            commitment="Ask three questions before giving any answer in deal reviews.",
                            due_on=(at + timedelta(days=7)).date(),
                            created_at=at,
                        )
                    )
                if done:
                    enrollment.last_activity_at = max(c.completed_at for c in completions[-done:])
            # Saved first; the rows below point at them and pick up their new ids.
            Enrollment.objects.bulk_create(enrollments, batch_size=CHUNK)
            LessonCompletion.objects.bulk_create(completions, batch_size=CHUNK)
            QuizAttempt.objects.bulk_create(attempts, batch_size=CHUNK)
            ChallengeResponse.objects.bulk_create(responses, batch_size=CHUNK)
        counts["users"] += len(users)
        counts["enrollments"] += len(enrollments)
        counts["lesson_completions"] += len(completions)
        counts["quiz_attempts"] += len(attempts)
        counts["challenge_responses"] += len(responses)
        if progress:
            progress(start + size)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts["zones"] = [name for name, _hour in zones]
    return counts
