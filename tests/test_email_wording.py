"""Emails that read well: greetings without placeholders, a footer that says what each link turns
off, a preferences page that exists, the completion as it happened, challenges in two steps, and
.eml files in the outbox."""

import datetime as dt
import re
import subprocess
import sys
from email import message_from_bytes, message_from_string
from email.policy import default as default_policy
from urllib.parse import urlparse

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.utils import timezone

from courseplatform.mail import EmlFileBackend
from courses.models import Course
from enrollments.emails.render import batch_data_load, email_message_build
from enrollments.emails.sending import email_batch_send, emails_pending_batches
from enrollments.emails.unsubscribe import ALL, preferences_token, unsubscribe_token_read
from enrollments.models import Certificate, ChallengeResponse, EmailLog, Enrollment
from enrollments.services import enrollment_create, lesson_complete, lesson_uncomplete
from teams.services import team_enroll

from .factories import ChallengeFactory, CourseFactory, LessonFactory, ModuleFactory, UserFactory
from .teams_helpers import course_with_content, team_with_members

pytestmark = pytest.mark.django_db
UTC = dt.UTC
NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
KINDS = ["welcome", "todays_lesson", "weekly_digest", "inactivity", "commitment", "completion"]


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _parts(message) -> dict[str, str]:
    parsed = message_from_string(message.message().as_string())
    return {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in parsed.walk()
        if part.get_content_maintype() == "text"
    }


def _every_kind(user) -> dict[str, EmailMultiAlternatives]:
    """One email of each kind for `user`, rendered."""
    course = CourseFactory(drip_mode=Course.DripMode.DAILY, title="Leading the Team")
    module = ModuleFactory(course=course, position=0)
    lessons = [
        LessonFactory(module=module, position=i, unlock_after=i, duration_seconds=None, word_count=400)
        for i in range(2)
    ]
    enrollment, _ = enrollment_create(user=user, course=course)
    challenge = ChallengeFactory(
        course=course,
        reflection_question="Who will you ask first, and what will you ask?",
        report_question="What did their answer change in how you lead them?",
    )
    response = ChallengeResponse.objects.create(
        enrollment=enrollment,
        challenge=challenge,
        reflection="Jordan, about the stalled renewal.",
        commitment="I will ask Jordan what they need from me by Friday.",
        due_on=NOW.date(),
        created_at=NOW,
    )
    Certificate.objects.create(
        enrollment=enrollment, course=course, learner_name="x", course_title=course.title, issued_at=NOW
    )
    logs = {"welcome": EmailLog.objects.get(kind="welcome")}
    subjects = {"todays_lesson": lessons[1].id, "commitment": response.id, "completion": enrollment.id}
    for kind in KINDS[1:]:
        logs[kind] = EmailLog.objects.create(
            user=user,
            kind=kind,
            period=f"p:{enrollment.id}",
            subject_id=subjects.get(kind),
            next_attempt_at=NOW,
        )
    data = batch_data_load(list(logs.values()))
    return {kind: email_message_build(log, data) for kind, log in logs.items()}


def test_no_placeholder_greeting_when_the_learner_has_no_name():
    messages = _every_kind(UserFactory(name=""))

    greetings = {
        "welcome": "Welcome!",
        "todays_lesson": "Hello,",
        "weekly_digest": "Your week\n",
        "inactivity": "We have missed you.",
        "commitment": "Today is the day.",
        "completion": "Congratulations!",
    }
    for kind, message in messages.items():
        text, html = _parts(message)["text/plain"], _parts(message)["text/html"]
        assert text.startswith(greetings[kind]), (kind, text[:40])
        # Above the footer: no "there", no comma or space left where a name would be.
        for part in (text.split("\n--\n")[0], html.split("<hr")[0]):
            assert "there" not in part
            assert not re.search(r"[ ,]\s*(?:[!.,]|</h1>)", part), (kind, part)


def test_the_learners_name_greets_them_when_there_is_one():
    messages = _every_kind(UserFactory(name="Sam"))

    assert messages["welcome"].body.startswith("Welcome, Sam!")
    assert messages["todays_lesson"].body.startswith("Hello Sam,")
    assert messages["commitment"].body.startswith("Today is the day, Sam.")
    assert "Congratulations, Sam!" in _parts(messages["completion"])["text/html"]


