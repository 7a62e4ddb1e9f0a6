"""Email verification and email change.

Accounts that exist before this migration keep getting their progress emails: their address
counts as verified from the day they joined (they could not have verified it before).
"""

from django.db import migrations, models
from django.db.models import F


def existing_accounts_verified(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.using(schema_editor.connection.alias).filter(email_verified_at__isnull=True).update(
        email_verified_at=F("date_joined")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_share_with_managers"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_verified_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="user",
            name="pending_email",
            field=models.EmailField(blank=True, max_length=254),
        ),
        migrations.RunPython(existing_accounts_verified, migrations.RunPython.noop),
    ]
