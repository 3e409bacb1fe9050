"""Each employee's latest done digital-skills action, kept as a row of its own (see
LatestDoneAction), and made for the actions logged so far."""

import django.db.models.deletion
from django.db import migrations, models


def make(apps, schema_editor):
    LatestDoneAction = apps.get_model("inclusion", "LatestDoneAction")
    SkillsAction = apps.get_model("inclusion", "SkillsAction")
    latest = (
        SkillsAction.employees.through.objects.filter(skillsaction__status="done")
        .values("employee_id")
        .annotate(day=models.Max("skillsaction__held_on"))
        .order_by()
        .values_list("employee_id", "day")
    )
    LatestDoneAction.objects.bulk_create(
        (LatestDoneAction(employee_id=employee_id, held_on=day) for employee_id, day in latest),
        batch_size=5_000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inclusion", "0014_action_by_status_and_day"),
    ]

    operations = [
        migrations.CreateModel(
            name="LatestDoneAction",
            fields=[
                (
                    "employee",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="latest_done_action",
                        serialize=False,
                        to="inclusion.employee",
                    ),
                ),
                ("held_on", models.DateField(verbose_name="held on")),
            ],
            options={
                "verbose_name": "latest done action",
                "verbose_name_plural": "latest done actions",
            },
        ),
        migrations.RunPython(make, migrations.RunPython.noop),
    ]
