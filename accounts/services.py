from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone as django_timezone
from knox.models import get_token_model
from knox.settings import knox_settings

from courseplatform.errors import ApplicationError
from enrollments.emails.sending import email_log_create
from enrollments.models import Certificate, EmailLog
from enrollments.services import enrollment_welcomes_send
from teams.models import Invitation

from . import tokens
from .lockout import Refusal, pair_lock_refusal, signin_refusal
from .models import EMAIL_PREFERENCE_FIELDS, User, validate_timezone

INSTRUCTORS_GROUP = "Instructors"

# What a user may change about themselves through the API. Everything else (email, is_staff, ...) is not theirs.
USER_EDITABLE_FIELDS = ("name", "timezone", "preferred_hour", *EMAIL_PREFERENCE_FIELDS, "share_with_managers")

EMAIL_TAKEN_MESSAGE = "An account with this email address already exists."


@transaction.atomic
def instructor_make(*, user: User) -> User:
    """Give a user the instructor role: staff, in the Instructors group."""
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(group)
    return user


def email_normalize(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def _timezone_check(value: str) -> None:
    try:
        validate_timezone(value)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field="timezone") from exc


def _password_check(password: str, user: User, *, field: str = "password") -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field=field, code="password_invalid") from exc


def _user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def _active_user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email_normalize(email), is_active=True).first()


def account_email_send(*, user: User, kind: str, to_email: str = "") -> bool:
    """Record an account email (verify, reset, ...) and send it right after commit.

    At most one of each kind per account every ACCOUNT_EMAIL_INTERVAL_SECONDS: the period is
    that time slot, so the email log's unique key drops a repeat within it (False). `to_email`
    fixes the recipient when it is not the address the account has when the email goes out.
    """
    slot = int(django_timezone.now().timestamp()) // settings.ACCOUNT_EMAIL_INTERVAL_SECONDS
    return email_log_create(user_id=user.pk, kind=kind, period=f"slot:{slot}", to_email=to_email) is not None


def user_register(*, email: str, password: str, name: str = "", timezone: str = "UTC") -> str:
    """Sign up: a new address gets an account and a verification email, a known one an
    "you already have an account" email. Returns the normalized address either way.

    The caller cannot tell the two apart: the same answer, and the same work (one password
    hash, one email recorded), so the time taken does not tell either. Only a bad time zone
    or a password the validators refuse is an error, checked before the address is looked up.
    """
    email = email_normalize(email)
    _timezone_check(timezone)
    user = User(email=email, name=name, timezone=timezone)
    _password_check(password, user)

    existing = _user_by_email(email)
    if existing is None:
        user.set_password(password)
        # Two sign-ups with the same address can both get here; the case-insensitive unique
        # constraint lets one in and the other is answered like any known address.
        try:
            with transaction.atomic():
                user.save()
                account_email_send(user=user, kind=EmailLog.Kind.VERIFY_EMAIL)
            return email
        except IntegrityError:
            existing = _user_by_email(email)
    make_password(password)  # the hash a new account costs, so both answers take as long
    if existing is not None and existing.is_active:
        account_email_send(user=existing, kind=EmailLog.Kind.ACCOUNT_EXISTS)
    return email


def email_verification_resend(*, email: str) -> str:
    """Send a new verification email if the address has an unverified account; nothing otherwise."""
    user = _active_user_by_email(email)
    if user is not None and user.email_verified_at is None:
        account_email_send(user=user, kind=EmailLog.Kind.VERIFY_EMAIL)
    return email_normalize(email)


INVALID_LINK = (
    "This link is not valid any more: it was used already, it expired or it was changed. Ask for a new email."
)


def _token_error() -> ApplicationError:
    return ApplicationError(INVALID_LINK, field="token", code="invalid_token")


def _user_locked(user: User) -> User:
    """The user's row, locked until the transaction ends: two uses of one link are one use."""
    return User.objects.select_for_update().get(pk=user.pk)


