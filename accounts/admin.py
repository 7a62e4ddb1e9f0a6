from zoneinfo import available_timezones

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError

from courseplatform.admin_mixins import FieldBoundsMixin

from .models import EMAIL_PREFERENCE_FIELDS, User

TIMEZONE_CHOICES = [(name, name) for name in sorted(available_timezones())]


class EmailFormMixin:
    """One account per address whatever its case: store it lower-case, say so before the database does."""

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError("A user with this email address already exists.", code="unique")
        return email


class EmailUserCreationForm(EmailFormMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):  # type: ignore[name-defined]  # the stubs do not declare Django's Meta
        model = User
        fields = ("email",)


class EmailUserChangeForm(EmailFormMixin, UserChangeForm):
    timezone = forms.ChoiceField(choices=TIMEZONE_CHOICES, help_text="The learner's IANA time zone.")

    class Meta(UserChangeForm.Meta):  # type: ignore[name-defined]  # the stubs do not declare Django's Meta
        model = User


@admin.register(User)
class UserAdmin(FieldBoundsMixin, DjangoUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    field_bounds = {"preferred_hour": (0, 23)}
    fieldsets = (
        (None, {"fields": ("email", "email_verified_at", "pending_email", "password")}),
        ("Personal info", {"fields": ("name", "timezone", "preferred_hour")}),
        (
            "Progress emails",
            {"fields": EMAIL_PREFERENCE_FIELDS},
        ),
        ("Teams", {"fields": ("share_with_managers",)}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),)
    # The address is confirmed, and a new one takes effect, only through the link emailed to it.
    readonly_fields = ("email_verified_at", "pending_email", "last_login", "date_joined")
    list_display = (
        "email",
        "name",
        "email_verified_at",
        "is_staff",
        "is_superuser",
        "is_active",
        "date_joined",
        "last_login",
    )
    list_filter = (("email_verified_at", admin.EmptyFieldListFilter), "is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "name")
    ordering = ("email",)
