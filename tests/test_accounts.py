"""The account lifecycle over HTTP: sign up and confirm the address, reset a forgotten password,
change the password or the address, export and delete one's data. Every link is read from the
email the platform sent (Django's locmem outbox, filled by the same batch sender as in production).
"""

import re
import statistics
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from knox.models import get_token_model
from rest_framework.test import APIClient

from accounts import tokens
from accounts.models import User
from enrollments.emails.sending import email_batch_send, emails_record_due
from enrollments.models import Certificate, ChallengeResponse, EmailLog, Enrollment, QuizAttempt
from enrollments.services import challenge_response_create, enrollment_create, lesson_complete
from lessons.services import quiz_attempt_submit
from teams.models import Invitation, Team, TeamMembership
from teams.services import team_create, team_invite

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

PASSWORD = "correct-horse-battery"  # the factories' password
NEW_PASSWORD = "a-brand-new-passphrase"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # throttle counters
    yield
    cache.clear()


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run a request and deliver the emails it recorded, as the worker would right after commit."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def _inbox(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def _token(message) -> str:
    """The `token` query parameter of the one link in an account email (the same in both parts)."""
    [link] = set(re.findall(r"https?://[^\s\"<>]+\?token=[^\s\"<>]+", message.body))
    html = message.alternatives[0][0] if message.alternatives else ""
    assert link in html.replace("&amp;", "&")
    return parse_qs(urlsplit(link).query)["token"][0]


