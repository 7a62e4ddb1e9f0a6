from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from knox.crypto import hash_token
from knox.models import get_token_model

from accounts.models import User
from enrollments.models import EmailLog

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the factories' password
PROFILE_FIELDS = {
    "id",
    "email",
    "email_verified",
    "pending_email",
    "name",
    "timezone",
    "preferred_hour",
    "email_welcome",
    "email_todays_lesson",
    "email_weekly_digest",
    "email_inactivity",
    "email_commitment",
    "email_completion",
    "email_team_digest",
    "share_with_managers",
}


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttle counters live in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


def _token_for(client, email, password=PASSWORD, **extra):
    response = client.post("/api/v1/auth/token/", {"email": email, "password": password}, **extra)
    assert response.status_code == 200, response.json()
    return response.json()["token"]


def _bearer(client, token):
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


# --- register -----------------------------------------------------------------------------


def _sent_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_register_creates_an_unverified_learner_and_emails_a_confirmation_link(
    api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/auth/register/",
            {
                "email": "New.Learner@Example.COM",
                "password": "a-long-unusual-passphrase",
                "name": "Nia",
                "timezone": "Europe/London",
            },
        )

    assert response.status_code == 202
    assert set(response.json()) == {"email", "message"}
    assert response.json()["email"] == "new.learner@example.com"
    user = User.objects.get(email="new.learner@example.com")
    assert (user.name, user.timezone, user.email_verified_at) == ("Nia", "Europe/London", None)
    assert user.check_password("a-long-unusual-passphrase")
    assert not user.is_staff
    assert not user.is_superuser
    [email] = _sent_to("new.learner@example.com")
    assert email.subject == "Confirm your email address"
    assert "/account/verify-email/?token=" in email.body


def test_registered_learner_can_exchange_credentials_for_a_token_before_verifying(api_client):
    api_client.post("/api/v1/auth/register/", {"email": "nia@example.com", "password": "a-long-unusual-passphrase"})

    token = _token_for(api_client, "NIA@example.com", "a-long-unusual-passphrase")

    me = _bearer(api_client, token).get("/api/v1/me/").json()
    assert (me["email"], me["email_verified"], me["pending_email"]) == ("nia@example.com", False, None)


def test_register_with_a_taken_address_in_another_case_answers_the_same_and_tells_the_owner(
    api_client, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="taken@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/auth/register/", {"email": "TAKEN@Example.com", "password": "a-long-unusual-passphrase"}
        )

    assert response.status_code == 202
    assert response.json()["email"] == "taken@example.com"
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # the password typed at sign-up changed nothing
    [email] = _sent_to("taken@example.com")
    assert email.subject == "You already have an account"
    assert "/account/reset-password/?token=" in email.body


def test_register_turns_the_unique_constraint_race_into_the_same_answer(api_client):
    UserFactory(email="racer@example.com")
    lookups = []

    def first_lookup_misses(email):
        # The other sign-up commits between our lookup and our insert.
        lookups.append(email)
        return None if len(lookups) == 1 else User.objects.filter(email__iexact=email).first()

    with mock.patch("accounts.services._user_by_email", side_effect=first_lookup_misses):
        response = api_client.post(
            "/api/v1/auth/register/", {"email": "Racer@example.com", "password": "a-long-unusual-passphrase"}
        )

    assert response.status_code == 202, response.content
    assert len(lookups) == 2
    assert User.objects.filter(email__iexact="racer@example.com").count() == 1
    assert EmailLog.objects.filter(user__email="racer@example.com", kind="account_exists").count() == 1


@pytest.mark.parametrize("password", ["short", "password123", "12345678901", "weak@example.com"])
def test_register_rejects_a_weak_password(api_client, password):
    response = api_client.post("/api/v1/auth/register/", {"email": "weak@example.com", "password": password})

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "password"
    assert body["message"]
    assert not User.objects.filter(email="weak@example.com").exists()


