import secrets

from django.conf import settings
from django.db import models

from courseplatform.httpcache import cache_forget, cache_key, certificates_changed
from courses.models import Challenge, Course
from lessons.models import Lesson, Quiz


class Enrollment(models.Model):
    """A learner in a course. One row per (user, course), reactivated rather than duplicated."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    class Source(models.TextChoices):
        SELF = "self", "Self"
        TEAM = "team", "Team"
        STAFF = "staff", "Staff"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    # Indexed by enrollment_course_status, which starts with it.
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrollments", db_index=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SELF)
    # The team that enrolled the learner (source "team"); the learning stays theirs if the team goes.
    team = models.ForeignKey("teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="enrollments")
    # The drip schedule counts from this instant, in the time zone the learner had when enrolling:
    # changing zone later must never open a lesson early.
    enrolled_at = models.DateTimeField()
    timezone = models.CharField(
        max_length=64, default="UTC", help_text="The learner's time zone at enrolment; drip unlocks follow it."
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrollment_unique_user_course"),
            models.CheckConstraint(
                condition=models.Q(status__in=["active", "completed", "cancelled"]), name="enrollment_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=["self", "team", "staff"]), name="enrollment_source_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | models.Q(completed_at__isnull=False),
                name="enrollment_completed_has_date",
            ),
        ]
        # No index holds last_activity_at: recording activity (every quiz submission, a lesson
        # completion once a minute) is then a HOT update, which writes no index entries.
        indexes = [models.Index(fields=["course", "status"], name="enrollment_course_status")]

    def __str__(self) -> str:
        return f"{self.user} in {self.course}"


class LessonCompletion(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="lesson_completions")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "lesson"], name="lesson_completion_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id} done in enrolment {self.enrollment_id}"


class QuizAttempt(models.Model):
    """One try at a quiz. `attempt_limit` copies the quiz's limit when the attempt is made, so
    the database itself refuses an attempt number beyond it."""

    # Indexed by the unique constraint, which starts with it.
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="quiz_attempts", db_index=False)
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    attempt_limit = models.PositiveSmallIntegerField(null=True, blank=True)
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Points scored; fractional when the quiz gives partial credit (rounded to 2 decimals).
    score = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    max_score = models.PositiveIntegerField(null=True, blank=True)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    results = models.JSONField(default=list, blank=True)
    # The order this attempt showed: {"questions": [question ids], "choices": {"<question id>": [choice ids]}}.
    # It is derived from (quiz, learner, attempt number) by lessons.selectors.quiz_attempt_order, so the
    # quiz shows the same order before the attempt exists (an untimed quiz is answered in one request)
    # and after; stored when the attempt is made so that later edits to the quiz cannot reorder it.
    # Empty: authored order (attempts from before shuffling).
    order = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["quiz_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "quiz", "number"], name="quiz_attempt_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="quiz_attempt_number_positive"),
            models.CheckConstraint(
                condition=models.Q(attempt_limit__isnull=True) | models.Q(number__lte=models.F("attempt_limit")),
                name="quiz_attempt_within_limit",
            ),
            models.CheckConstraint(
                condition=models.Q(score_percent__isnull=True) | models.Q(score_percent__lte=100),
                name="quiz_attempt_percent_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0), name="quiz_attempt_score_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} at quiz {self.quiz_id}"


class QuizExtraAttempts(models.Model):
    """Attempts at a quiz granted to one learner on top of the quiz's limit, by an instructor."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="quiz_extra_attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="extra_attempts")
    extra = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "quiz"], name="quiz_extra_attempts_unique"),
            models.CheckConstraint(condition=models.Q(extra__gte=1), name="quiz_extra_attempts_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.extra} extra attempts at quiz {self.quiz_id} for enrolment {self.enrollment_id}"


class ChallengeResponse(models.Model):
    """A learner's reflection and dated commitment on a challenge, and later the outcome."""

    class Outcome(models.TextChoices):
        KEPT = "kept", "Kept"
        MISSED = "missed", "Missed"

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="challenge_responses")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="responses")
    reflection = models.TextField(max_length=5000)
    commitment = models.CharField(max_length=500)
    due_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(max_length=2000, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same commitment sent twice is one response: a repeated POST is safe.
            models.UniqueConstraint(
                fields=["enrollment", "challenge", "due_on", "commitment"], name="challenge_response_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=["", "kept", "missed"]), name="challenge_response_outcome_valid"
            ),
        ]
        indexes = [models.Index(fields=["due_on", "outcome"], name="challenge_response_due")]

    def __str__(self) -> str:
        return self.commitment[:80]


def _certificate_code() -> str:
    return secrets.token_urlsafe(12)


def certificate_cache_key(code: str) -> str:
    """Where the public verification answer of a certificate is cached (courseplatform.httpcache)."""
    return cache_key("certificate", code)


class CertificateQuerySet(models.QuerySet):
    """A bulk update (e.g. removing the learner's name) drops the cached verification answers at once."""

    def update(self, **kwargs):
        keys = [certificate_cache_key(code) for code in self.values_list("code", flat=True)]
        updated = super().update(**kwargs)
        cache_forget(*keys)
        certificates_changed()
        return updated


