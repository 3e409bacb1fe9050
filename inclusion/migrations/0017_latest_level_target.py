"""Each latest level beside the target level of its employee's job for the competence
(see LatestLevel), filled for the levels so far, and a partial index of the gaps."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Q, Subquery


def fill(apps, schema_editor):
    LatestLevel = apps.get_model("inclusion", "LatestLevel")
    TargetLevel = apps.get_model("inclusion", "TargetLevel")
    target = TargetLevel.objects.filter(
        job__employees=OuterRef("employee_id"), competence_id=OuterRef("competence_id")
    ).values("level")[:1]
    LatestLevel.objects.update(target=Subquery(target))


class Migration(migrations.Migration):
    dependencies = [
        ("inclusion", "0016_action_newest_first"),
    ]

    operations = [
        migrations.AddField(
            model_name="latestlevel",
            name="target",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5"), (6, "6"), (7, "7"), (8, "8")],
                null=True,
                verbose_name="target level",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="latestlevel",
            index=models.Index(
                condition=Q(level__lt=F("target")),
                fields=["employee", "competence"],
                name="latest_level_gap",
            ),
        ),
    ]
