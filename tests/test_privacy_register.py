"""docs/privacy.md is the processing register (art. 30 AVG): it names every table that
holds personal data, and nothing that no longer exists. Checked against the models, so
that the register cannot fall behind the code."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

from inclusion.models import Employee

REGISTER = Path(settings.BASE_DIR) / "docs" / "privacy.md"
# Bookkeeping of a row, not personal data in itself.
GENERIC = {"id", "organisation", "history_id", "history_change_reason", "history_type"}


def register() -> str:
    return REGISTER.read_text(encoding="utf-8")


def links_to(model, target) -> bool:
    return any(
        getattr(field, "related_model", None) is target
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many) and not field.auto_created
    )


def about_employees():
    return [m for m in apps.get_models() if m is Employee or links_to(m, Employee)]


def test_every_table_about_employees_is_in_the_register():
    text = register()
    missing = [m._meta.label for m in about_employees() if f"`{m._meta.label}`" not in text]
    assert missing == [], f"add these to docs/privacy.md: {missing}"


def test_the_register_lists_every_field_of_the_tables_about_employees():
    rows = {line.split("|")[2]: line for line in register().splitlines() if line.count("|") > 5}
    for model in about_employees():
        if model._meta.label.split(".")[1].startswith("Historical"):
            continue  # the versions of a record hold that record's fields
        [row] = [line for cell, line in rows.items() if f"`{model._meta.label}`" in cell]
        fields = {f.name for f in model._meta.concrete_fields} - GENERIC
        if model._meta.app_label != "inclusion":
            # A table of another part, which also points at an employee: its links to
            # people and its free-form fields (a text, a file, JSON) are personal data.
            user = apps.get_model(settings.AUTH_USER_MODEL)
            fields = {
                f.name
                for f in model._meta.concrete_fields
                if getattr(f, "related_model", None) in (Employee, user)
                or f.get_internal_type() in ("TextField", "FileField", "JSONField")
            }
        if model is not Employee:
            fields -= {"employee"} if "`employee`" not in row else set()
        missing = sorted(name for name in fields if f"`{name}`" not in row)
        assert missing == [], f"{model._meta.label}: fields not in the register: {missing}"


def test_every_table_that_names_a_user_is_in_the_register():
    user = apps.get_model(settings.AUTH_USER_MODEL)
    text = register()
    missing = [
        m._meta.label
        for m in apps.get_models()
        if links_to(m, user) and f"`{m._meta.label}`" not in text
    ]
    assert missing == [], f"add these to docs/privacy.md: {missing}"


def test_the_register_names_no_table_that_does_not_exist():
    named = set(re.findall(r"`([a-z_]+\.[A-Z][A-Za-z]+)`", register()))
    assert named, "the register names its tables as `app.Model`"
    for label in sorted(named):
        assert apps.get_model(label), label