class Certificate(models.Model):
    """Issued once when an enrolment completes; verified publicly by its code.

    It outlives the learner's account: when they delete it, the enrolment goes and the name
    is blanked, and the code still verifies the course and the date.
    """

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.SET_NULL, null=True, blank=True, related_name="certificate"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    code = models.CharField(max_length=32, unique=True, default=_certificate_code)
    learner_name = models.CharField(max_length=150, blank=True, help_text="Empty once the learner deleted the account.")
    course_title = models.CharField(max_length=200)
    issued_at = models.DateTimeField()

    objects = CertificateQuerySet.as_manager()

    def __str__(self) -> str:
        return self.code


class EmailLog(models.Model):
    """One progress email per (learner, kind, period): claimed before sending, marked after.

    The unique key is what makes a second beat tick, a second beat process, a retried task
    or a restarted worker harmless: the row exists once, and only a pending row is sent.
    """

    class Kind(models.TextChoices):
        WELCOME = "welcome", "Welcome"
        TODAYS_LESSON = "todays_lesson", "Today's lesson"
        WEEKLY_DIGEST = "weekly_digest", "Weekly progress digest"
        INACTIVITY = "inactivity", "Inactivity nudge"
        COMMITMENT = "commitment", "Commitment follow-up"
        COMPLETION = "completion", "Course completed"
        TEAM_DIGEST = "team_digest", "Weekly team digest"
        # To an address, not a learner: the row's user is the manager who invited (see teams.emails).
        TEAM_INVITATION = "team_invitation", "Team invitation"
        # Account emails: sent whatever the progress-email preferences say, without unsubscribe.
        VERIFY_EMAIL = "verify_email", "Confirm your email address"
        ACCOUNT_EXISTS = "account_exists", "You already have an account"
        PASSWORD_RESET = "password_reset", "Reset your password"
        EMAIL_CHANGE = "email_change", "Confirm your new email address"
        # To the address being replaced (the row's to_email), so that its owner hears of the change.
        EMAIL_CHANGE_NOTICE = "email_change_notice", "Your email address is being changed"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_logs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    period = models.CharField(max_length=64, help_text="What makes this email unique for its kind, e.g. 2026-W48.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # What the email is about (an enrolment, a lesson, a challenge response); kind-specific.
    subject_id = models.BigIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    to_email = models.EmailField(
        max_length=254, blank=True, help_text="The recipient when it is not the user's current address."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "period"], name="email_log_once_per_period"),
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sending", "sent", "failed", "skipped"]),
                name="email_log_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="email_log_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} to {self.user_id} ({self.status})"


# The emails an account needs to work, as opposed to progress emails a learner may switch off.
ACCOUNT_EMAIL_KINDS = frozenset(
    {
        EmailLog.Kind.VERIFY_EMAIL,
        EmailLog.Kind.ACCOUNT_EXISTS,
        EmailLog.Kind.PASSWORD_RESET,
        EmailLog.Kind.EMAIL_CHANGE,
        EmailLog.Kind.EMAIL_CHANGE_NOTICE,
    }
)
# Kinds with a preference switch and an unsubscribe link (a team invitation is neither).
PROGRESS_EMAIL_KINDS = frozenset(
    kind for kind in EmailLog.Kind if kind not in ACCOUNT_EMAIL_KINDS and kind != EmailLog.Kind.TEAM_INVITATION
)


class InsightCount(models.Model):
    """How many of a course's learners who enrolled on one day did one thing, counted ahead for
    the instructors' insights page (enrollments.insights.course_insights_count): the page adds up
    the days of its range instead of reading every learner's rows."""

    class Kind(models.TextChoices):
        # key: the lesson
        LESSON_COMPLETED = "lesson_completed", "Learners who completed the lesson"
        # key: the quiz
        QUIZ_TAKEN = "quiz_taken", "Learners who submitted the quiz"
        QUIZ_PASSED = "quiz_passed", "Learners who passed the quiz"
        QUIZ_FIRST_TRY = "quiz_first_try", "Learners who passed the quiz at their first attempt"
        # key: the question; counts answers (an attempt answers each question once)
        QUESTION_ANSWERED = "question_answered", "Answers to the question"
        QUESTION_MISSED = "question_missed", "Wrong answers to the question"
        # key: the choice; counts the wrong choices picked
        WRONG_CHOICE = "wrong_choice", "Times the wrong choice was picked"
        # key: the furthest lesson completed, 0 for none yet
        STOP = "stop", "Active learners whose furthest lesson it is"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    enrolled_on = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.BigIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["course", "enrolled_on", "kind", "key"], name="insight_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} on {self.enrolled_on}: {self.count}"


class InsightsCounted(models.Model):
    """When a course's InsightCount rows were last counted."""

    course = models.OneToOneField(Course, on_delete=models.CASCADE, primary_key=True, related_name="+")
    counted_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Insights of course {self.course_id} counted at {self.counted_at:%Y-%m-%d %H:%M}"
