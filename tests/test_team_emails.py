"""Team emails through the progress-email machinery: the invitation and the weekly team digest."""

import datetime as dt
import re
from email import message_from_string
from html import unescape
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import EMAIL_PREFERENCE_FIELDS
from enrollments.emails.sending import email_batch_send, emails_pending_batches, emails_record_due
from enrollments.models import ChallengeResponse, EmailLog, Enrollment, LessonCompletion
from enrollments.services import challenge_response_create, enrollment_create
from teams.models import Invitation, TeamMembership
from teams.services import team_create, team_enroll, team_invite

from .factories import UserFactory
from .teams_helpers import client_for, course_with_content, team_with_members

pytestmark = pytest.mark.django_db

UTC = dt.UTC
MONDAY = dt.datetime(2026, 11, 30, tzinfo=UTC)  # ISO week 49


@pytest.fixture(autouse=True)
def _clock_before_the_scenarios():
    """Scenarios are set up on a fixed date before the Monday the digest tests travel to."""
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=UTC)):
        yield


def _send_all() -> None:
    for ids in emails_pending_batches(now=timezone.now()):
        email_batch_send(log_ids=ids)


def _parts(message) -> dict[str, str]:
    parsed = message_from_string(message.message().as_string())
    return {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in parsed.walk()
        if part.get_content_maintype() == "text"
    }


def _sent(kind: str) -> list:
    ids = set(EmailLog.objects.filter(kind=kind, status="sent").values_list("id", flat=True))
    return [m for m in mail.outbox if int(m.extra_headers["X-Email-Log-Id"]) in ids]


# The invitation


def test_the_invitation_email_carries_a_working_link_and_a_not_me_link(django_capture_on_commit_callbacks):
    manager = UserFactory(name="Morgan")
    team = team_create(user=manager, name="Northern sales")

    with django_capture_on_commit_callbacks(execute=True):
        team_invite(team=team, invited_by=manager, emails=["pat@example.com"])

    [message] = _sent("team_invitation")
    assert message.to == ["pat@example.com"]
    assert message.subject == "Morgan invited you to join Northern sales"
    assert "List-Unsubscribe" not in message.extra_headers  # not a progress email: no unsubscribe
    parts = _parts(message)
    assert set(parts) == {"text/plain", "text/html"}
    accept = re.search(r"(http\S+/invitations/accept/\?token=\S+)", parts["text/plain"]).group(1)
    decline = re.search(r"(http\S+/invitations/decline/\?token=\S+)", parts["text/plain"]).group(1)
    assert unescape(accept) in unescape(parts["text/html"])
    assert unescape(decline) in unescape(parts["text/html"])

    pat = UserFactory(email="pat@example.com")
    token = unquote(accept.split("token=", 1)[1])
    assert client_for(pat).post("/api/v1/invitations/accept/", {"token": token}).status_code == 200
    assert TeamMembership.objects.filter(team=team, user=pat).exists()


def test_invitations_ignore_email_preferences(django_capture_on_commit_callbacks):
    manager = UserFactory(**dict.fromkeys(EMAIL_PREFERENCE_FIELDS, False))
    UserFactory(email="pat@example.com", **dict.fromkeys(EMAIL_PREFERENCE_FIELDS, False))
    team = team_create(user=manager, name="Team")

    with django_capture_on_commit_callbacks(execute=True):
        team_invite(team=team, invited_by=manager, emails=["pat@example.com"])

    assert [m.to for m in _sent("team_invitation")] == [["pat@example.com"]]


def test_a_revoked_invitation_is_not_sent():
    manager = UserFactory()
    team = team_create(user=manager, name="Team")
    team_invite(team=team, invited_by=manager, emails=["pat@example.com"])  # recorded, not yet sent
    Invitation.objects.update(status="revoked")

    _send_all()

    assert EmailLog.objects.get(kind="team_invitation").status == "skipped"
    assert mail.outbox == []


# The weekly team digest