def test_register_rejects_an_unknown_time_zone(api_client):
    response = api_client.post(
        "/api/v1/auth/register/",
        {"email": "tz@example.com", "password": "a-long-unusual-passphrase", "timezone": "Mars/Base"},
    )

    assert response.status_code == 400
    assert response.json()["field"] == "timezone"
    assert not User.objects.filter(email="tz@example.com").exists()


def test_register_cannot_create_staff(api_client):
    response = api_client.post(
        "/api/v1/auth/register/",
        {
            "email": "sneaky@example.com",
            "password": "a-long-unusual-passphrase",
            "is_staff": True,
            "is_superuser": True,
        },
    )

    assert response.status_code == 202
    user = User.objects.get(email="sneaky@example.com")
    assert not user.is_staff
    assert not user.is_superuser


# --- tokens -------------------------------------------------------------------------------


def test_token_exchange_returns_a_token_and_its_expiry(api_client, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(hours=2)}
    user = UserFactory()

    response = api_client.post("/api/v1/auth/token/", {"email": user.email.upper(), "password": PASSWORD})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiry"}
    token_row = get_token_model().objects.get(user=user)
    assert abs(token_row.expiry - (timezone.now() + timedelta(hours=2))) < timedelta(minutes=1)
    user.refresh_from_db()
    assert user.last_login is not None


def test_token_is_stored_hashed(api_client):
    user = UserFactory()

    token = _token_for(api_client, user.email)

    token_model = get_token_model()
    assert not token_model.objects.filter(digest=token).exists()
    assert not token_model.objects.filter(token_key=token).exists()
    assert token_model.objects.get(user=user).digest == hash_token(token)


