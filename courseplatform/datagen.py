"""Realistic generated data for benchmarks and capacity tests (`manage.py generate_data`).

At scale 1: 54 courses (5 modules of 6 lessons, a 10-question quiz closing each module, ten
challenges in every sixth course), 20,000 learners, 60,000 enrolments and 300,000 lesson
completions, with the quiz attempts, challenge responses and certificates that go with them.
Scale N multiplies every count. The same seed and anchor give the same rows.

Rows are bulk inserted in chunks of learners, each chunk in one transaction.
"""

import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from accounts.models import User
from courses.models import Challenge, Course, Module
from enrollments.models import Certificate, ChallengeResponse, Enrollment, LessonCompletion, QuizAttempt
from lessons.models import Choice, Lesson, Question, Quiz, QuizAnswer, quiz_answer_rows
from lessons.services import GradableQuestion, quiz_grade

EMAIL_DOMAIN = "generated.example.com"
DEFAULT_ANCHOR = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
MODULES_PER_COURSE = 5
LESSONS_PER_MODULE = 6
QUESTIONS_PER_QUIZ = 10
CHALLENGES_PER_COURSE = 10
LEARNERS_WITH_TEN = 0.01  # share of learners enrolled in ten courses
CHUNK_LEARNERS = 2000

ZONES = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago", "Asia/Kolkata"]
FIRST_NAMES = ["Ana", "Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jon", "Kara", "Liam"]
LAST_NAMES = ["Smith", "Okafor", "Garcia", "Nguyen", "Müller", "Rossi", "Khan", "Silva", "Brown", "Tanaka"]
TOPICS = [
    "Coaching",
    "Forecasting",
    "Pipeline",
    "Hiring",
    "Negotiation",
    "Territory",
    "Motivation",
    "Discovery",
    "Account Planning",
]
ANGLES = ["Foundations", "in Practice", "for New Managers", "Deep Dive", "Playbook", "Masterclass"]
LESSON_KINDS = [Lesson.Kind.ARTICLE, Lesson.Kind.VIDEO, Lesson.Kind.DAILY_THOUGHT, Lesson.Kind.QUICKIE]

BODY = """## {title}

Managers **react** to the numbers; leaders *act* on the behaviours that produce them. In this
lesson we look at {topic_lower} through the eyes of a first-line sales leader.

### What to notice

- Where your team spends its first hour of the day
- Which deals you "rescue" yourself instead of coaching
- How often a rep leaves a one-to-one with a *commitment* rather than a task

> Commitment over compliance: people keep the promises they make, not the ones made for them.

### Try this week

1. Pick one rep and one deal.
2. Ask three questions before giving any answer.
3. Write down what they committed to, and when you will ask about it.

Read more in [the field guide](https://example.com/guide/{slug}) and compare notes with a peer.
"""


def scaled(count: int, scale: float) -> int:
    return max(1, round(count * scale))


def spread(rng: random.Random, *, total: int, n: int, low: int, high: int, draw: Callable[[], int]) -> list[int]:
    """n integers in [low, high] drawn with `draw`, then nudged one by one until they add up to `total`."""
    total = max(n * low, min(total, n * high))
    values = [min(high, max(low, draw())) for _ in range(n)]
    gap = total - sum(values)
    while gap:
        i = rng.randrange(n)
        if gap > 0 and values[i] < high:
            values[i] += 1
            gap -= 1
        elif gap < 0 and values[i] > low:
            values[i] -= 1
            gap += 1
    return values


@dataclass
class CoursePlan:
    course: Course
    lessons: list[Lesson] = field(default_factory=list)
    quiz_by_lesson: dict[int, Quiz] = field(default_factory=dict)
    challenges: list[Challenge] = field(default_factory=list)