def _digest_world(tz: str = "Europe/London", hour: int = 8):
    """A manager of two teams. In Northern: Ada moved forward this week and shares her words,
    Bo has been quiet for ten days and does not. Southern has one member, Cy."""
    manager = UserFactory(name="Morgan", timezone=tz, preferred_hour=hour)
    northern, (ada, bo) = team_with_members(manager=manager, n_members=2, name="Northern")
    southern, (cy,) = team_with_members(manager=manager, n_members=1, name="Southern")
    ada.share_with_managers = True
    ada.save()
    course = course_with_content(n_lessons=2, n_challenges=2)
    team_enroll(team=northern, course=course, members="all")
    team_enroll(team=southern, course=course, members="all")
    first, second = course.challenges.order_by("number")
    # On the Monday of the digest: Ada's commitment is due Thursday, Bo's was due last Friday.
    challenge_response_create(
        user=ada, challenge=first, reflection="r", commitment="Ask Jo what she needs", due_on=dt.date(2026, 12, 3)
    )
    challenge_response_create(
        user=bo, challenge=second, reflection="r", commitment="Call three lost clients", due_on=dt.date(2026, 11, 27)
    )
    lesson = course.modules.first().lessons.first()
    LessonCompletion.objects.create(
        enrollment=Enrollment.objects.get(user=ada, course=course),
        lesson=lesson,
        completed_at=MONDAY - dt.timedelta(days=2),
    )
    Enrollment.objects.filter(user=ada).update(last_activity_at=MONDAY - dt.timedelta(days=2))
    Enrollment.objects.filter(user__in=[bo, cy]).update(last_activity_at=MONDAY - dt.timedelta(days=10))
    ChallengeResponse.objects.update(created_at=MONDAY - dt.timedelta(days=10))
    EmailLog.objects.all().delete()
    return manager, (ada, bo, cy)


def test_the_digest_covers_every_team_of_the_manager_in_one_email_with_the_privacy_rules():
    manager, (ada, bo, cy) = _digest_world()

    with time_machine.travel(MONDAY.replace(hour=8, minute=5), tick=False):
        emails_record_due(now=timezone.now(), kinds=["team_digest"])
        _send_all()

    [message] = _sent("team_digest")
    assert message.to == [manager.email]
    assert message.subject == "Your team's week: 1 of 3 moved forward"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = _parts(message)["text/plain"]
    northern, southern = text.split("== Southern")
    assert f"{ada.name}: 1 step" in northern
    assert f"{bo.name} (last active Fri 20 Nov)" in northern
    assert f"{ada.name}, 1. " in northern and '"Ask Jo what she needs"' in northern  # shared, due Thursday
    assert f"{bo.name}, 2. " in northern and "was due Fri 27 Nov" in northern  # overdue
    assert "Call three lost clients" not in text  # Bo does not share his words
    assert f"{cy.name} (last active" in southern
    assert "secret" not in text


@pytest.mark.parametrize(
    "front_end, link",
    [
        ("", "http://testserver/api/v1/teams/{id}/progress/"),
        ("https://app.example.com", "https://app.example.com/teams/{id}/progress/"),
    ],
)
def test_the_digest_links_to_the_team_progress_in_the_front_end_when_there_is_one(settings, front_end, link):
    settings.FRONTEND_URL = front_end
    settings.SITE_URL = "http://testserver"
    manager, _members = _digest_world()
    northern = manager.team_memberships.get(team__name="Northern").team

    with time_machine.travel(MONDAY.replace(hour=8, minute=5), tick=False):
        emails_record_due(now=timezone.now(), kinds=["team_digest"])
        _send_all()

    [message] = _sent("team_digest")
    assert link.format(id=northern.pk) in _parts(message)["text/plain"]


def test_the_digest_goes_once_a_week_at_each_managers_local_hour_across_time_zones():
    zones = {"Europe/London": 8, "America/Los_Angeles": 7, "Asia/Tokyo": 9, "Australia/Adelaide": 23}
    managers = {}
    for tz, hour in zones.items():
        manager = UserFactory(timezone=tz, preferred_hour=hour)
        team_with_members(manager=manager, n_members=1)
        managers[manager.id] = tz
    EmailLog.objects.all().delete()

    # A beat tick every 30 minutes from Saturday 28 November to Wednesday 9 December (UTC).
    start = dt.datetime(2026, 11, 28, 0, 0, tzinfo=UTC)
    for step in range(2 * 24 * 11):
        now = start + dt.timedelta(minutes=30 * step)
        with time_machine.travel(now, tick=False):
            emails_record_due(now=now, kinds=["team_digest"])

    for uid, tz in managers.items():
        logs = list(EmailLog.objects.filter(kind="team_digest", user_id=uid).order_by("created_at"))
        # Two Mondays in the span: one email each, named by the manager's local ISO week.
        assert [log.period for log in logs] == ["2026-W49", "2026-W50"], tz
        for log in logs:
            local = log.created_at.astimezone(ZoneInfo(tz))
            assert (local.weekday(), local.hour, local.minute) == (0, zones[tz], 0), tz


