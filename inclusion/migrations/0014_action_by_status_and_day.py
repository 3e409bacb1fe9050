from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inclusion", "0013_action_logged_by_latest"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="skillsaction",
            index=models.Index(
                fields=["organisation", "status", "held_on"], name="action_by_status_and_day"
            ),
        ),
    ]
