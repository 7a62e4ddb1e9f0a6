"""Teams in the admin: staff with the team permissions see and edit everything; instructors see,
read-only, the teams enrolled in the courses they teach."""

from django.contrib import admin

from accounts.services import INSTRUCTORS_GROUP

from .models import Invitation, Team, TeamMembership
from .selectors import teams_for_instructor


def _is_instructor(user) -> bool:
    return user.is_active and user.is_staff and user.groups.filter(name=INSTRUCTORS_GROUP).exists()


class InstructorReadOnlyMixin:
    """Instructors without the team permissions may look (read-only), never change."""

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or _is_instructor(request.user)

    def has_module_permission(self, request):
        return super().has_module_permission(request) or _is_instructor(request.user)


class TeamMembershipInline(InstructorReadOnlyMixin, admin.TabularInline):
    model = TeamMembership
    extra = 0
    raw_id_fields = ("user",)
    fields = ("user", "role", "joined_at")


class InvitationInline(InstructorReadOnlyMixin, admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ("email", "role", "status", "invited_by", "created_at", "expires_at", "send_count")
    readonly_fields = ("email", "role", "invited_by", "created_at", "expires_at", "send_count")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # invitations are sent through the API, which emails them


@admin.register(Team)
class TeamAdmin(InstructorReadOnlyMixin, admin.ModelAdmin):
    list_display = ("name", "auto_enroll", "created_by", "created_at")
    search_fields = ("name", "memberships__user__email")
    list_filter = ("auto_enroll",)
    raw_id_fields = ("created_by",)
    readonly_fields = ("created_at",)
    inlines = [TeamMembershipInline, InvitationInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.has_perm("teams.view_team"):
            return qs
        return qs.filter(pk__in=teams_for_instructor(user=request.user).values("pk"))


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "team", "role", "status", "created_at", "expires_at", "send_count")
    list_filter = ("status", "role")
    search_fields = ("email", "team__name")
    raw_id_fields = ("team", "invited_by", "accepted_by")
    readonly_fields = ("created_at", "last_sent_at", "send_count", "responded_at", "accepted_by")

    def has_add_permission(self, request):
        return False
