"""The attendance of a training session that was logged before actions knew their
initiative: it serves the initiative whose adoption track holds the session."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def link(apps, schema_editor):
    SkillsAction = apps.get_model("inclusion", "SkillsAction")
    TrainingSession = apps.get_model("adoption", "TrainingSession")
    SkillsAction.objects.filter(training_session__isnull=False, initiative__isnull=True).update(
        initiative_id=Subquery(
            TrainingSession.objects.filter(pk=OuterRef("training_session_id")).values(
                "track__initiative_id"
            )[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("inclusion", "0009_skills_action_initiative_and_competences_asked"),
        ("adoption", "0002_gate_knows_the_data"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
