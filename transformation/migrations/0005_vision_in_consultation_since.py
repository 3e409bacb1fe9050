"""A version of the vision keeps when it went into consultation: the directors' dashboard
and the decisions the data proposes count from then, not from its last correction. Versions
in consultation now get the moment their history shows they went in (else their last
change)."""

from django.db import migrations, models


def since_the_history(apps, schema_editor):
    Vision = apps.get_model("transformation", "Vision")
    History = apps.get_model("transformation", "HistoricalVision")
    for vision in Vision.objects.filter(status="consultation"):
        went_in, before = None, None
        for status, moment in (
            History.objects.filter(id=vision.pk)
            .order_by("history_date", "history_id")
            .values_list("status", "history_date")
        ):
            if status == "consultation" and before != "consultation":
                went_in = moment
            before = status
        vision.in_consultation_since = went_in or vision.updated_at
        vision.save(update_fields=["in_consultation_since"])


class Migration(migrations.Migration):
    dependencies = [
        ("transformation", "0004_decision_requests"),
    ]

    operations = [
        migrations.AddField(
            model_name="vision",
            name="in_consultation_since",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="in consultation since"
            ),
        ),
        migrations.RunPython(since_the_history, migrations.RunPython.noop),
    ]
