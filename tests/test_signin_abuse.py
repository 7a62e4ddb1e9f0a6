"""Sign-in abuse stops the attacker, not the account's owner (accounts/lockout.py).

Pair lock (account, address); an address failing across accounts is throttled; an account
attacked from many addresses is slowed, never locked for its owner; every refusal is a 429 with
Retry-After. The API's token endpoint and the admin login alike.
"""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
# A whole quarter hour: the start of a sign-in counting window (SIGNIN_WINDOW_SECONDS = 900).
START = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)


def _token(client, email, password, address):
    return client.post("/api/v1/auth/token/", {"email": email, "password": password}, REMOTE_ADDR=address)


def _admin(client, email, password, address):
    return client.post("/admin/login/?next=/admin/", {"username": email, "password": password}, REMOTE_ADDR=address)


def _retry_after(response) -> int:
    assert response.status_code == 429, response.content
    return int(response["Retry-After"])


def test_failures_lock_the_pair_and_the_owner_elsewhere_still_signs_in():
    user = UserFactory()
    client = APIClient()
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            assert _token(client, user.email, "wrong", "203.0.113.9").status_code == 400
        fifth = _token(client, user.email, "wrong", "203.0.113.9")  # the fifth failure locks at once
        locked = _token(client, user.email, PASSWORD, "203.0.113.9")
        owner = _token(client, user.email, PASSWORD, "198.51.100.7")

    assert _retry_after(fifth) == 15 * 60
    assert _retry_after(locked) == 15 * 60
    assert locked.json()["code"] == "locked_out"
    assert locked.json()["retry_after"] == 15 * 60
    assert owner.status_code == 200

    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        assert _retry_after(_token(client, user.email, PASSWORD, "203.0.113.9")) == 5 * 60
    with time_machine.travel(START + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert _token(client, user.email, PASSWORD, "203.0.113.9").status_code == 200


def test_an_address_failing_across_many_accounts_is_throttled_on_api_and_admin():
    victim = UserFactory(is_staff=True)
    api, admin = APIClient(), Client()
    for i in range(20):
        # One guess every 4 seconds: slower than the per-minute request throttle, so it is the
        # failure count across accounts that stops this address.
        with time_machine.travel(START + dt.timedelta(seconds=4 * i), tick=False):
            assert _token(api, f"nobody{i}@example.com", "guess", "203.0.113.9").status_code == 400

    with time_machine.travel(START + dt.timedelta(seconds=90), tick=False):
        refused = _token(api, victim.email, PASSWORD, "203.0.113.9")
        refused_admin = _admin(admin, victim.email, PASSWORD, "203.0.113.9")
        elsewhere = _token(api, victim.email, PASSWORD, "198.51.100.7")

    assert refused.json()["code"] == "throttled"
    assert _retry_after(refused) == 15 * 60 - 90
    assert _retry_after(refused_admin) == 15 * 60 - 90
    assert "_auth_user_id" not in admin.session
    assert elsewhere.status_code == 200
    with time_machine.travel(START + dt.timedelta(minutes=15), tick=False):
        assert _token(api, victim.email, PASSWORD, "203.0.113.9").status_code == 200


def test_the_admin_login_alone_is_throttled_per_address():
    staff = UserFactory(is_staff=True)
    admin = Client()
    with time_machine.travel(START, tick=False):
        statuses = [_admin(admin, f"guess{i}@example.com", "guess", "203.0.113.9").status_code for i in range(40)]
        after = _admin(admin, staff.email, PASSWORD, "203.0.113.9")
        elsewhere = _admin(Client(), staff.email, PASSWORD, "198.51.100.7")

    # Django's login form answers a failure with the form again (200), then the address is refused.
    assert statuses == [200] * 20 + [429] * 20
    assert _retry_after(after) == 15 * 60
    assert elsewhere.status_code == 302


def test_an_account_attacked_from_many_addresses_is_slowed_but_never_locked_for_its_owner():
    user = UserFactory()
    client = APIClient()
    with time_machine.travel(START, tick=False):
        assert _token(client, user.email, PASSWORD, "198.51.100.7").status_code == 200  # the owner's usual address
        for i in range(11):
            assert _token(client, user.email, "guess", f"203.0.113.{i + 1}").status_code == 400
        slowed = _token(client, user.email, "guess", "203.0.113.99")
        owner_at_home = _token(client, user.email, PASSWORD, "198.51.100.7")
        owner_travelling = _token(client, user.email, PASSWORD, "192.0.2.50")

    assert slowed.json()["code"] == "throttled"
    assert _retry_after(slowed) == 30
    assert owner_at_home.status_code == 200
    assert _retry_after(owner_travelling) == 30
    # A short wait, not a lock: the owner gets in from a new address once it has passed.
    with time_machine.travel(START + dt.timedelta(seconds=31), tick=False):
        assert _token(client, user.email, PASSWORD, "192.0.2.50").status_code == 200


@pytest.mark.parametrize("superuser", [False, True], ids=["staff", "superuser"])
def test_admin_failures_lock_the_pair_with_retry_after_and_the_owner_elsewhere_signs_in(superuser):
    staff = UserFactory(is_staff=True, is_superuser=superuser)
    attacker, owner = Client(), Client()
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            assert _admin(attacker, staff.email, "guess", "203.0.113.9").status_code == 200
        fifth = _admin(attacker, staff.email, "guess", "203.0.113.9")
        locked = _admin(attacker, staff.email, PASSWORD, "203.0.113.9")
        signed_in = _admin(owner, staff.email, PASSWORD, "198.51.100.7")

    assert _retry_after(fifth) == _retry_after(locked) == 15 * 60
    assert "_auth_user_id" not in attacker.session
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/admin/"), signed_in.content[:300]


def test_failures_on_the_api_and_the_admin_add_up_for_one_address():
    api, admin = APIClient(), Client()
    with time_machine.travel(START, tick=False):
        for i in range(10):
            _token(api, f"a{i}@example.com", "guess", "203.0.113.9")
            _admin(admin, f"b{i}@example.com", "guess", "203.0.113.9")
        assert _retry_after(_token(api, "c@example.com", "guess", "203.0.113.9")) == 15 * 60


def test_a_password_of_spaces_is_refused_at_registration(api_client):
    response = api_client.post("/api/v1/auth/register/", {"email": "pat@example.com", "password": " " * 12})

    assert response.status_code == 400
    assert response.json()["field"] == "password"