def _courses_create(
    rng: random.Random, *, count: int, anchor: datetime, instructors: list[User], slug_prefix: str = "generated"
) -> list[CoursePlan]:
    courses = []
    for i in range(count):
        topic = TOPICS[i % len(TOPICS)]
        title = f"{topic} {ANGLES[(i // len(TOPICS)) % len(ANGLES)]} {i + 1}"
        if i % 27 == 26:
            status = Course.Status.DRAFT
        elif i % 18 == 17:
            status = Course.Status.ARCHIVED
        else:
            status = Course.Status.PUBLISHED
        courses.append(
            Course(
                slug=f"{slug_prefix}-{i + 1:05d}",
                title=title,
                summary=f"{topic} for sales leaders: {MODULES_PER_COURSE} weeks of short, practical lessons.",
                description=BODY.format(title=title, topic_lower=topic.lower(), slug=i + 1),
                level=list(Course.Level)[i % 3],
                status=status,
                drip_mode=list(Course.DripMode)[i % 3],
                published_at=None if status == Course.Status.DRAFT else anchor - timedelta(days=200 - i % 100),
            )
        )
    Course.objects.bulk_create(courses)
    through = Course.instructors.through
    through.objects.bulk_create(
        [through(course_id=c.pk, user_id=instructors[i % len(instructors)].pk) for i, c in enumerate(courses)]
    )
    modules = [
        Module(course=c, title=f"Week {m + 1}: {TOPICS[(i + m) % len(TOPICS)]}", summary="", position=m + 1)
        for i, c in enumerate(courses)
        for m in range(MODULES_PER_COURSE)
    ]
    Module.objects.bulk_create(modules)
    lessons = []
    for module in modules:
        for p in range(LESSONS_PER_MODULE):
            kind = LESSON_KINDS[rng.randrange(len(LESSON_KINDS))]
            title = f"{module.title.split(': ')[1]}: step {p + 1}"
            lessons.append(
                Lesson(
                    module=module,
                    title=title,
                    kind=kind,
                    body=BODY.format(title=title, topic_lower=title.lower(), slug=module.course.slug),
                    video_url=f"https://video.example.com/v/{rng.randrange(10**6)}"
                    if kind in (Lesson.Kind.VIDEO, Lesson.Kind.QUICKIE)
                    else "",
                    duration_seconds=rng.choice([60, 120, 300, 600]),
                    is_preview=module.position == 1 and p == 0,
                    unlock_after=(module.position - 1) * LESSONS_PER_MODULE + p,
                    position=p + 1,
                )
            )
    Lesson.objects.bulk_create(lessons)
    # The last lesson of every module closes it with a quiz.
    quizzes = [
        Quiz(lesson=lesson, title=f"Check: {lesson.title}", pass_mark=70, max_attempts=None)
        for lesson in lessons
        if lesson.position == LESSONS_PER_MODULE
    ]
    Quiz.objects.bulk_create(quizzes)
    questions = []
    for quiz in quizzes:
        for q in range(QUESTIONS_PER_QUIZ):
            question_kind = [Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE][q % 3]
            questions.append(
                Question(
                    quiz=quiz,
                    text=f"Question {q + 1}: which of these is a leader's move?",
                    kind=question_kind,
                    points=1,
                    explanation="Leaders ask before they tell.",
                    position=q + 1,
                )
            )
    Question.objects.bulk_create(questions)
    choices = []
    for question in questions:
        if question.kind == Question.Kind.TRUE_FALSE:
            options = [("True", True), ("False", False)]
        elif question.kind == Question.Kind.MULTIPLE:
            options = [("Ask", True), ("Listen", True), ("Tell", False), ("Take over the deal", False)]
        else:
            options = [("Ask a question", True), ("Give the answer", False), ("Wait", False), ("Escalate", False)]
        choices += [
            Choice(question=question, text=text, is_correct=ok, position=n + 1) for n, (text, ok) in enumerate(options)
        ]
    Choice.objects.bulk_create(choices)
    challenges = [
        Challenge(
            course=c,
            number=n + 1,
            title=f"Challenge {n + 1}",
            body="Spend one hour in the field with a rep and only ask questions.",
            reflection_question="What did you learn that a report would not have told you?",
            suggested_days=7,
        )
        for i, c in enumerate(courses)
        if i % 6 == 0
        for n in range(CHALLENGES_PER_COURSE)
    ]
    Challenge.objects.bulk_create(challenges)

    plans = {c.pk: CoursePlan(course=c) for c in courses}
    modules_by_id = {m.pk: m for m in modules}
    for lesson in lessons:
        plans[modules_by_id[lesson.module_id].course_id].lessons.append(lesson)
    for quiz in quizzes:
        plans[quiz.lesson.module.course_id].quiz_by_lesson[quiz.lesson_id] = quiz
    for challenge in challenges:
        plans[challenge.course_id].challenges.append(challenge)
    return list(plans.values())


