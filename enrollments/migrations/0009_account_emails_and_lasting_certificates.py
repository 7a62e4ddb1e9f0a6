"""Account email kinds in the email log; certificates that outlive the learner's account.

A certificate names its course itself (copied from its enrolment here), so the enrolment can
go when the learner deletes the account. The column becomes required in 0010: on PostgreSQL
the UPDATE below leaves deferred foreign-key checks pending, which an ALTER TABLE in the same
transaction refuses.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def certificate_course_from_enrollment(apps, schema_editor):
    Certificate = apps.get_model("enrollments", "Certificate")
    Enrollment = apps.get_model("enrollments", "Enrollment")
    Certificate.objects.using(schema_editor.connection.alias).filter(course__isnull=True).update(
        course_id=Subquery(Enrollment.objects.filter(pk=OuterRef("enrollment_id")).values("course_id")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_ordering_without_joins"),
        ("enrollments", "0008_instructors_support_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="course",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="certificates",
                to="courses.course",
            ),
        ),
        migrations.RunPython(certificate_course_from_enrollment, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="certificate",
            name="enrollment",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="certificate",
                to="enrollments.enrollment",
            ),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="learner_name",
            field=models.CharField(
                blank=True, help_text="Empty once the learner deleted the account.", max_length=150
            ),
        ),
        migrations.AlterField(
            model_name="emaillog",
            name="kind",
            field=models.CharField(
                choices=[
                    ("welcome", "Welcome"),
                    ("todays_lesson", "Today's lesson"),
                    ("weekly_digest", "Weekly progress digest"),
                    ("inactivity", "Inactivity nudge"),
                    ("commitment", "Commitment follow-up"),
                    ("completion", "Course completed"),
                    ("team_digest", "Weekly team digest"),
                    ("team_invitation", "Team invitation"),
                    ("verify_email", "Confirm your email address"),
                    ("account_exists", "You already have an account"),
                    ("password_reset", "Reset your password"),
                    ("email_change", "Confirm your new email address"),
                ],
                max_length=20,
            ),
        ),
    ]