def _signed_in(user: User) -> tuple[APIClient, str]:
    _, token = get_token_model().objects.create(user=user, expiry=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client, token


def _works(token: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.get("/api/v1/me/").status_code == 200


# --- Registration does not tell whether an address has an account ---------------------------------


class TimingHasher(PBKDF2PasswordHasher):
    """The production hasher with fewer iterations: still far slower than everything else in a sign-up."""

    iterations = 150_000


def test_register_answers_a_new_and_a_known_address_with_the_same_status_and_body(api_client):
    UserFactory(email="known@example.com")

    new = api_client.post("/api/v1/auth/register/", {"email": "fresh@example.com", "password": NEW_PASSWORD})
    known = api_client.post("/api/v1/auth/register/", {"email": "known@example.com", "password": NEW_PASSWORD})

    assert new.status_code == known.status_code == 202
    assert new.json() == {"email": "fresh@example.com", "message": new.json()["message"]}
    assert known.json() == {"email": "known@example.com", "message": new.json()["message"].replace("fresh", "known")}
    assert set(new.headers) == set(known.headers)


def test_register_takes_as_long_for_a_known_address_as_for_a_new_one(api_client, settings):
    """The known address used to answer in 6 ms against 260 ms: no password was hashed for it."""
    settings.PASSWORD_HASHERS = ["tests.test_accounts.TimingHasher"]
    UserFactory(email="known@example.com")
    hasher = TimingHasher()
    api_client.post("/api/v1/auth/register/", {"email": "warm@example.com", "password": NEW_PASSWORD})  # loads lists

    # Interleaved, so that a busy machine slows the three measures alike.
    timings: dict[str, list[float]] = {"hash": [], "new": [], "known": []}
    for n in range(7):
        started = time.perf_counter()
        hasher.encode("x", hasher.salt())
        timings["hash"].append(time.perf_counter() - started)
        for kind, email in (("new", f"fresh{n}@example.com"), ("known", "known@example.com")):
            started = time.perf_counter()
            response = api_client.post("/api/v1/auth/register/", {"email": email, "password": NEW_PASSWORD})
            timings[kind].append(time.perf_counter() - started)
            assert response.status_code == 202

    one_hash, new, known = (statistics.median(timings[kind]) for kind in ("hash", "new", "known"))
    # Without the hash a known address took a fiftieth of the time; the bounds leave room for a busy machine.
    assert known > 0.5 * one_hash, timings
    assert 0.5 < known / new < 2, timings


def test_register_still_refuses_a_weak_password_for_a_known_address(api_client):
    UserFactory(email="known@example.com")

    for email in ("known@example.com", "fresh@example.com"):
        response = api_client.post("/api/v1/auth/register/", {"email": email, "password": "password123"})
        assert (response.status_code, response.json()["field"]) == (400, "password")


# --- Verify the address -------------------------------------------------------------------------


def test_a_new_learner_confirms_the_address_from_the_email_and_only_then_gets_the_welcome(api_client, send):
    course = CourseFactory(title="Leading, not managing")
    LessonFactory(module=ModuleFactory(course=course))
    send(api_client.post, "/api/v1/auth/register/", {"email": "nia@example.com", "password": NEW_PASSWORD})
    [confirm] = _inbox("nia@example.com")
    assert confirm.subject == "Confirm your email address"
    assert "List-Unsubscribe" not in confirm.extra_headers
    user = User.objects.get(email="nia@example.com")
    client, _ = _signed_in(user)

    # Unverified: the learner can enrol and learn, but no progress email goes out yet.
    assert send(client.post, f"/api/v1/courses/{course.slug}/enrollment/").status_code == 201
    assert len(_inbox("nia@example.com")) == 1
    assert not EmailLog.objects.filter(user=user, kind="welcome").exists()

    verified = send(APIClient().post, "/api/v1/auth/verify-email/", {"token": _token(confirm)})

    assert verified.status_code == 200, verified.content
    assert verified.json() == {
        "email": "nia@example.com",
        "email_verified": True,
        "message": verified.json()["message"],
    }
    assert client.get("/api/v1/me/").json()["email_verified"] is True
    welcome = _inbox("nia@example.com")[1]
    assert welcome.subject == "Welcome to Leading, not managing"
    # The same link again (a double click, a mail scanner) answers the same and sends nothing more.
    again = send(APIClient().post, "/api/v1/auth/verify-email/", {"token": _token(confirm)})
    assert again.status_code == 200
    assert len(_inbox("nia@example.com")) == 2


def test_the_beat_scan_sends_no_progress_email_to_an_unverified_address(learner):
    unverified = UserFactory(email_verified_at=None)
    course = CourseFactory()
    LessonFactory(module=ModuleFactory(course=course))
    for user in (learner, unverified):
        enrollment, _ = enrollment_create(user=user, course=course)
        Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=timezone.now() - timedelta(days=30))
    # The learner's preferred hour, on the digest weekday (Monday).
    monday_8am = timezone.now().replace(hour=8, minute=5) + timedelta(days=(7 - timezone.now().weekday()) % 7)

    due = emails_record_due(now=monday_8am)

    assert {d.kind for d in due if d.user_id == learner.pk} == {"weekly_digest", "inactivity"}
    assert [d for d in due if d.user_id == unverified.pk] == []


@pytest.mark.parametrize(
    "token",
    ["", "not-a-token", "eyJ1IjoxfQ:1u8Xq2:forged-signature", "x" * 501],
)
def test_verify_email_refuses_a_bad_token_naming_the_field(api_client, token):
    response = api_client.post("/api/v1/auth/verify-email/", {"token": token})

    assert response.status_code == 400
    assert response.json()["field"] == "token"


def test_a_verification_link_expires(api_client, send):
    send(api_client.post, "/api/v1/auth/register/", {"email": "late@example.com", "password": NEW_PASSWORD})
    [confirm] = _inbox("late@example.com")

    with time_machine.travel(timezone.now() + timedelta(days=4)):
        response = api_client.post("/api/v1/auth/verify-email/", {"token": _token(confirm)})

    assert (response.status_code, response.json()["code"]) == (400, "invalid_token")
    assert User.objects.get(email="late@example.com").email_verified_at is None


def test_resend_answers_the_same_for_any_address_and_emails_only_an_unverified_account(api_client, send):
    UserFactory(email="verified@example.com")
    UserFactory(email="waiting@example.com", email_verified_at=None)

    answers = [
        send(api_client.post, "/api/v1/auth/verify-email/resend/", {"email": email})
        for email in ("verified@example.com", "waiting@example.com", "nobody@example.com")
    ]

    assert {r.status_code for r in answers} == {202}
    assert [r.json()["email"] for r in answers] == ["verified@example.com", "waiting@example.com", "nobody@example.com"]
    assert [m.to for m in mail.outbox] == [["waiting@example.com"]]
    # Asking again within the minute sends nothing more.
    send(api_client.post, "/api/v1/auth/verify-email/resend/", {"email": "waiting@example.com"})
    assert len(mail.outbox) == 1


def test_registering_a_known_address_sends_one_account_exists_email_a_minute(api_client, send):
    UserFactory(email="known@example.com")

    for _ in range(3):
        send(api_client.post, "/api/v1/auth/register/", {"email": "known@example.com", "password": NEW_PASSWORD})

    [notice] = _inbox("known@example.com")
    assert notice.subject == "You already have an account"


# --- Reset a forgotten password ------------------------------------------------------------------


def test_password_reset_is_202_for_any_address_and_emails_only_an_existing_account(api_client, send):
    owner = UserFactory(email="owner@example.com")
    UserFactory(email="gone@example.com", is_active=False)

    answers = [
        send(api_client.post, "/api/v1/auth/password-reset/", {"email": email})
        for email in ("Owner@Example.com", "nobody@example.com", "gone@example.com")
    ]

    assert [r.status_code for r in answers] == [202, 202, 202]
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert mail.outbox[0].subject == "Reset your password"


def test_password_reset_sets_the_password_revokes_every_token_and_works_once(api_client, send, learner):
    _, token_a = _signed_in(learner)
    _, token_b = _signed_in(learner)
    send(api_client.post, "/api/v1/auth/password-reset/", {"email": learner.email})
    reset_token = _token(_inbox(learner.email)[0])

    weak = api_client.post("/api/v1/auth/password-reset/confirm/", {"token": reset_token, "password": "123"})
    assert (weak.status_code, weak.json()["field"]) == (400, "password")
    done = api_client.post("/api/v1/auth/password-reset/confirm/", {"token": reset_token, "password": NEW_PASSWORD})
    again = api_client.post(
        "/api/v1/auth/password-reset/confirm/", {"token": reset_token, "password": "yet-another-one!"}
    )

    assert done.status_code == 200, done.content
    assert (again.status_code, again.json()["code"], again.json()["field"]) == (400, "invalid_token", "token")
    learner.refresh_from_db()
    assert learner.check_password(NEW_PASSWORD)
    assert not _works(token_a) and not _works(token_b)
    assert get_token_model().objects.filter(user=learner).count() == 0
    signed_in = api_client.post("/api/v1/auth/token/", {"email": learner.email, "password": NEW_PASSWORD})
    assert signed_in.status_code == 200


def test_a_reset_link_expires_after_an_hour(api_client, send, learner):
    send(api_client.post, "/api/v1/auth/password-reset/", {"email": learner.email})
    reset_token = _token(_inbox(learner.email)[0])

    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        response = api_client.post(
            "/api/v1/auth/password-reset/confirm/", {"token": reset_token, "password": NEW_PASSWORD}
        )

    assert (response.status_code, response.json()["code"]) == (400, "invalid_token")
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


def test_a_reset_link_dies_when_the_password_changes_another_way(api_client, send, learner):
    send(api_client.post, "/api/v1/auth/password-reset/", {"email": learner.email})
    reset_token = _token(_inbox(learner.email)[0])
    client, _ = _signed_in(learner)
    assert (
        client.post("/api/v1/me/password/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}).status_code
        == 204
    )

    response = api_client.post(
        "/api/v1/auth/password-reset/confirm/", {"token": reset_token, "password": "xyz-long-one"}
    )

    assert response.status_code == 400


def test_a_reset_link_verifies_an_unverified_address(api_client, send):
    user = UserFactory(email="unsure@example.com", email_verified_at=None)
    send(api_client.post, "/api/v1/auth/password-reset/", {"email": user.email})

    api_client.post(
        "/api/v1/auth/password-reset/confirm/", {"token": _token(_inbox(user.email)[0]), "password": NEW_PASSWORD}
    )

    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_account_emails_go_out_whatever_the_progress_email_preferences(api_client, send):
    user = UserFactory(email="quiet@example.com")
    User.objects.filter(pk=user.pk).update(
        email_welcome=False,
        email_todays_lesson=False,
        email_weekly_digest=False,
        email_inactivity=False,
        email_commitment=False,
        email_completion=False,
        email_team_digest=False,
    )

    send(api_client.post, "/api/v1/auth/password-reset/", {"email": user.email})

    [reset] = _inbox(user.email)
    assert "List-Unsubscribe" not in reset.extra_headers
    assert EmailLog.objects.get(user=user).status == EmailLog.Status.SENT


def test_account_email_links_go_to_the_front_end_when_one_is_set(api_client, send, learner, settings):
    settings.FRONTEND_URL = "https://app.example.com"

    send(api_client.post, "/api/v1/auth/password-reset/", {"email": learner.email})

    [reset] = _inbox(learner.email)
    assert re.search(r"https://app\.example\.com/reset-password\?token=\S+", reset.body)
    done = api_client.post("/api/v1/auth/password-reset/confirm/", {"token": _token(reset), "password": NEW_PASSWORD})
    assert done.status_code == 200


def test_a_reset_email_held_back_longer_than_its_link_lives_is_not_sent(api_client, learner, send):
    with time_machine.travel(timezone.now() - timedelta(hours=2)):
        api_client.post("/api/v1/auth/password-reset/", {"email": learner.email})  # recorded, never handed out
    log = EmailLog.objects.get(user=learner, kind="password_reset")

    from enrollments.emails.sending import email_batch_send

    result = email_batch_send(log_ids=[log.id])

    log.refresh_from_db()
    assert (result.sent, log.status) == (0, EmailLog.Status.SKIPPED)
    assert mail.outbox == []


# --- The pages the links open without a front end -------------------------------------------------


def test_the_verification_page_changes_nothing_on_get_and_confirms_on_post(api_client, send):
    send(api_client.post, "/api/v1/auth/register/", {"email": "page@example.com", "password": NEW_PASSWORD})
    [confirm] = _inbox("page@example.com")
    link = re.search(r"http://\S+", confirm.body).group(0)
    browser = Client(enforce_csrf_checks=True)

    page = browser.get(urlsplit(link).path + "?" + urlsplit(link).query)

    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    assert User.objects.get(email="page@example.com").email_verified_at is None
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    refused = Client(enforce_csrf_checks=True).post(urlsplit(link).path, {"token": _token(confirm)})
    assert refused.status_code == 403
    confirmed = browser.post(urlsplit(link).path, {"token": _token(confirm), "csrfmiddlewaretoken": csrf})
    assert confirmed.status_code == 200
    assert "is confirmed" in confirmed.content.decode()
    assert User.objects.get(email="page@example.com").email_verified_at is not None


def test_the_reset_page_sets_the_new_password(api_client, send, learner):
    send(api_client.post, "/api/v1/auth/password-reset/", {"email": learner.email})
    [reset] = _inbox(learner.email)
    path = urlsplit(re.search(r"http://\S+", reset.body).group(0)).path
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path, {"token": _token(reset)})
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)

    weak = browser.post(path, {"token": _token(reset), "password": "123", "csrfmiddlewaretoken": csrf})
    done = browser.post(path, {"token": _token(reset), "password": NEW_PASSWORD, "csrfmiddlewaretoken": csrf})
    spent = browser.post(path, {"token": _token(reset), "password": NEW_PASSWORD, "csrfmiddlewaretoken": csrf})

    assert "too short" in weak.content.decode()
    assert "Your password is changed" in done.content.decode()
    assert "not valid any more" in spent.content.decode()
    learner.refresh_from_db()
    assert learner.check_password(NEW_PASSWORD)