def _learners_chunk(
    rng: random.Random,
    *,
    first: int,
    enrolment_counts: list[int],
    completion_counts: list[int],
    open_plans: list[CoursePlan],
    weights: list[float],
    anchor: datetime,
    password: str,
) -> dict[str, int]:
    users = [
        User(
            email=f"learner{first + k}@{EMAIL_DOMAIN}",
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            password=password,
            timezone=ZONES[(first + k) % len(ZONES)],
            preferred_hour=8,
            date_joined=anchor - timedelta(days=200),
        )
        for k in range(len(enrolment_counts))
    ]
    User.objects.bulk_create(users)
    enrollments: list[Enrollment] = []
    plans: list[CoursePlan] = []
    for user, count in zip(users, enrolment_counts, strict=True):
        chosen: list[CoursePlan] = []
        while len(chosen) < count:
            plan = rng.choices(open_plans, weights=weights)[0]
            if plan not in chosen:
                chosen.append(plan)
        for plan in chosen:
            enrolled_at = anchor - timedelta(days=rng.randint(1, 180), minutes=rng.randint(0, 1439))
            enrollments.append(
                Enrollment(user=user, course=plan.course, enrolled_at=enrolled_at, last_activity_at=enrolled_at)
            )
            plans.append(plan)
    completions, attempts, responses, certificates = [], [], [], []
    done_counts = completion_counts[: len(enrollments)]
    del completion_counts[: len(enrollments)]
    for enrollment, plan, done in zip(enrollments, plans, done_counts, strict=True):
        at = enrollment.enrolled_at
        for lesson in plan.lessons[:done]:
            at += timedelta(hours=rng.randint(2, 30))
            completions.append(LessonCompletion(enrollment=enrollment, lesson=lesson, completed_at=at))
            quiz = plan.quiz_by_lesson.get(lesson.pk)
            if quiz is not None and (done == len(plan.lessons) or rng.random() < 0.7):
                attempts.append(
                    QuizAttempt(
                        enrollment=enrollment,
                        quiz=quiz,
                        number=1,
                        started_at=at,
                        submitted_at=at + timedelta(minutes=4),
                        score=8,
                        max_score=QUESTIONS_PER_QUIZ,
                        score_percent=80,
                        passed=True,
                    )
                )
        finished = done == len(plan.lessons)
        answered = len(plan.challenges) if finished else rng.randint(0, min(3, len(plan.challenges)))
        for number, challenge in enumerate(plan.challenges[:answered], start=1):
            at += timedelta(hours=rng.randint(2, 30))
            responses.append(
                ChallengeResponse(
                    enrollment=enrollment,
                    challenge=challenge,
                    reflection="I jump in and fix deals myself instead of coaching the rep.",
                    commitment=f"Ask three questions before giving any answer, step {number}.",
                    due_on=(at + timedelta(days=7)).date(),
                    created_at=at,
                )
            )
        enrollment.last_activity_at = at
        if finished:
            enrollment.status = Enrollment.Status.COMPLETED
            enrollment.completed_at = at
            certificates.append(
                Certificate(
                    enrollment=enrollment,
                    course=plan.course,
                    code=f"{rng.getrandbits(96):024x}",
                    learner_name=enrollment.user.name,
                    course_title=plan.course.title,
                    issued_at=at,
                )
            )
        elif rng.random() < 0.05:
            enrollment.status = Enrollment.Status.CANCELLED
            enrollment.cancelled_at = at + timedelta(days=1)
    Enrollment.objects.bulk_create(enrollments)
    LessonCompletion.objects.bulk_create(completions)
    QuizAttempt.objects.bulk_create(attempts)
    ChallengeResponse.objects.bulk_create(responses)
    Certificate.objects.bulk_create(certificates)
    return {
        "learners": len(users),
        "enrollments": len(enrollments),
        "lesson_completions": len(completions),
        "quiz_attempts": len(attempts),
        "challenge_responses": len(responses),
        "certificates": len(certificates),
    }