@transaction.atomic
def user_email_verify(*, token: str) -> User:
    """Confirm an address with the token from a verification or address-change email.

    A new account's address becomes verified (and its held-back welcome emails go out); a
    requested new address replaces the old one. The same link used again answers the same.
    """
    now = django_timezone.now()
    for purpose in (tokens.VERIFY_EMAIL, tokens.EMAIL_CHANGE):
        try:
            user = tokens.account_token_user(token=token, purpose=purpose)
        except tokens.TokenInvalid:
            continue
        user = _user_locked(user)
        try:
            tokens.account_token_user(token=token, purpose=purpose, user=user)
        except tokens.TokenInvalid:
            break  # used by a concurrent request a moment ago
        if purpose == tokens.EMAIL_CHANGE:
            new_email = user.pending_email
            if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
                raise ApplicationError(EMAIL_TAKEN_MESSAGE, field="token", code="email_taken", status=409)
            user.email, user.pending_email = new_email, ""
        user.email_verified_at = now
        try:
            with transaction.atomic():
                user.save(update_fields=["email", "pending_email", "email_verified_at"])
        except IntegrityError as exc:
            raise ApplicationError(EMAIL_TAKEN_MESSAGE, field="token", code="email_taken", status=409) from exc
        enrollment_welcomes_send(user=user)
        return user
    already = tokens.verify_token_already_used(token=token)
    if already is not None:
        return already
    raise _token_error()


def password_reset_request(*, email: str) -> str:
    """Email a password reset link if the address has an active account; nothing otherwise."""
    user = _active_user_by_email(email)
    if user is not None:
        account_email_send(user=user, kind=EmailLog.Kind.PASSWORD_RESET)
    return email_normalize(email)


def auth_tokens_revoke(*, user: User, keep=None) -> int:
    """Revoke every API token of the user (but `keep`, the token of the current request)."""
    qs = get_token_model().objects.filter(user=user)
    if keep is not None:
        qs = qs.exclude(pk=keep.pk)
    deleted, _ = qs.delete()
    return deleted


@transaction.atomic
def password_reset_confirm(*, token: str, password: str) -> User:
    """Set a new password with the token from a reset email; every API token is revoked.

    The link proves the address works, so an unverified account is verified by it too. A pending
    address change is withdrawn: the notice of a change the owner did not ask for sends them here.
    """
    try:
        user = _user_locked(tokens.account_token_user(token=token, purpose=tokens.PASSWORD_RESET))
        tokens.account_token_user(token=token, purpose=tokens.PASSWORD_RESET, user=user)
    except tokens.TokenInvalid:
        raise _token_error() from None
    _password_check(password, user)
    user.set_password(password)
    fields = ["password"]
    if user.pending_email:
        user.pending_email = ""
        fields.append("pending_email")
    newly_verified = user.email_verified_at is None
    if newly_verified:
        user.email_verified_at = django_timezone.now()
        fields.append("email_verified_at")
    user.save(update_fields=fields)
    auth_tokens_revoke(user=user)
    if newly_verified:
        enrollment_welcomes_send(user=user)
    return user


def _password_confirm(user: User, password: str, *, field: str = "password") -> None:
    if not user.check_password(password):
        raise ApplicationError("The password is not right.", field=field, code="wrong_password")