def test_no_digest_when_switched_off_and_one_click_unsubscribe_switches_it_off(client):
    manager, _ = _digest_world()
    manager.email_team_digest = False
    manager.save()
    with time_machine.travel(MONDAY.replace(hour=8, minute=5), tick=False):
        assert emails_record_due(now=timezone.now(), kinds=["team_digest"]) == []

    manager.email_team_digest = True
    manager.save()
    with time_machine.travel(MONDAY.replace(hour=8, minute=5), tick=False):
        emails_record_due(now=timezone.now(), kinds=["team_digest"])
        _send_all()
    [message] = _sent("team_digest")
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    manager.refresh_from_db()
    assert manager.email_team_digest is False
    assert manager.email_weekly_digest is True  # only this kind


def test_a_manager_of_teams_without_members_gets_no_digest():
    manager = UserFactory(timezone="UTC", preferred_hour=8)
    team_create(user=manager, name="Empty")

    with time_machine.travel(MONDAY.replace(hour=8, minute=5), tick=False):
        assert emails_record_due(now=timezone.now(), kinds=["team_digest"]) == []


def test_the_digest_batch_costs_the_same_queries_for_one_manager_as_for_five():
    managers = []
    for _ in range(6):
        manager = UserFactory(timezone="UTC")
        team, members = team_with_members(manager=manager, n_members=3)
        course = course_with_content()
        team_enroll(team=team, course=course, members="all")
        challenge_response_create(
            user=members[0],
            challenge=course.challenges.first(),
            reflection="r",
            commitment="c",
            due_on=dt.date(2026, 11, 25),
        )
        managers.append(manager)
    EmailLog.objects.all().delete()

    def queries_for(batch) -> int:
        now = timezone.now()
        ids = [EmailLog.objects.create(user=m, kind="team_digest", period="p", next_attempt_at=now).id for m in batch]
        with CaptureQueriesContext(connection) as queries:
            assert email_batch_send(log_ids=ids).sent == len(batch)
        return len(queries)

    assert queries_for(managers[:1]) == queries_for(managers[1:])


def test_two_commitments_to_one_challenge_are_one_step_in_the_digest():
    _manager, (ada, _bo, _cy) = _digest_world()
    first = Enrollment.objects.get(user=ada).course.challenges.order_by("number").first()
    for commitment in ("Ask Jo what she needs", "Ask Jo again, in person"):
        challenge_response_create(
            user=ada, challenge=first, reflection="r", commitment=commitment, due_on=dt.date(2026, 12, 3)
        )
    ChallengeResponse.objects.filter(enrollment__user=ada).update(created_at=MONDAY - dt.timedelta(days=1))

    with time_machine.travel(MONDAY.replace(hour=8, minute=5), tick=False):
        emails_record_due(now=timezone.now(), kinds=["team_digest"])
        _send_all()

    [message] = _sent("team_digest")
    # One lesson and one challenge, as the team progress counts them; not three.
    assert f"{ada.name}: 2 steps" in _parts(message)["text/plain"]


def test_preview_email_team_digest(capsys, tmp_path):
    manager, _ = _digest_world()

    with time_machine.travel(MONDAY.replace(hour=8, minute=5), tick=False):
        call_command("preview_email", "team_digest", manager.email)
        out = tmp_path / "team.html"
        call_command("preview_email", "team_digest", manager.email, "--html", str(out))

    printed = capsys.readouterr().out
    assert "Subject: Your team's week: 1 of 3 moved forward" in printed
    assert "Northern" in out.read_text() and "Southern" in out.read_text()
    assert not EmailLog.objects.exists()  # a preview records nothing


def test_members_enrolled_later_by_the_api_are_in_the_next_digest():
    manager = UserFactory(timezone="UTC", preferred_hour=8)
    _team, (ada,) = team_with_members(manager=manager, n_members=1, name="Solo")
    course = course_with_content()
    enrollment_create(user=ada, course=course)  # self-enrolled: not one of the team's courses yet
    EmailLog.objects.all().delete()

    with time_machine.travel(MONDAY.replace(hour=8, minute=5), tick=False):
        emails_record_due(now=timezone.now(), kinds=["team_digest"])
        _send_all()

    text = _parts(_sent("team_digest")[0])["text/plain"]
    assert f"{ada.name} (not started)" in text
