"""A move past the gate recorded before it kept each skipped checklist item's Dutch and
English text kept only one: the text in the language of the person who moved. Where that
text is still the item's Dutch or English text, both are filled in from the item, so that
every reader sees the item in their own language. An item changed or removed since keeps
the one text it had: which language it was is not known."""

from django.db import migrations


def both_languages(apps, schema_editor):
    PhaseMove = apps.get_model("adoption", "PhaseMove")
    ChecklistItem = apps.get_model("adoption", "ChecklistItem")
    moves = PhaseMove.objects.exclude(open_items=[]).select_related("track")
    for move in moves.iterator():
        ids = {item.get("id") for item in move.open_items if "text_en" not in item}
        if not ids:
            continue
        texts = {
            item.pk: (item.text, item.text_en)
            for item in ChecklistItem.objects.filter(
                organisation_id=move.track.organisation_id, pk__in=ids
            )
        }
        changed = False
        for item in move.open_items:
            if "text_en" in item or item.get("id") not in texts:
                continue
            dutch, english = texts[item["id"]]
            if item.get("text") in (dutch, english):
                item["text"], item["text_en"] = dutch, english
                changed = True
        if changed:
            move.save(update_fields=["open_items"])


class Migration(migrations.Migration):
    dependencies = [
        ("adoption", "0002_gate_knows_the_data"),
    ]

    operations = [
        migrations.RunPython(both_languages, migrations.RunPython.noop),
    ]