@transaction.atomic
def password_change(*, user: User, current_password: str, new_password: str, keep_token=None) -> User:
    """Change the password knowing the current one; every other API token is revoked."""
    _password_confirm(user, current_password, field="current_password")
    _password_check(new_password, user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    auth_tokens_revoke(user=user, keep=keep_token)
    return user


@transaction.atomic
def email_change_request(*, user: User, password: str, new_email: str) -> User:
    """Ask to move the account to a new address: it takes effect when the link sent there is followed.

    Whether the new address has an account of its own is not told: the answer is the same,
    and no email goes to such an address. The current address is told of the change, with a
    password reset link for an owner who did not ask for it.
    """
    _password_confirm(user, password)
    new_email = email_normalize(new_email)
    if new_email == user.email:
        raise ApplicationError("This is already your email address.", field="email", code="same_email")
    user.pending_email = new_email
    user.save(update_fields=["pending_email"])
    account_email_send(user=user, kind=EmailLog.Kind.EMAIL_CHANGE)
    account_email_send(user=user, kind=EmailLog.Kind.EMAIL_CHANGE_NOTICE, to_email=user.email)
    return user


@transaction.atomic
def user_delete(*, user: User, password: str) -> None:
    """Delete the account and everything personal in it; its certificates stay verifiable, unnamed.

    Enrolments, progress, attempts, challenge responses, team memberships, the email log and
    every API token go with the account (their foreign keys cascade), and invitations sent to
    its address are deleted; a certificate keeps its code, course and date. Staff accounts are
    removed by an administrator, not through the API.
    """
    _password_confirm(user, password)
    if user.is_staff or user.is_superuser:
        raise ApplicationError("Staff accounts are deleted by an administrator.", code="staff_account", status=403)
    Certificate.objects.filter(enrollment__user=user).update(enrollment=None, learner_name="")
    # Failed sign-in records name the account by its address.
    AccessAttempt.objects.filter(username=user.email).delete()
    AccessFailureLog.objects.filter(username=user.email).delete()
    AccessLog.objects.filter(username=user.email).delete()
    # Invitations sent to the address name it; the team keeps no trace of them.
    Invitation.objects.filter(email__iexact=user.email).delete()
    user.delete()


def user_update(*, user: User, data: dict) -> User:
    """Change a user's profile and email preferences; only the allow-listed fields are touched."""
    changed = [field for field in USER_EDITABLE_FIELDS if field in data]
    if "timezone" in data:
        _timezone_check(data["timezone"])
    if "preferred_hour" in data and not 0 <= data["preferred_hour"] <= 23:
        raise ApplicationError("Ensure this value is between 0 and 23.", field="preferred_hour")
    for field in changed:
        setattr(user, field, data[field])
    if changed:
        user.save(update_fields=changed)
    return user


def _refused(refusal: Refusal) -> ApplicationError:
    return ApplicationError(
        refusal.message,
        code=refusal.code,
        status=429,
        extra={"retry_after": refusal.retry_after},
        headers={"Retry-After": str(refusal.retry_after)},
    )


def auth_token_create(*, request, email: str, password: str):
    """Exchange an email and password for a new API token: returns (token row, raw token).

    Sign-in abuse is refused with a 429 and Retry-After, even with the right password (see
    accounts.lockout for the rules). `request` is the DRF request: axes marks it, not the Django
    request, so the API answers in its own JSON error format instead of axes' middleware page.
    """
    email = email_normalize(email)
    refusal = signin_refusal(request, email)
    if refusal is not None:
        raise _refused(refusal)
    # `email=` rather than `username=`: axes reads the name from the credentials under
    # AXES_USERNAME_FORM_FIELD ("email") when it records a failure; ModelBackend reads USERNAME_FIELD.
    user = authenticate(request=request, email=email, password=password)
    if getattr(request, "axes_locked_out", False):
        raise _refused(pair_lock_refusal(request, email))
    if user is None:
        raise ApplicationError(
            "Unable to sign in with this email address and password.", code="invalid_credentials", status=400
        )

    token_model = get_token_model()
    # Authentication does not sweep a user's expired tokens on every request (it reads one row),
    # so they go here.
    token_model.objects.filter(user=user, expiry__lt=django_timezone.now()).delete()
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None:
        now = django_timezone.now()
        active = token_model.objects.filter(Q(expiry__gt=now) | Q(expiry__isnull=True), user=user)
        if active.count() >= limit:
            raise ApplicationError(
                "Too many active tokens for this account. Sign out elsewhere (or everywhere) first.",
                code="token_limit",
                status=403,
            )
    instance, token = token_model.objects.create(
        user=user, expiry=knox_settings.TOKEN_TTL, prefix=knox_settings.TOKEN_PREFIX
    )
    # As knox's LoginView does: updates last_login and lets axes clear this account's failures.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return instance, token