def test_each_email_says_which_kind_its_link_turns_off_and_links_to_all_and_to_the_preferences(settings):
    settings.FRONTEND_URL = ""
    settings.SITE_URL = "https://api.example.com"
    user = UserFactory()
    descriptions = {
        "welcome": "welcome emails",
        "todays_lesson": "today's lesson emails",
        "weekly_digest": "the weekly progress digest",
        "inactivity": "reminders after a few quiet days",
        "commitment": "commitment follow-ups",
        "completion": "course completion emails",
    }
    for kind, message in _every_kind(user).items():
        text, html = _parts(message)["text/plain"], _parts(message)["text/html"]
        footer = text.split("\n--\n", 1)[1]
        links = dict(re.findall(r"^(.*?): (https://\S+)$", footer, flags=re.MULTILINE))
        assert set(links) == {
            f"Turn off {descriptions[kind]} (one click)",
            "Turn off all progress emails",
            "Choose which emails you get",
        }, footer
        one = links[f"Turn off {descriptions[kind]} (one click)"]
        every = links["Turn off all progress emails"]
        assert unsubscribe_token_read(urlparse(one).path.rstrip("/").rsplit("/", 1)[1]) == (user.id, kind)
        assert unsubscribe_token_read(urlparse(every).path.rstrip("/").rsplit("/", 1)[1]) == (user.id, ALL)
        assert message.extra_headers["List-Unsubscribe"] == f"<{one}>"
        assert links["Choose which emails you get"].startswith("https://api.example.com/api/v1/email-preferences/")
        assert f">Turn off {descriptions[kind]}</a>" in html.replace("&#x27;", "'")
        assert "turn off all progress emails</a>" in html
        for part in (text, html):
            assert "profile" not in part.lower()
            assert "Unsubscribe from these emails" not in part


def test_the_team_digest_has_the_same_footer_and_greeting():
    manager = UserFactory(name="")
    team, _members = team_with_members(manager=manager)
    team_enroll(team=team, course=course_with_content(), members="all")
    log = EmailLog.objects.create(user=manager, kind="team_digest", period="2026-W45", next_attempt_at=NOW)

    message = email_message_build(log, batch_data_load([log]))

    text, html = _parts(message)["text/plain"], _parts(message)["text/html"]
    assert text.startswith("Your team's week\n")
    assert "Your team's week</h1>" in html
    assert "Turn off the weekly team digest (one click): " in text
    assert "Turn off all progress emails: " in text and "Choose which emails you get: " in text
    assert ">Turn off the weekly team digest</a>" in html


def test_with_a_front_end_the_preferences_link_is_its_page(settings):
    settings.FRONTEND_URL = "https://learn.example.com"
    message = _every_kind(UserFactory())["weekly_digest"]

    assert "Choose which emails you get: https://learn.example.com/account/emails/" in message.body
    assert 'href="https://learn.example.com/account/emails/"' in _parts(message)["text/html"]


def test_todays_lesson_says_its_duration_in_words():
    message = _every_kind(UserFactory())["todays_lesson"]  # 400 words at 200 a minute

    assert "(about 2 minutes)" in message.body
    assert "It takes about 2 minutes." in _parts(message)["text/html"]


def test_commitment_follow_up_recalls_the_reflection_and_asks_the_report_back_question():
    message = _every_kind(UserFactory())["commitment"]
    text, html = _parts(message)["text/plain"], _parts(message)["text/html"]

    for part in (text, html):
        assert "Who will you ask first, and what will you ask?" in part
        assert "Jordan, about the stalled renewal." in part
        assert "What did their answer change in how you lead them?" in part
        assert "I will ask Jordan what they need from me by Friday." in part


# --- The preferences page ---------------------------------------------------------------------


def _preferences_path(user) -> str:
    return f"/api/v1/email-preferences/{preferences_token(user_id=user.id)}/"


def _switches(user) -> dict[str, bool]:
    user.refresh_from_db()
    return {name: getattr(user, name) for name in ("email_welcome", "email_weekly_digest", "email_inactivity")}


def test_preferences_page_get_shows_a_form_and_changes_nothing():
    user = UserFactory(email_inactivity=False)
    before = _switches(user)

    page = Client().get(_preferences_path(user), HTTP_ACCEPT="text/html")
    as_json = Client().get(_preferences_path(user))

    assert page.status_code == 200
    html = page.content.decode()
    assert '<form method="post"' in html
    assert 'name="email_weekly_digest" value="true" checked' in html
    assert 'name="email_inactivity" value="true">' in html
    assert as_json.json()["email_inactivity"] is False and as_json.json()["email_welcome"] is True
    assert user.email not in html and user.email not in as_json.content.decode()
    assert _switches(user) == before