def test_wrong_password_gets_a_json_error(api_client):
    user = UserFactory()

    response = api_client.post("/api/v1/auth/token/", {"email": user.email, "password": "not-the-password"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_credentials"
    assert "email address and password" in body["message"]
    assert not get_token_model().objects.exists()


def test_unknown_email_gets_the_same_error_as_a_wrong_password(api_client):
    response = api_client.post("/api/v1/auth/token/", {"email": "nobody@example.com", "password": PASSWORD})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"


def test_inactive_user_cannot_get_a_token(api_client):
    user = UserFactory(is_active=False)

    response = api_client.post("/api/v1/auth/token/", {"email": user.email, "password": PASSWORD})

    assert response.status_code == 400
    assert not get_token_model().objects.exists()


def test_token_request_without_password_names_the_field(api_client):
    response = api_client.post("/api/v1/auth/token/", {"email": "someone@example.com"})

    assert response.status_code == 400
    assert response.json()["field"] == "password"


def test_lockout_of_one_account_leaves_other_accounts_alone(api_client, settings):
    locked, other = UserFactory(), UserFactory()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        api_client.post(
            "/api/v1/auth/token/", {"email": locked.email, "password": "wrong"}, REMOTE_ADDR=f"10.0.0.{attempt + 1}"
        )

    response = api_client.post(
        "/api/v1/auth/token/", {"email": other.email, "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )

    assert response.status_code == 200


def test_bearer_token_authenticates_me(api_client):
    user = UserFactory(name="Sam")
    token = _token_for(api_client, user.email)

    response = _bearer(api_client, token).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["email"] == user.email
    assert response.json()["name"] == "Sam"


def test_expired_token_is_refused(api_client):
    user = UserFactory()
    token = _token_for(api_client, user.email)
    get_token_model().objects.filter(user=user).update(expiry=timezone.now() - timedelta(seconds=1))

    response = _bearer(api_client, token).get("/api/v1/me/")

    assert response.status_code == 401
    assert not get_token_model().objects.filter(user=user).exists()


def test_token_of_a_deactivated_user_is_refused(api_client):
    user = UserFactory()
    token = _token_for(api_client, user.email)
    User.objects.filter(id=user.id).update(is_active=False)

    assert _bearer(api_client, token).get("/api/v1/me/").status_code == 401


def test_made_up_token_is_refused(api_client):
    response = _bearer(api_client, "a" * 64).get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["status"] == 401


# --- logout -------------------------------------------------------------------------------


def test_logout_revokes_only_the_token_used(api_client):
    user = UserFactory()
    first = _token_for(api_client, user.email)
    second = _token_for(api_client, user.email)

    response = _bearer(api_client, first).post("/api/v1/auth/logout/")

    assert response.status_code == 204
    assert _bearer(api_client, first).get("/api/v1/me/").status_code == 401
    assert _bearer(api_client, second).get("/api/v1/me/").status_code == 200


def test_logout_all_revokes_every_token(api_client):
    user = UserFactory()
    first = _token_for(api_client, user.email)
    second = _token_for(api_client, user.email)

    response = _bearer(api_client, first).post("/api/v1/auth/logout-all/")

    assert response.status_code == 204
    assert _bearer(api_client, first).get("/api/v1/me/").status_code == 401
    assert _bearer(api_client, second).get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/me/"),
        ("patch", "/api/v1/me/"),
        ("post", "/api/v1/auth/logout/"),
        ("post", "/api/v1/auth/logout-all/"),
    ],
)
def test_anonymous_gets_401_with_a_bearer_challenge(api_client, method, path):
    response = getattr(api_client, method)(path)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["code"] == "not_authenticated"


def test_token_limit_per_user_is_enforced(api_client, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_LIMIT_PER_USER": 2}
    user = UserFactory()
    _token_for(api_client, user.email)
    _token_for(api_client, user.email)

    response = api_client.post("/api/v1/auth/token/", {"email": user.email, "password": PASSWORD})

    assert response.status_code == 403
    assert response.json()["code"] == "token_limit"


# --- me -----------------------------------------------------------------------------------


def test_me_patch_updates_profile_and_preferences(learner_client, learner):
    response = learner_client.patch(
        "/api/v1/me/",
        {"name": "Pat", "timezone": "America/New_York", "preferred_hour": 0, "email_weekly_digest": False},
    )

    assert response.status_code == 200
    body = response.json()
    assert set(body) == PROFILE_FIELDS
    assert body["name"] == "Pat"
    assert body["timezone"] == "America/New_York"
    assert body["preferred_hour"] == 0
    assert body["email_weekly_digest"] is False
    assert body["email_welcome"] is True
    learner.refresh_from_db()
    assert (learner.name, learner.timezone, learner.preferred_hour) == ("Pat", "America/New_York", 0)
    assert learner.email_weekly_digest is False


@pytest.mark.parametrize("hour", [24, -1, "noon"])
def test_me_patch_rejects_an_hour_outside_0_23(learner_client, learner, hour):
    response = learner_client.patch("/api/v1/me/", {"preferred_hour": hour})

    assert response.status_code == 400
    assert response.json()["field"] == "preferred_hour"
    learner.refresh_from_db()
    assert learner.preferred_hour == 8


def test_me_patch_rejects_an_unknown_time_zone(learner_client, learner):
    response = learner_client.patch("/api/v1/me/", {"timezone": "Mars/Base"})

    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "timezone"
    assert "Mars/Base" in body["message"]
    learner.refresh_from_db()
    assert learner.timezone == "UTC"


def test_me_patch_cannot_change_email_or_privileges(learner_client, learner):
    email = learner.email

    response = learner_client.patch(
        "/api/v1/me/",
        {"email": "new@example.com", "is_staff": True, "is_superuser": True, "is_active": False, "id": 999},
    )

    assert response.status_code == 200
    assert response.json()["email"] == email
    assert response.json()["id"] == learner.id
    learner.refresh_from_db()
    assert learner.email == email
    assert not learner.is_staff
    assert not learner.is_superuser
    assert learner.is_active
