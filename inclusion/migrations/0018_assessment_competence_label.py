"""An assessment's competence gets its label ("competence"), as its other fields have:
its form showed the field's name in English on Dutch pages too."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inclusion", "0017_latest_level_target"),
    ]

    operations = [
        migrations.AlterField(
            model_name="assessment",
            name="competence",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="inclusion.competence",
                verbose_name="competence",
            ),
        ),
        migrations.AlterField(
            model_name="historicalassessment",
            name="competence",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="inclusion.competence",
                verbose_name="competence",
            ),
        ),
    ]
