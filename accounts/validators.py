"""Password rules beyond Django's own validators (AUTH_PASSWORD_VALIDATORS)."""

from django.core.exceptions import ValidationError


class NotOnlyWhitespaceValidator:
    """A password of spaces alone (eight spaces passes the length rule) is no password."""

    def validate(self, password: str, user=None) -> None:
        if not password.strip():
            raise ValidationError("This password is only spaces.", code="password_only_whitespace")

    def get_help_text(self) -> str:
        return "Your password can't be only spaces."