def test_preferences_form_post_sets_every_switch_and_json_sets_only_those_sent():
    user = UserFactory()
    client = Client()

    saved = client.post(_preferences_path(user), {"email_welcome": "true"}, HTTP_ACCEPT="text/html")
    assert saved.status_code == 200 and "Saved." in saved.content.decode()
    # An HTML form sends ticked boxes only: everything unticked is off.
    assert _switches(user) == {"email_welcome": True, "email_weekly_digest": False, "email_inactivity": False}

    changed = client.post(_preferences_path(user), {"email_inactivity": True}, content_type="application/json")
    assert changed.status_code == 200
    assert _switches(user) == {"email_welcome": True, "email_weekly_digest": False, "email_inactivity": True}


def test_preferences_page_refuses_a_bad_token_and_a_bad_value():
    user = UserFactory()
    client = Client()

    forged = client.get("/api/v1/email-preferences/not-a-token/")
    wrong = client.post(_preferences_path(user), {"email_welcome": "maybe"}, content_type="application/json")

    assert (forged.status_code, forged.json()["field"]) == (400, "token")
    assert (wrong.status_code, wrong.json()["field"]) == (400, "email_welcome")
    assert _switches(user)["email_welcome"] is True


# --- The completion email as it happened ------------------------------------------------------


def test_completion_email_shows_the_completion_not_the_live_state(settings):
    user = UserFactory(name="Robin", timezone="Pacific/Auckland")
    course = CourseFactory(title="Leading the Team")
    module = ModuleFactory(course=course, position=0)
    lessons = [LessonFactory(module=module, position=i) for i in range(3)]
    enrollment_create(user=user, course=course)
    for lesson in lessons:
        lesson_complete(user=user, lesson=lesson)
    assert Enrollment.objects.get(user=user).status == Enrollment.Status.COMPLETED
    # Before the email goes out, the learner un-completes a lesson: live progress is now 66%.
    lesson_uncomplete(user=user, lesson=lessons[1])

    for ids in emails_pending_batches(now=timezone.now()):
        email_batch_send(log_ids=ids)

    (completion,) = [m for m in mail.outbox if m.subject.startswith("You completed")]
    text, html = _parts(completion)["text/plain"], _parts(completion)["text/html"]
    for part in (text, html):
        assert "On 2 November 2026 you completed" in part  # 22:00 in Auckland on 2 November
        assert "100%" in part
        assert "66%" not in part and "Next:" not in part
    assert f"/api/v1/certificates/{Certificate.objects.get().code}/" in text


# --- .eml files -------------------------------------------------------------------------------


def test_the_outbox_gets_one_eml_file_per_message_that_a_mail_client_reads(tmp_path):
    messages = []
    for n in range(2):
        message = EmailMultiAlternatives(
            subject=f"Message {n}",
            body=f"Plain text {n}, with an é.",
            from_email="courses@example.com",
            to=[f"learner{n}@example.com"],
            headers={"List-Unsubscribe": "<https://example.com/u/>"},
        )
        message.attach_alternative(f"<p>HTML {n}</p>", "text/html")
        messages.append(message)

    assert EmlFileBackend(file_path=tmp_path).send_messages(messages) == 2

    files = sorted(tmp_path.iterdir())
    assert [f.suffix for f in files] == [".eml", ".eml"]
    parsed = sorted(
        (message_from_bytes(f.read_bytes(), policy=default_policy) for f in files), key=lambda m: str(m["Subject"])
    )
    for n, message in enumerate(parsed):
        assert message["Subject"] == f"Message {n}" and message["To"] == f"learner{n}@example.com"
        assert message["List-Unsubscribe"] == "<https://example.com/u/>"
        assert message.get_content_type() == "multipart/alternative"
        assert message.get_body(("plain",)).get_content().strip() == f"Plain text {n}, with an é."
        assert message.get_body(("html",)).get_content().strip() == f"<p>HTML {n}</p>"


def test_without_email_settings_the_default_backend_writes_eml_files(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "courseplatform.settings.base", "DJANGO_DEBUG": "true"}
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "courseplatform.mail.EmlFileBackend"
