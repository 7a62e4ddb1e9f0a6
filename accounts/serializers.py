from rest_framework import serializers

from .models import User, validate_timezone
from .services import USER_EDITABLE_FIELDS


class UserProfileSerializer(serializers.ModelSerializer):
    """The signed-in user's profile and email preferences. `id` and `email` cannot be changed here."""

    timezone = serializers.CharField(
        max_length=64, validators=[validate_timezone], help_text="An IANA time zone name, such as Europe/London."
    )
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
        write_only=True, max_length=1024, trim_whitespace=False, style={"input_type": "password"}
    )
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    timezone = serializers.CharField(
        max_length=64,
        required=False,
        default="UTC",
        validators=[validate_timezone],
        help_text="An IANA time zone name, such as Europe/London.",
    )


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        write_only=True, max_length=1024, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Bearer <token>`. Shown only once.")
    expiry = serializers.DateTimeField(allow_null=True, help_text="When the token stops working.")
