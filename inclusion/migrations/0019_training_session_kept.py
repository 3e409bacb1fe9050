"""A training session deleted on an adoption track leaves the training action of who
attended it (it loses only its link to the session): the training happened."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("adoption", "0002_gate_knows_the_data"),
        ("inclusion", "0018_assessment_competence_label"),
    ]

    operations = [
        migrations.AlterField(
            model_name="skillsaction",
            name="training_session",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="skills_actions",
                to="adoption.trainingsession",
                verbose_name="training session",
            ),
        ),
    ]
