from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import User, validate_timezone
from .services import USER_EDITABLE_FIELDS

TIMEZONE_HELP = "An IANA time zone name, such as `Europe/London` or `America/New_York`."


@extend_schema_field(
    {
        "type": "string",
        "maxLength": 64,
        "pattern": r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$",
        "description": TIMEZONE_HELP,
        "example": "Europe/London",
    }
)
class TimezoneField(serializers.CharField):
    """An IANA time zone name, checked against the time zone database."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("help_text", TIMEZONE_HELP)
        super().__init__(validators=[validate_timezone], **kwargs)


class UserProfileSerializer(serializers.ModelSerializer):
    """The signed-in user's profile and email preferences. `id` and `email` cannot be changed here."""

    timezone = TimezoneField()
    preferred_hour = serializers.IntegerField(
        min_value=0, max_value=23, help_text="Local hour (0-23) at which progress emails are sent."
    )

    class Meta:
        model = User
        fields = ["id", "email", *USER_EDITABLE_FIELDS]
        read_only_fields = ["id", "email"]


class RegisterSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        write_only=True,
        max_length=1024,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text="At least 8 characters, not a common password and not close to the email address.",
    )
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    timezone = TimezoneField(required=False, default="UTC")


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        write_only=True, max_length=1024, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Bearer <token>`. Shown only once.")
    expiry = serializers.DateTimeField(allow_null=True, help_text="When the token stops working.")
