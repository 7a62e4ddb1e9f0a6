from django.contrib.auth import authenticate
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


def _email_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def _timezone_check(value: str) -> None:
    try:
        validate_timezone(value)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field="timezone") from exc


def user_register(*, email: str, password: str, name: str = "", timezone: str = "UTC") -> User:
    """Create a learner account; the email is unique whatever its case and the password must pass the validators."""
    email = email_normalize(email)
    _timezone_check(timezone)
    if _email_taken(email):
        raise ApplicationError(EMAIL_TAKEN_MESSAGE, field="email", code="email_taken")

    user = User(email=email, name=name, timezone=timezone)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field="password", code="password_invalid") from exc
    user.set_password(password)

    # Two sign-ups with the same address can both pass the check above; the case-insensitive
    # unique constraint lets only one of them in.
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ApplicationError(EMAIL_TAKEN_MESSAGE, field="email", code="email_taken") from exc
    return user


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
