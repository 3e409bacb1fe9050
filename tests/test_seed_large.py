"""`seed_demo --scale N`: the large organisation (organisations/large.py and each app's
large.py), generated at small scales so that every test stays quick."""

import ast
import datetime
from collections import Counter
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from adoption.models import Champion
from inclusion.large import EMPLOYEES_PER_SCALE, JOBS_PER_SCALE, MANAGER_JOBS, job_name
from inclusion.models import Assessment, Employee, Job, PopConversation, SkillsAction
from organisations.large import (
    DEPARTMENTS_PER_SCALE,
    DIRECTORATES_PER_SCALE,
    HISTORY_DAYS,
    LARGE_SCALE,
    TEAMS_PER_SCALE,
    department_name,
    directorate_name,
    row_counts,
    scaled,
    seed_large,
    team_name,
)
from organisations.models import Organisation, OrganisationUnit, User
from transformation.large import (
    BENEFITS_PER_INITIATIVE,
    INITIATIVES_PER_SCALE,
    benefit_title,
    initiative_title,
)
from transformation.models import Benefit, Initiative, Programme

PASSWORD = "demo-Mensenwerk-2026"
SMALL = 0.02
LAYERS = ["organisations", "transformation", "adoption", "inclusion", "reports"]


def made_rows(organisation) -> dict[str, list]:
    """What a run makes that must come out the same every time, in the order it was made."""
    rows = {
        "units": OrganisationUnit.objects.values_list("name", "kind", "parent__name"),
        "jobs": Job.objects.values_list("name", "vulnerability"),
        "employees": Employee.objects.values_list(
            "personnel_number", "name", "unit__name", "job__name", "manager__name", "left_on"
        ),
        "assessments": Assessment.objects.values_list(
            "employee__personnel_number", "competence__code", "level", "assessed_on", "source"
        ),
        "actions": SkillsAction.objects.values_list("kind", "held_on", "status", "hours"),
        "initiatives": Initiative.objects.values_list("title", "status", "start_date"),
        "benefits": Benefit.objects.values_list("initiative__title", "title", "baseline"),
        "champions": Champion.objects.values_list("name", "unit__name", "trained"),
    }
    return {
        name: list(query.filter(organisation=organisation).order_by("pk"))
        for name, query in rows.items()
    }


