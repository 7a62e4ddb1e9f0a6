"""Account emails: confirm an address, reset a password, "you already have an account", "your
address is being changed" (to the old address).

They travel through the same log and batches as the progress emails (recorded, sent after
commit, retried, never twice), but no preference or unsubscribe stops them: without them
nobody could sign up or get back into an account. Their links carry a token made when the
email is rendered (see accounts.tokens), so no token is ever stored.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from accounts.models import User

from ..models import EmailLog
from .render import BatchData, Skip

SUBJECTS: dict[str, str] = {
    EmailLog.Kind.VERIFY_EMAIL: "Confirm your email address",
    EmailLog.Kind.ACCOUNT_EXISTS: "You already have an account",
    EmailLog.Kind.PASSWORD_RESET: "Reset your password",
    EmailLog.Kind.EMAIL_CHANGE: "Confirm your new email address",
    EmailLog.Kind.EMAIL_CHANGE_NOTICE: "Your email address is being changed",
}

# Which token each email carries, and the page its link opens.
TOKEN_PURPOSES: dict[str, str] = {
    EmailLog.Kind.VERIFY_EMAIL: tokens.VERIFY_EMAIL,
    EmailLog.Kind.ACCOUNT_EXISTS: tokens.PASSWORD_RESET,
    EmailLog.Kind.PASSWORD_RESET: tokens.PASSWORD_RESET,
    EmailLog.Kind.EMAIL_CHANGE: tokens.EMAIL_CHANGE,
    EmailLog.Kind.EMAIL_CHANGE_NOTICE: tokens.PASSWORD_RESET,
}
PAGES = {
    tokens.VERIFY_EMAIL: "verify-email",
    tokens.EMAIL_CHANGE: "verify-email",
    tokens.PASSWORD_RESET: "reset-password",
}
PAGE_ROUTES = {"verify-email": "account-verify-email-page", "reset-password": "account-reset-password-page"}


def account_link(page: str, token: str) -> str:
    """The link in an account email: "verify-email" or "reset-password", with `?token=...`.

    With FRONTEND_URL set, the front end's pages (the contract a front end serves):

        {FRONTEND_URL}/verify-email?token=...     confirm an address (new account or new address)
        {FRONTEND_URL}/reset-password?token=...   choose a new password

    which POST the token to /api/v1/auth/verify-email/ or /api/v1/auth/password-reset/confirm/.
    Unset, a small page served here that does the same; opening it changes nothing.
    """
    query = urlencode({"token": token})
    if settings.FRONTEND_URL:
        return f"{settings.FRONTEND_URL}/{page}?{query}"
    return f"{settings.SITE_URL}{reverse(PAGE_ROUTES[page])}?{query}"


def _new_address(log: EmailLog, user: User) -> str:
    """For the notice to the old address: the address the account is moving (or moved) to."""
    if user.pending_email:
        return user.pending_email
    if user.email != log.to_email:
        return user.email  # confirmed already
    raise Skip("the address change was withdrawn")


def _recipient(log: EmailLog, user: User) -> str:
    if log.kind == EmailLog.Kind.EMAIL_CHANGE_NOTICE:
        if not log.to_email:
            raise Skip("no address to tell")
        return log.to_email
    if log.kind == EmailLog.Kind.EMAIL_CHANGE:
        if not user.pending_email:
            raise Skip("the address change was confirmed or replaced")
        if User.objects.filter(email__iexact=user.pending_email).exclude(pk=user.pk).exists():
            raise Skip("the new address belongs to another account")
        return user.pending_email
    if log.kind == EmailLog.Kind.VERIFY_EMAIL and user.email_verified_at is not None:
        raise Skip("the address is verified already")
    return user.email


def account_message_build(log: EmailLog, data: BatchData, connection=None) -> EmailMultiAlternatives:
    """The message for one account email row: plain text and HTML, no unsubscribe (it has none)."""
    user = data.users.get(log.user_id)
    if user is None or not user.is_active:
        raise Skip("no active user")
    purpose = TOKEN_PURPOSES[log.kind]
    lifetime = tokens.token_max_age(purpose)
    if log.created_at < timezone.now() - timedelta(seconds=lifetime):
        raise Skip("asked for too long ago: its link would have expired")
    to = _recipient(log, user)
    token = tokens.account_token_make(user=user, purpose=purpose)
    notice = log.kind == EmailLog.Kind.EMAIL_CHANGE_NOTICE
    context = {
        "subject": SUBJECTS[log.kind],
        "name": user.name or "there",
        "email": log.to_email if notice else user.email,
        "new_email": _new_address(log, user) if notice else user.pending_email,
        "changed": notice and not user.pending_email,
        "link": account_link(PAGES[purpose], token),
        "valid_for": _duration(lifetime),
        "site_url": settings.SITE_URL,
    }
    text = render_to_string(f"accounts/emails/{log.kind}.txt", context)
    html = render_to_string(f"accounts/emails/{log.kind}.html", context)
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated", "X-Email-Log-Id": str(log.id)},
    )
    message.attach_alternative(html, "text/html")
    return message


def _duration(seconds: int) -> str:
    if seconds % 86400 == 0:
        days = seconds // 86400
        return f"{days} day{'s' if days != 1 else ''}"
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