def data_generate(
    *,
    scale: float = 1.0,
    seed: int = 1,
    anchor: datetime = DEFAULT_ANCHOR,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Generate the data set at `scale` (1 = 20,000 learners); return the row counts.

    `progress` is called with the number of learners written after each chunk.
    """
    if User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists():
        raise ValueError(f"This database already holds generated data (users @{EMAIL_DOMAIN}); use a fresh one.")
    rng = random.Random(seed)
    n_courses = scaled(54, scale)
    n_learners = scaled(20_000, scale)
    n_enrollments = scaled(60_000, scale)
    n_completions = scaled(300_000, scale)
    password = make_password(None)  # unusable; the benchmark signs in with tokens
    with transaction.atomic():
        instructors = [
            User(
                email=f"instructor{k}@{EMAIL_DOMAIN}",
                name=f"Instructor {k}",
                password=password,
                is_staff=True,
                date_joined=anchor - timedelta(days=400),
            )
            for k in range(scaled(10, scale))
        ]
        User.objects.bulk_create(instructors)
        course_plans = _courses_create(rng, count=n_courses, anchor=anchor, instructors=instructors)
    open_plans = [p for p in course_plans if p.course.status == Course.Status.PUBLISHED]
    # A few courses are popular, most are not (Zipf-like).
    weights = [1 / (rank + 1) for rank in range(len(open_plans))]
    rng.shuffle(weights)
    most = min(10, len(open_plans))
    ten = min(n_learners, max(1, round(n_learners * LEARNERS_WITH_TEN))) if most == 10 else 0
    rest = spread(
        rng,
        total=n_enrollments - ten * most,
        n=n_learners - ten,
        low=1,
        high=min(6, most),
        draw=lambda: 1 + int(rng.expovariate(0.6)),
    )
    enrolment_counts = [most] * ten + rest
    lessons_per_course = MODULES_PER_COURSE * LESSONS_PER_MODULE
    completion_counts = spread(
        rng,
        total=n_completions,
        n=sum(enrolment_counts),
        low=0,
        high=lessons_per_course,
        draw=lambda: int(rng.expovariate(1 / 5)),
    )
    counts = {"courses": n_courses, "instructors": len(instructors)}
    for first in range(0, n_learners, CHUNK_LEARNERS):
        with transaction.atomic():
            written = _learners_chunk(
                rng,
                first=first,
                enrolment_counts=enrolment_counts[first : first + CHUNK_LEARNERS],
                completion_counts=completion_counts,
                open_plans=open_plans,
                weights=weights,
                anchor=anchor,
                password=password,
            )
        for key, value in written.items():
            counts[key] = counts.get(key, 0) + value
        if progress:
            progress(written["learners"])
    _bulk_insert_settle()
    return counts


# --- One large course for the insights page ---------------------------------------------------

INSIGHTS_SLUG_PREFIX = "insights"
INSIGHTS_CHUNK = 5000


def _attempts_take(
    rng: random.Random, *, enrollment: Enrollment, quiz: Quiz, questions: list, at: datetime, skill: float
) -> list[QuizAttempt]:
    """Graded attempts at `quiz` (up to three, until one passes), answered with `skill`; some wrong
    choices more tempting than others."""
    attempts = []
    for number in range(1, 4):
        answers: dict[int, list[int]] = {}
        for question in questions:
            wrong = [c for c in question.choice_ids if c not in question.correct_choice_ids]
            if rng.random() < skill or not wrong:
                answers[question.id] = list(question.correct_choice_ids)
            else:
                answers[question.id] = [wrong[0] if rng.random() < 0.6 else rng.choice(wrong)]
        grade = quiz_grade(questions=questions, answers=answers, partial_credit=quiz.partial_credit)
        attempt = QuizAttempt(
            enrollment=enrollment,
            quiz=quiz,
            number=number,
            started_at=at,
            submitted_at=at + timedelta(minutes=4),
            score=round(Decimal(grade.score.numerator) / grade.score.denominator, 2),
            max_score=grade.max_score,
            score_percent=grade.score_percent,
            passed=grade.passes(quiz.pass_mark),
            answers={str(q): sorted(c) for q, c in answers.items()},
            results=[asdict(result) for result in grade.results],
        )
        attempts.append(attempt)
        if attempt.passed:
            break
        at += timedelta(minutes=30)
        skill = min(skill + 0.1, 0.95)
    return attempts


def insights_course_generate(
    *,
    enrollments: int = 100_000,
    seed: int = 2,
    anchor: datetime = DEFAULT_ANCHOR,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """One published course (5 modules of 6 lessons, 5 quizzes, 10 challenges) with `enrollments`
    new learners enrolled over the 180 days before `anchor`, with lessons done, graded quiz
    attempts and challenge responses: the insights page's worst case. Returns the row counts."""
    if Course.objects.filter(slug__startswith=f"{INSIGHTS_SLUG_PREFIX}-").exists():
        raise ValueError("This database already holds the generated insights course; use a fresh one.")
    rng = random.Random(seed)
    password = make_password(None)
    with transaction.atomic():
        instructor = User.objects.create(
            email=f"{INSIGHTS_SLUG_PREFIX}-instructor@{EMAIL_DOMAIN}",
            name="Insights Instructor",
            password=password,
            is_staff=True,
            date_joined=anchor - timedelta(days=400),
        )
        [plan] = _courses_create(
            rng, count=1, anchor=anchor, instructors=[instructor], slug_prefix=INSIGHTS_SLUG_PREFIX
        )
    questions = {
        quiz.pk: [
            GradableQuestion.from_question(q)
            for q in Question.objects.filter(quiz=quiz).order_by("position").prefetch_related("choices")
        ]
        for quiz in plan.quiz_by_lesson.values()
    }
    counts = {"enrollments": 0, "lesson_completions": 0, "quiz_attempts": 0, "challenge_responses": 0}
    for first in range(0, enrollments, INSIGHTS_CHUNK):
        size = min(INSIGHTS_CHUNK, enrollments - first)
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    email=f"{INSIGHTS_SLUG_PREFIX}{first + k}@{EMAIL_DOMAIN}",
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    password=password,
                    timezone=ZONES[(first + k) % len(ZONES)],
                    date_joined=anchor - timedelta(days=200),
                )
                for k in range(size)
            )
            rows: dict[str, list] = {"enrollments": [], "completions": [], "attempts": [], "responses": []}
            for user in users:
                _insights_learner(rng, user=user, plan=plan, questions=questions, anchor=anchor, rows=rows)
            Enrollment.objects.bulk_create(rows["enrollments"])
            LessonCompletion.objects.bulk_create(rows["completions"])
            QuizAttempt.objects.bulk_create(rows["attempts"])
            QuizAnswer.objects.bulk_create(
                [row for a in rows["attempts"] for row in quiz_answer_rows(attempt_id=a.pk, results=a.results)],
                batch_size=10_000,
            )
            ChallengeResponse.objects.bulk_create(rows["responses"])
        counts["enrollments"] += len(rows["enrollments"])
        counts["lesson_completions"] += len(rows["completions"])
        counts["quiz_attempts"] += len(rows["attempts"])
        counts["challenge_responses"] += len(rows["responses"])
        if progress:
            progress(size)
    _bulk_insert_settle()
    return counts


