import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_ordering_without_joins"),
        ("enrollments", "0009_account_emails_and_lasting_certificates"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="course",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="certificates", to="courses.course"
            ),
        ),
    ]
