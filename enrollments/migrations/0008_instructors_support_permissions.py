"""Instructors may open their learners' enrolments in the admin (view) and help them (change):
grant extra quiz attempts, move a drip start, resend a failed email. Add and delete stay with superusers."""

from django.db import migrations

GROUP = "Instructors"
PERMISSIONS = {"view": "Can view enrollment", "change": "Can change enrollment"}


def ensure_support_permissions(apps, using):
    """Give the Instructors group the enrolment permissions (tests that flush the database call it too)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP)
    content_type, _ = ContentType.objects.using(using).get_or_create(app_label="enrollments", model="enrollment")
    for action, name in PERMISSIONS.items():
        permission, _ = Permission.objects.using(using).get_or_create(
            content_type=content_type, codename=f"{action}_enrollment", defaults={"name": name}
        )
        group.permissions.add(permission)


def grant(apps, schema_editor):
    ensure_support_permissions(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_instructors_group"),
        ("enrollments", "0007_quiz_extra_attempts"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
