from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill_from_user(apps, schema_editor):
    """Existing enrolments take the learner's current zone: the best guess of the zone they enrolled in."""
    Enrollment = apps.get_model("enrollments", "Enrollment")
    User = apps.get_model("accounts", "User")
    Enrollment.objects.update(timezone=Subquery(User.objects.filter(pk=OuterRef("user_id")).values("timezone")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_instructors_group"),
        ("enrollments", "0002_email_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="timezone",
            field=models.CharField(
                default="UTC",
                help_text="The learner's time zone at enrolment; drip unlocks follow it.",
                max_length=64,
            ),
        ),
        migrations.RunPython(backfill_from_user, migrations.RunPython.noop),
    ]