# --- Change the password, change the address --------------------------------------------------------


def test_change_password_needs_the_current_one_and_revokes_every_other_token(learner):
    client, current = _signed_in(learner)
    _, other = _signed_in(learner)

    wrong = client.post("/api/v1/me/password/", {"current_password": "guess", "new_password": NEW_PASSWORD})
    weak = client.post("/api/v1/me/password/", {"current_password": PASSWORD, "new_password": "short"})
    done = client.post("/api/v1/me/password/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})

    assert (wrong.status_code, wrong.json()["code"], wrong.json()["field"]) == (
        400,
        "wrong_password",
        "current_password",
    )
    assert (weak.status_code, weak.json()["field"]) == (400, "new_password")
    assert done.status_code == 204
    assert _works(current) and not _works(other)
    learner.refresh_from_db()
    assert learner.check_password(NEW_PASSWORD)


def test_change_email_takes_effect_only_once_the_new_address_confirms(learner, send):
    client, token = _signed_in(learner)
    old = learner.email

    wrong = client.post("/api/v1/me/email/", {"email": "new@example.com", "password": "guess"})
    asked = send(client.post, "/api/v1/me/email/", {"email": "New@Example.com", "password": PASSWORD})

    assert (wrong.status_code, wrong.json()["code"]) == (400, "wrong_password")
    assert (asked.status_code, asked.json()["email"]) == (202, "new@example.com")
    me = client.get("/api/v1/me/").json()
    assert (me["email"], me["pending_email"]) == (old, "new@example.com")
    [confirm] = _inbox("new@example.com")
    assert confirm.subject == "Confirm your new email address"
    [notice] = _inbox(old)
    assert notice.subject == "Your email address is being changed"

    verified = APIClient().post("/api/v1/auth/verify-email/", {"token": _token(confirm)})

    assert (verified.status_code, verified.json()["email"]) == (200, "new@example.com")
    me = client.get("/api/v1/me/").json()
    assert (me["email"], me["pending_email"], me["email_verified"]) == ("new@example.com", None, True)
    assert _works(token)
    assert APIClient().post("/api/v1/auth/verify-email/", {"token": _token(confirm)}).status_code == 400


def test_change_email_to_a_taken_address_answers_the_same_and_emails_nobody(learner, send):
    UserFactory(email="taken@example.com")
    client, _ = _signed_in(learner)

    response = send(client.post, "/api/v1/me/email/", {"email": "taken@example.com", "password": PASSWORD})

    assert (response.status_code, response.json()["email"]) == (202, "taken@example.com")
    assert _inbox("taken@example.com") == []
    assert [message.subject for message in mail.outbox] == ["Your email address is being changed"]
    assert mail.outbox[0].to == [learner.email]


def test_an_address_taken_between_the_request_and_the_confirmation_is_a_409(learner, send):
    client, _ = _signed_in(learner)
    send(client.post, "/api/v1/me/email/", {"email": "contested@example.com", "password": PASSWORD})
    [confirm] = _inbox("contested@example.com")
    UserFactory(email="contested@example.com")

    response = APIClient().post("/api/v1/auth/verify-email/", {"token": _token(confirm)})

    assert (response.status_code, response.json()["code"]) == (409, "email_taken")
    learner.refresh_from_db()
    assert learner.email != "contested@example.com"


def test_a_second_address_change_voids_the_first_link(learner, send):
    client, _ = _signed_in(learner)
    send(client.post, "/api/v1/me/email/", {"email": "first@example.com", "password": PASSWORD})
    [first] = _inbox("first@example.com")
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        send(client.post, "/api/v1/me/email/", {"email": "second@example.com", "password": PASSWORD})

    assert APIClient().post("/api/v1/auth/verify-email/", {"token": _token(first)}).status_code == 400
    second = APIClient().post("/api/v1/auth/verify-email/", {"token": _token(_inbox("second@example.com")[0])})
    assert (second.status_code, second.json()["email"]) == (200, "second@example.com")


def test_the_old_address_is_told_of_a_change_and_its_reset_link_cancels_the_change(learner, send):
    client, token = _signed_in(learner)
    old = learner.email
    send(client.post, "/api/v1/me/email/", {"email": "thief@example.com", "password": PASSWORD})
    [notice] = _inbox(old)
    [confirm] = _inbox("thief@example.com")

    assert "thief@example.com" in notice.body and "reset your password" in notice.body
    assert "thief@example.com" in notice.alternatives[0][0]
    reset = APIClient().post(
        "/api/v1/auth/password-reset/confirm/", {"token": _token(notice), "password": NEW_PASSWORD}
    )

    assert reset.status_code == 200
    learner.refresh_from_db()
    assert (learner.email, learner.pending_email) == (old, "")
    assert learner.check_password(NEW_PASSWORD) and not _works(token)
    refused = APIClient().post("/api/v1/auth/verify-email/", {"token": _token(confirm)})
    assert (refused.status_code, refused.json()["code"]) == (400, "invalid_token")
    learner.refresh_from_db()
    assert learner.email == old


def test_a_notice_sent_after_the_change_took_effect_still_goes_to_the_old_address(learner, send):
    client, _ = _signed_in(learner)
    old = learner.email
    client.post("/api/v1/me/email/", {"email": "quick@example.com", "password": PASSWORD})  # emails not sent yet
    learner.refresh_from_db()
    link_token = tokens.account_token_make(user=learner, purpose=tokens.EMAIL_CHANGE)
    assert APIClient().post("/api/v1/auth/verify-email/", {"token": link_token}).status_code == 200

    email_batch_send(log_ids=list(EmailLog.objects.filter(user=learner).values_list("id", flat=True)))

    [notice] = _inbox(old)
    assert "has been changed from " + old + " to quick@example.com" in notice.body
    assert EmailLog.objects.get(kind=EmailLog.Kind.EMAIL_CHANGE_NOTICE).to_email == old


# --- My data: export and delete -----------------------------------------------------------------------


def _learner_with_history(user: User) -> dict:
    """An enrolment with a completed lesson, a failed quiz attempt, a challenge response, and a
    second, finished course with a certificate."""
    course = CourseFactory()
    lesson = LessonFactory(module=ModuleFactory(course=course))
    LessonFactory(module=lesson.module)
    quiz = QuizFactory(lesson=lesson, pass_mark=100, max_attempts=3)
    question = question_with_choices(quiz=quiz, correct=(1,))
    question.explanation = "The second choice: leaders ask."
    question.save()
    challenge = ChallengeFactory(course=course)
    enrollment_create(user=user, course=course)
    lesson_complete(user=user, lesson=lesson)
    wrong = question.choices.order_by("position")[0]
    quiz_attempt_submit(user=user, quiz=quiz, answers=[{"question": question.id, "choices": [wrong.id]}])
    challenge_response_create(
        user=user,
        challenge=challenge,
        reflection="I tell too much.",
        commitment="I will ask first",
        due_on=timezone.now().date() + timedelta(days=3),
    )
    finished = LessonFactory(module=ModuleFactory(course=CourseFactory()))
    enrollment_create(user=user, course=finished.module.course)
    lesson_complete(user=user, lesson=finished)
    return {"question": question, "wrong": wrong}


def test_export_holds_everything_about_me_and_nothing_of_the_answer_key(learner):
    history = _learner_with_history(learner)
    client, _ = _signed_in(learner)

    response = client.get("/api/v1/me/export/")

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "exported_at",
        "profile",
        "enrollments",
        "lesson_completions",
        "quiz_attempts",
        "challenge_responses",
        "certificates",
        "team_memberships",
        "emails",
        "api_tokens",
    }
    assert (data["profile"]["email"], data["profile"]["name"]) == (learner.email, learner.name)
    assert len(data["enrollments"]) == 2
    assert len(data["lesson_completions"]) == 2
    [attempt] = data["quiz_attempts"]
    assert attempt["answers"] == [
        {"question": history["question"].id, "choices": [history["wrong"].id], "correct": False}
    ]
    assert attempt["passed"] is False
    [response_row] = data["challenge_responses"]
    assert (response_row["reflection"], response_row["commitment"]) == ("I tell too much.", "I will ask first")
    [certificate] = data["certificates"]
    assert certificate["learner_name"] == learner.name
    assert {e["kind"] for e in data["emails"]} == {"welcome", "completion"}
    assert len(data["api_tokens"]) == 1
    body = response.content.decode()
    assert "leaders ask" not in body
    assert "correct_choices" not in body and "explanation" not in body