def every_row() -> dict[str, dict]:
    """Every row of every table, by primary key."""
    return {
        model._meta.label: {
            row[model._meta.pk.attname]: row for row in model.objects.order_by("pk").values()
        }
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.mark.django_db
def test_a_small_large_organisation_has_every_part_and_three_years_of_history():
    large = seed_large(scale=SMALL, slug="klein")
    organisation, today = large.organisation, timezone.localdate()
    counts = row_counts(organisation)
    assert counts["employees"] == 20
    assert counts["skills actions"] >= 200
    assert counts["initiatives"] == 3
    assert all(counts[part] > 0 for part in ("assessments", "POP-gesprekken", "benefits"))
    first_day = today - datetime.timedelta(days=HISTORY_DAYS)
    assert Programme.objects.get(organisation=organisation).start_date == first_day
    actions = SkillsAction.objects.for_organisation(organisation)
    assert min(actions.values_list("held_on", flat=True)) < first_day + datetime.timedelta(days=90)
    assert not actions.filter(held_on__gt=today).exclude(status="planned").exists()
    assessed = Assessment.objects.for_organisation(organisation).values_list(
        "assessed_on", flat=True
    )
    assert first_day < min(assessed) < first_day + datetime.timedelta(days=90)
    assert max(assessed) <= today
    years = set(
        PopConversation.objects.for_organisation(organisation).values_list("year", flat=True)
    )
    assert {today.year - 2, today.year - 1} <= years
    assert not PopConversation.objects.filter(held_on__gt=today).exists()
    # Names are unique in the whole organisation, not only where a constraint asks.
    for kind, names in made_rows(organisation).items():
        if kind in ("units", "jobs", "initiatives"):
            assert len({row[0] for row in names}) == len(names), kind


@pytest.mark.django_db
def test_two_organisations_at_the_same_scale_are_made_the_same():
    first = seed_large(scale=SMALL, slug="eerste").organisation
    second = seed_large(scale=SMALL, slug="tweede").organisation
    assert made_rows(first) == made_rows(second)
    assert row_counts(first) == row_counts(second)


@pytest.mark.django_db
def test_the_organisation_grows_with_the_scale():
    small = row_counts(seed_large(scale=SMALL).organisation)
    larger = row_counts(seed_large(scale=5 * SMALL).organisation)
    assert larger["employees"] == round(5 * SMALL * EMPLOYEES_PER_SCALE)
    for part in ("units", "employees", "skills actions", "action participants", "assessments"):
        assert larger[part] > small[part], part
    assert Organisation.objects.filter(slug__in=["grootstad-0-02", "grootstad-0-1"]).count() == 2


@pytest.mark.parametrize("scale", [2.5, LARGE_SCALE, 10 * LARGE_SCALE])
def test_names_stay_unique_far_beyond_the_large_size(scale):
    departments = [department_name(i) for i in range(scaled(DEPARTMENTS_PER_SCALE, scale, 2))]
    units = [
        *(directorate_name(i) for i in range(scaled(DIRECTORATES_PER_SCALE, scale))),
        *departments,
        *(
            team_name(i // len(departments), departments[i % len(departments)])
            for i in range(scaled(TEAMS_PER_SCALE, scale, 3))
        ),
    ]
    initiatives = scaled(INITIATIVES_PER_SCALE, scale, 3)
    titles = [initiative_title(i, departments) for i in range(initiatives)]
    jobs = [*(job_name(i) for i in range(scaled(JOBS_PER_SCALE, scale))), *MANAGER_JOBS.values()]
    # The benefits of one initiative: a few, but the titles must not run out.
    benefits = [benefit_title(i) for i in range(4 * round(BENEFITS_PER_INITIATIVE))]
    for names in (units, titles, jobs, benefits):
        assert not [name for name, times in Counter(names).items() if times > 1]


@pytest.mark.django_db
def test_seed_demo_with_a_scale_adds_the_large_organisation_and_leaves_the_demo_alone(capsys):
    with mock.patch("reports.demo.services.report_make_now"):
        call_command("seed_demo", password=PASSWORD)
        assert set(Organisation.objects.values_list("slug", flat=True)) == {
            "voorbeeldstad",
            "buurdorp",
        }
        before = every_row()
        capsys.readouterr()
        call_command("seed_demo", password=PASSWORD, scale="0.02")
        output = capsys.readouterr().out

    after = every_row()
    for table, rows in before.items():
        assert {pk: after[table].get(pk) for pk in rows} == rows, table
    assert "The demo data is already there; nothing was changed." in output
    large = Organisation.objects.get(slug="grootstad-0-02")
    assert "grootstad-0-02: Gemeente Grootstad (schaal 0.02), generated in" in output
    assert User.objects.get(username="grootstad-0-02-hr").check_password(PASSWORD)
    assert Employee.objects.for_organisation(large).count() == 20

    # Again: nothing changes.
    counts = row_counts(large)
    with mock.patch("reports.demo.services.report_make_now"):
        call_command("seed_demo", password=PASSWORD, scale="0.02")
    assert "The large organisation is already there" in capsys.readouterr().out
    assert row_counts(large) == counts


@pytest.mark.django_db
@pytest.mark.parametrize("scale", ["0", "-2", "twintig", "", "nan", "inf", "1e9", "0.0001"])
def test_a_bad_scale_is_refused_before_anything_is_created(scale):
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", password=PASSWORD, scale=scale)
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", "--scale", scale, password=PASSWORD)
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("app", ["organisations", "transformation", "adoption", "inclusion"])
def test_each_app_generates_its_part_with_its_own_layer_and_those_below(app):
    tree = ast.parse((Path(settings.BASE_DIR) / app / "large.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    above = LAYERS[LAYERS.index(app) + 1 :]
    assert not [name for name in imported if name.split(".")[0] in above]
