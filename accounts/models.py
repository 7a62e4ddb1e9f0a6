from functools import cache
from typing import Any, ClassVar
from zoneinfo import available_timezones

from django.apps import apps as global_apps
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower


@cache
def _timezone_names() -> frozenset[str]:
    return frozenset(available_timezones())  # reads the tz database: about 10 ms, so once


def validate_timezone(value: str) -> None:
    if value not in _timezone_names():
        raise ValidationError(f"'{value}' is not an IANA time zone name, such as Europe/London.")


class UserQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        """An update of users retires the kept token reads of those users (accounts/token_cache.py):
        no signal sees a queryset update, and a deactivated account's tokens must stop at once."""
        from . import token_cache

        if not token_cache.lifetime() or self.model._meta.apps is not global_apps:  # a migration's model
            return super().update(**kwargs)
        from knox.models import get_token_model

        digests = list(get_token_model().objects.filter(user__in=self.values("pk")).values_list("digest", flat=True))
        count = super().update(**kwargs)
        token_cache.tokens_retire(digests)
        return count


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


# The per-learner switches for each kind of progress email, in the order forms show them.
EMAIL_PREFERENCE_FIELDS = (
    "email_welcome",
    "email_todays_lesson",
    "email_weekly_digest",
    "email_inactivity",
    "email_commitment",
    "email_completion",
    "email_team_digest",
)


class User(AbstractUser):
    """A person who signs in by email: learner, instructor (staff) or team manager."""

    # Removing AbstractUser's fields is Django's documented way; the stubs only know them as strings.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", max_length=254, unique=True)
    name = models.CharField(max_length=150, blank=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    preferred_hour = models.PositiveSmallIntegerField(
        default=8, help_text="Local hour (0-23) at which progress emails are sent."
    )
    # Which progress emails the learner wants. Each kind can be switched off on its own.
    email_welcome = models.BooleanField(default=True)
    email_todays_lesson = models.BooleanField(default=True)
    email_weekly_digest = models.BooleanField(default=True)
    email_inactivity = models.BooleanField(default=True)
    email_commitment = models.BooleanField(default=True)
    email_completion = models.BooleanField(default=True)
    email_team_digest = models.BooleanField(default=True)
    # Whether the managers of the learner's teams see the words of their reflections and commitments.
    share_with_managers = models.BooleanField(
        default=False,
        help_text=(
            "Team managers see the words of reflections, commitments and report-back notes (status and dates always)."
        ),
    )
    # Set when the learner follows the link in the verification email. Progress emails go
    # only to verified addresses; an unverified account can sign in and learn all the same.
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # A new address the learner asked for, confirmed by a link sent to it before it replaces `email`.
    pending_email = models.EmailField(max_length=254, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # Keyed by email, so not a subclass of Django's username-keyed UserManager that the stubs expect.
    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(preferred_hour__gte=0, preferred_hour__lte=23),
                name="user_preferred_hour_0_23",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email