def test_export_makes_the_same_number_of_queries_whatever_the_amount_of_data(learner, django_assert_max_num_queries):
    client, _ = _signed_in(learner)
    with django_assert_max_num_queries(12) as small:
        client.get("/api/v1/me/export/")
    for _ in range(3):
        _learner_with_history(learner)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/api/v1/me/export/")
    assert len(response.json()["enrollments"]) == 6


def test_delete_me_needs_the_password_and_then_removes_the_account_and_its_data(learner, api_client):
    _learner_with_history(learner)
    other = UserFactory()
    _learner_with_history(other)
    client, token = _signed_in(learner)
    code = Certificate.objects.get(enrollment__user=learner).code
    learner_id = learner.pk

    wrong = client.delete("/api/v1/me/", {"password": "guess"})
    missing = client.delete("/api/v1/me/", {})
    assert (wrong.status_code, wrong.json()["code"], wrong.json()["field"]) == (400, "wrong_password", "password")
    assert (missing.status_code, missing.json()["field"]) == (400, "password")
    assert _works(token)

    deleted = client.delete("/api/v1/me/", {"password": PASSWORD})

    assert deleted.status_code == 204
    assert not _works(token)
    assert not User.objects.filter(pk=learner_id).exists()
    assert not Enrollment.objects.filter(user_id=learner_id).exists()
    assert not EmailLog.objects.filter(user_id=learner_id).exists()
    assert not get_token_model().objects.filter(user_id=learner_id).exists()
    assert QuizAttempt.objects.count() == ChallengeResponse.objects.count() == 1  # the other learner's
    public = api_client.get(f"/api/v1/certificates/{code}/")
    assert public.status_code == 200
    assert public.json()["learner_name"] == ""
    assert learner.name not in public.content.decode()
    assert Certificate.objects.filter(enrollment__user=other).count() == 1


