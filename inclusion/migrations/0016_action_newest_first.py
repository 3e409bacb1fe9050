from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inclusion", "0015_action_days"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="skillsaction",
            index=models.Index(
                fields=["organisation", "-held_on", "-id"], name="action_newest_first"
            ),
        ),
    ]
