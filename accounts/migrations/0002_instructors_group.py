"""The "Instructors" group: staff in it author the courses they teach in the admin.

Permissions are normally created after all migrations ran (post_migrate), so this migration
creates the content types and permissions it needs itself; Django's own pass later finds them.
"""

from django.db import migrations

GROUP = "Instructors"
ACTIONS = ("add", "change", "delete", "view")
CONTENT = {
    "courses": ("course", "module", "challenge"),
    "lessons": ("lesson", "quiz", "question", "choice"),
}


def create_instructors_group(apps, schema_editor):
    ensure_instructors_group(apps, using=schema_editor.connection.alias)


def ensure_instructors_group(apps, using):
    """Create the group and its permissions if missing (tests that flush the database call it too)."""
    db = using
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")

    group, _ = Group.objects.using(db).get_or_create(name=GROUP)
    permissions = []
    for app_label, model_names in CONTENT.items():
        for model_name in model_names:
            verbose_name = apps.get_model(app_label, model_name)._meta.verbose_name
            content_type, _ = ContentType.objects.using(db).get_or_create(app_label=app_label, model=model_name)
            for action in ACTIONS:
                permission, _ = Permission.objects.using(db).get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model_name}",
                    defaults={"name": f"Can {action} {verbose_name}"},
                )
                permissions.append(permission)
    group.permissions.add(*permissions)


def delete_instructors_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0001_initial"),
        ("lessons", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_instructors_group, delete_instructors_group),
    ]
