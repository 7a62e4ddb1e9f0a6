"""Schemathesis over every operation of the served schema, against a live server with real data.

Four runs: anonymous, signed in as each of two learners (one manages a team the other is
in), and signed in as a third over the account operations only; every check, every phase
(examples, coverage, fuzzing, stateful). `make test` runs a few examples per operation;
`make fuzz` sets FUZZ_MAX_EXAMPLES high. What the run covers and the configuration it uses
(tests/fuzz/schemathesis.toml) are explained in docs/api.md.
"""

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from knox.models import get_token_model
from rest_framework.throttling import ScopedRateThrottle

from courses.models import Course
from enrollments.services import challenge_response_create, enrollment_create, lesson_complete
from lessons.models import Choice, Question
from teams.models import TeamMembership
from teams.services import team_create

from .factories import (
    ChallengeFactory,
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    QuestionFactory,
    QuizFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CONFIG = Path(__file__).resolve().parent / "fuzz" / "schemathesis.toml"
# `make fuzz` sets FUZZ_MAX_EXAMPLES; `make test` keeps CI quick with a few examples and one
# coverage phase less (the second learner's run skips it: the first one covers the same operations).
LARGE_RUN = "FUZZ_MAX_EXAMPLES" in os.environ
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "4"))
ALL_PHASES = "examples,coverage,fuzzing,stateful"
# Signed in, these would end the run's own session (revoke its token, delete its account); the
# anonymous run covers them.
ENDS_THE_SESSION = ["signOut", "signOutEverywhere", "deleteAccount"]
# The account operations (they change the run's own password or address, or answer anyone alike)
# are fuzzed by the anonymous run; signed in, they only shift the seeded generation of the rest.
ENDS_THE_SESSION += [
    "registerAccount",
    "confirmEmail",
    "resendConfirmationEmail",
    "requestPasswordReset",
    "resetPassword",
    "changePassword",
    "changeEmail",
    "exportMyData",
]


def _quiz(lesson, **fields):
    quiz = QuizFactory(lesson=lesson, pass_mark=50, **fields)
    for kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        question = QuestionFactory(quiz=quiz, kind=kind)
        Choice.objects.create(question=question, text="right", is_correct=True, position=0)
        Choice.objects.create(question=question, text="wrong", is_correct=False, position=1)
    return quiz


def _token(user) -> str:
    return get_token_model().objects.create(user=user, expiry=dt.timedelta(hours=2))[1]


@pytest.fixture
def world():
    """Two courses with previews, locked drip lessons, timed and untimed quizzes and challenges;
    two enrolled learners with progress and a commitment; a team one manages and the other is in."""
    course = CourseFactory(slug="leading", title="Leading", drip_mode=Course.DripMode.DAILY)
    week = ModuleFactory(course=course, position=0)
    LessonFactory(module=week, position=0, is_preview=True)
    first = LessonFactory(module=week, position=1)
    _quiz(first, max_attempts=2)
    _quiz(LessonFactory(module=week, position=2, unlock_after=0), time_limit_seconds=120)
    LessonFactory(module=week, position=3, unlock_after=30)
    challenge = ChallengeFactory(course=course, number=1)
    other = CourseFactory(slug="quickies", title="Quickies")
    LessonFactory(module=ModuleFactory(course=other, position=0), position=0)
    ChallengeFactory(course=other, number=1)

    manager, member = UserFactory(email="manager@example.com"), UserFactory(email="member@example.com")
    for learner in (manager, member):
        enrollment_create(user=learner, course=course)
        lesson_complete(user=learner, lesson=first)
        challenge_response_create(
            user=learner,
            challenge=challenge,
            reflection="I answer first.",
            commitment="I will ask first",
            due_on=timezone.localdate() + dt.timedelta(days=3),
        )
    team = team_create(user=manager, name="Northern sales")
    TeamMembership.objects.create(team=team, user=member, role=TeamMembership.Role.MEMBER)
    holder = UserFactory(email="holder@example.com")
    enrollment_create(user=holder, course=course)
    return {"manager": _token(manager), "member": _token(member), "holder": _token(holder)}


@pytest.fixture
def fuzz_rates(settings, monkeypatch):
    """Sign-up and sign-in are fuzzed for real: their throttles and lockouts are raised for this run only."""
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "1000000/minute"})
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 10**6
    settings.SIGNIN_ACCOUNT_FAILURE_LIMIT = 10**6
    settings.AXES_FAILURE_LIMIT = 10**6


def _schemathesis(live_server, tmp_path, name: str, *extra: str, phases: str = ALL_PHASES) -> str:
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(CONFIG),
        "--no-color",
        "run",
        f"{live_server.url}/api/v1/schema/?format=json",
        "--checks",
        "all",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--phases",
        phases,
        "--generation-database",
        "none",
        "--seed",
        os.environ.get("FUZZ_SEED", "20261130"),
        # One worker: hypothesis' code generation is not safe across threads under load.
        "--workers",
        "1",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path / name),
        *extra,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    output = result.stdout + result.stderr
    # The whole report stays under var/ for reading after a failure (CI keeps the workspace).
    report = Path(settings.VAR_DIR) / "fuzz" / f"{name}.txt"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(output)
    summary = re.findall(r"^.*(?:passed|failed|errors?|skipped|cases? generated|Test cases).*$", output, re.M)
    print(f"--- schemathesis ({name}) ---\n" + "\n".join(summary[-12:]))
    assert result.returncode == 0, f"schemathesis failed ({name}); the full report is in {report}"
    return output


def test_fuzz_anonymous(live_server, world, fuzz_rates, tmp_path):
    _schemathesis(live_server, tmp_path, "anonymous")


@pytest.mark.parametrize("who", ["manager", "member"])
def test_fuzz_signed_in(live_server, world, fuzz_rates, tmp_path, who):
    exclude = [option for op in ENDS_THE_SESSION for option in ("--exclude-operation-id", op)]
    phases = ALL_PHASES if LARGE_RUN or who == "manager" else "examples,fuzzing,stateful"
    auth = ("--header", f"Authorization: Bearer {world[who]}")
    _schemathesis(live_server, tmp_path, who, *auth, *exclude, phases=phases)


# Signing out has nothing to fuzz (no parameters) and would end the run's session at once.
NO_INPUT = {"signOut", "signOutEverywhere"}


def test_fuzz_account_operations_signed_in(live_server, world, fuzz_rates, tmp_path):
    """The account operations the learners' runs leave out, signed in as an account of their own:
    a wrong current password, a malformed or taken new address, an export, a deletion without the
    right password. None of them may end this session (the password is never guessed)."""
    account_ops = [op for op in ENDS_THE_SESSION if op not in NO_INPUT]
    include = [option for op in account_ops for option in ("--include-operation-id", op)]
    auth = ("--header", f"Authorization: Bearer {world['holder']}")
    _schemathesis(live_server, tmp_path, "account", *auth, *include)
