"""Signed, expiring, single-use tokens for the links in account emails.

A token is Django's `signing.dumps` of the user id and a digest of the account state the
link is meant to change, with a salt per purpose. Nothing is stored: using the link changes
that state (the password, the verification date, the pending address), so the digest no
longer matches and the token is spent. Forged or altered tokens fail the signature check,
old ones the max_age check.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import User

VERIFY_EMAIL = "verify_email"
EMAIL_CHANGE = "email_change"
PASSWORD_RESET = "password_reset"
PURPOSES = (VERIFY_EMAIL, EMAIL_CHANGE, PASSWORD_RESET)
SALT = "courseplatform.accounts."


class TokenInvalid(Exception):
    """Forged, altered, expired, for another purpose, or already used."""


def token_max_age(purpose: str) -> int:
    """Seconds a token of this purpose stays valid."""
    if purpose == PASSWORD_RESET:
        return settings.PASSWORD_RESET_TIMEOUT
    return settings.EMAIL_VERIFY_TIMEOUT


def _state(user: User, purpose: str, *, verified: bool | None = None) -> str:
    """The account state a token of this purpose is bound to."""
    if verified is None:
        verified = user.email_verified_at is not None
    if purpose == VERIFY_EMAIL:
        value = f"{user.pk}|{user.email}|{verified}"
    elif purpose == EMAIL_CHANGE:
        value = f"{user.pk}|{user.email}|{user.pending_email}"
    else:
        # The password hash changes on every reset or change; the email on an address change.
        value = f"{user.pk}|{user.email}|{user.password}|{user.is_active}"
    return salted_hmac(SALT + purpose, value, algorithm="sha256").hexdigest()[:32]


def account_token_make(*, user: User, purpose: str) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user, purpose)}, salt=SALT + purpose, compress=True)


def _payload(token: str, purpose: str) -> tuple[int, str]:
    try:
        data = signing.loads(token, salt=SALT + purpose, max_age=token_max_age(purpose))
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        raise TokenInvalid from None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("s"), str):
        raise TokenInvalid
    return data["u"], data["s"]


def account_token_user(*, token: str, purpose: str, user: User | None = None) -> User:
    """The user a valid, unused token of this purpose is for; TokenInvalid otherwise.

    Given `user` (a fresh, locked row), the token is checked against that row instead.
    """
    user_id, state = _payload(token, purpose)
    if user is None:
        user = User.objects.filter(pk=user_id, is_active=True).first()
    if (
        user is None
        or user.pk != user_id
        or not user.is_active
        or not constant_time_compare(state, _state(user, purpose))
    ):
        raise TokenInvalid
    return user


def verify_token_already_used(*, token: str) -> User | None:
    """The user whose address this verification token confirmed already, else None.

    Following the same link twice (a mail scanner, a double click) then answers like the first time.
    """
    try:
        user_id, state = _payload(token, VERIFY_EMAIL)
    except TokenInvalid:
        return None
    user = User.objects.filter(pk=user_id, is_active=True, email_verified_at__isnull=False).first()
    if user is None or not constant_time_compare(state, _state(user, VERIFY_EMAIL, verified=False)):
        return None
    return user