def _insights_learner(
    rng: random.Random, *, user: User, plan: CoursePlan, questions: dict, anchor: datetime, rows: dict
) -> None:
    enrolled_at = anchor - timedelta(days=rng.randint(1, 180), minutes=rng.randint(0, 1439))
    enrollment = Enrollment(user=user, course=plan.course, enrolled_at=enrolled_at)
    rows["enrollments"].append(enrollment)
    done = min(len(plan.lessons), int(rng.expovariate(1 / 6)))
    skill = rng.uniform(0.5, 0.95)
    at = enrolled_at
    for lesson in plan.lessons[:done]:
        at += timedelta(hours=rng.randint(2, 30))
        rows["completions"].append(LessonCompletion(enrollment=enrollment, lesson=lesson, completed_at=at))
        quiz = plan.quiz_by_lesson.get(lesson.pk)
        if quiz is not None and rng.random() < 0.85:
            attempts = _attempts_take(
                rng, enrollment=enrollment, quiz=quiz, questions=questions[quiz.pk], at=at, skill=skill
            )
            rows["attempts"] += attempts
            at = attempts[-1].started_at + timedelta(minutes=4)  # when the last one was submitted
    finished = done == len(plan.lessons)
    answered = len(plan.challenges) if finished else rng.randint(0, min(3, len(plan.challenges)))
    for number, challenge in enumerate(plan.challenges[:answered], start=1):
        at += timedelta(hours=rng.randint(2, 30))
        due_on = (at + timedelta(days=7)).date()
        outcome = ""
        if due_on < anchor.date() and rng.random() < 0.7:
            outcome = ChallengeResponse.Outcome.KEPT if rng.random() < 0.6 else ChallengeResponse.Outcome.MISSED
        rows["responses"].append(
            ChallengeResponse(
                enrollment=enrollment,
                challenge=challenge,
                reflection="I jump in and fix deals myself instead of coaching the rep.",
                commitment=f"Ask three questions before giving any answer, step {number}.",
                due_on=due_on,
                outcome=outcome,
                reported_at=at + timedelta(days=8) if outcome else None,
                created_at=at,
            )
        )
    enrollment.last_activity_at = at
    if finished:
        enrollment.status = Enrollment.Status.COMPLETED
        enrollment.completed_at = at


def _bulk_insert_settle() -> None:
    """PostgreSQL, after bulk inserts: VACUUM sets the tables' visibility map, so that index-only
    scans read no heap pages, and ANALYZE their statistics: what a deployment's autovacuum does on
    its own, done at once so the benchmark's plans do not depend on whether (or when) autovacuum
    ran. VACUUM cannot run in a transaction (the tests make their data in one): there ANALYZE alone."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
