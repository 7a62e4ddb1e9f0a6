"""Signed one-click unsubscribe tokens (a user id and an email kind, nothing else), and the
signed link to the email preferences page (a user id only)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from accounts.models import EMAIL_PREFERENCE_FIELDS
from courseplatform.errors import ApplicationError

from ..models import ACCOUNT_EMAIL_KINDS, EmailLog

SALT = "courseplatform.unsubscribe"
ALL = "all"

# Emails someone asked for, not progress emails: no preference switches them off and they carry
# no unsubscribe link (an invitation has its own "not me" link instead; account emails are needed
# to sign up and get back into an account).
NOT_UNSUBSCRIBABLE = frozenset({EmailLog.Kind.TEAM_INVITATION, *ACCOUNT_EMAIL_KINDS})

# Email kind -> the user's preference field that switches it off (email_<kind>).
PREFERENCE_FIELDS = {kind: f"email_{kind}" for kind in EmailLog.Kind.values if kind not in NOT_UNSUBSCRIBABLE}
assert set(PREFERENCE_FIELDS.values()) <= set(EMAIL_PREFERENCE_FIELDS)


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=SALT, compress=True)


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return settings.SITE_URL + reverse("unsubscribe", kwargs={"token": token})


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    """(user id, kind) from a token; signing.BadSignature for a forged or altered one."""
    data = signing.loads(token, salt=SALT)
    if (
        not isinstance(data, dict)
        or data.get("k") not in {*PREFERENCE_FIELDS, ALL}
        or not isinstance(data.get("u"), int)
    ):
        raise signing.BadSignature("Unknown unsubscribe token contents.")
    return data["u"], data["k"]


DESCRIPTIONS = {
    "welcome": "welcome emails",
    "todays_lesson": "today's lesson emails",
    "weekly_digest": "the weekly progress digest",
    "inactivity": "reminders after a few quiet days",
    "commitment": "commitment follow-ups",
    "completion": "course completion emails",
    "team_digest": "the weekly team digest",
    ALL: "any progress emails",
}


def user_unsubscribe(*, user, kind: str):
    """Switch off one kind of progress email (or all of them). Safe to repeat."""
    fields = list(EMAIL_PREFERENCE_FIELDS) if kind == ALL else [PREFERENCE_FIELDS[kind]]
    for name in fields:
        setattr(user, name, False)
    user.save(update_fields=fields)
    return user


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


PREFERENCES_SALT = "courseplatform.email-preferences"


def preference_label(field: str) -> str:
    """What a preference field switches, in words: "the weekly progress digest"."""
    kind = field.removeprefix("email_")
    return DESCRIPTIONS.get(kind) or kind.replace("_", " ") + " emails"


def preferences_token(*, user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=PREFERENCES_SALT)


def preferences_token_read(token: str) -> int:
    """The user id from a preferences token; signing.BadSignature for a forged or altered one."""
    data = signing.loads(token, salt=PREFERENCES_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise signing.BadSignature("Unknown preferences token contents.")
    return data["u"]


def preferences_url(*, user_id: int) -> str:
    """Where an email sends the learner to choose their emails: the front end's page when
    FRONTEND_URL is set ({FRONTEND_URL}/account/emails/), else the API's small signed page."""
    if settings.FRONTEND_URL:
        return f"{settings.FRONTEND_URL}/account/emails/"
    return settings.SITE_URL + reverse("email-preferences", kwargs={"token": preferences_token(user_id=user_id)})


def user_email_preferences_set(*, user, choices: dict[str, bool]):
    """Switch progress emails on or off: {preference field: on}. Unknown fields are refused
    before anything changes; safe to repeat."""
    unknown = sorted(set(choices) - set(EMAIL_PREFERENCE_FIELDS))
    if unknown:
        raise ApplicationError(f"Unknown email preference: {unknown[0]}.", field=unknown[0])
    for name, on in choices.items():
        setattr(user, name, bool(on))
    if choices:
        user.save(update_fields=list(choices))
    return user