def test_delete_me_leaves_the_learners_teams_and_removes_invitations_to_the_address(learner):
    manager = UserFactory()
    team = team_create(user=manager, name="West region")
    TeamMembership.objects.create(team=team, user=learner, role=TeamMembership.Role.MEMBER)
    team_invite(team=team, invited_by=manager, emails=[learner.email.upper(), "someone@example.com"])
    client, _ = _signed_in(learner)
    exported = client.get("/api/v1/me/export/").json()
    assert exported["team_memberships"] == [
        {"team": "West region", "role": "member", "joined_at": exported["team_memberships"][0]["joined_at"]}
    ]

    assert client.delete("/api/v1/me/", {"password": PASSWORD}).status_code == 204

    assert not TeamMembership.objects.filter(team=team, role=TeamMembership.Role.MEMBER).exists()
    assert list(Invitation.objects.values_list("email", flat=True)) == ["someone@example.com"]
    assert Team.objects.filter(pk=team.pk).exists()


def test_staff_cannot_delete_their_account_through_the_api():
    staff = UserFactory(is_staff=True)
    client, _ = _signed_in(staff)

    response = client.delete("/api/v1/me/", {"password": PASSWORD})

    assert (response.status_code, response.json()["code"]) == (403, "staff_account")
    assert User.objects.filter(pk=staff.pk).exists()


def test_a_deactivated_account_s_tokens_stop_working_at_once(learner):
    client, token = _signed_in(learner)
    assert client.get("/api/v1/me/").status_code == 200

    User.objects.filter(pk=learner.pk).update(is_active=False)

    assert not _works(token)
    assert client.get("/api/v1/enrollments/").status_code == 401
    signed_in = APIClient().post("/api/v1/auth/token/", {"email": learner.email, "password": PASSWORD})
    assert signed_in.status_code == 400
