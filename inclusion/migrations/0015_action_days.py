"""The days of each employee's latest done and latest planned action, kept as a row of
their own (see ActionDays), and made for the actions logged so far."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Max, Q


def make(apps, schema_editor):
    ActionDays = apps.get_model("inclusion", "ActionDays")
    SkillsAction = apps.get_model("inclusion", "SkillsAction")
    days = (
        SkillsAction.employees.through.objects.filter(
            skillsaction__status__in=["done", "planned"]
        )
        .values("employee_id")
        .annotate(
            done_on=Max("skillsaction__held_on", filter=Q(skillsaction__status="done")),
            planned_until=Max("skillsaction__held_on", filter=Q(skillsaction__status="planned")),
        )
        .order_by()
        .values_list("employee_id", "done_on", "planned_until")
    )
    ActionDays.objects.bulk_create(
        (
            ActionDays(employee_id=employee_id, done_on=done_on, planned_until=planned_until)
            for employee_id, done_on, planned_until in days
        ),
        batch_size=5_000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inclusion", "0014_action_by_status_and_day"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActionDays",
            fields=[
                (
                    "employee",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="action_days",
                        serialize=False,
                        to="inclusion.employee",
                    ),
                ),
                ("done_on", models.DateField(null=True, verbose_name="latest done action")),
                (
                    "planned_until",
                    models.DateField(null=True, verbose_name="latest planned action"),
                ),
            ],
            options={
                "verbose_name": "days of an employee's actions",
                "verbose_name_plural": "days of employees' actions",
            },
        ),
        migrations.RunPython(make, migrations.RunPython.noop),
    ]
