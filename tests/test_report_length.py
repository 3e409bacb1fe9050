"""The management report stays short at any size: at most 12 pages of body for the demo
and 20 for a programme of 300 initiatives and 500 benefits (the cover and the contents
not counted, the annex not asked for); the annex holds the full detail; a table of only
hidden figures is one sentence; values are rounded to what they mean."""

import datetime
import re
import zoneinfo
from html import unescape

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from pypdf import PdfReader

from organisations.large import LargeOrganisation, parts
from organisations.models import Organisation
from reports import pdf, services
from reports.content import management
from reports.content.management.context import CHARTS_IN_BODY
from reports.models import ReportKind, ReportStatus
from tests import worlds
from tests.factories import ReportRequestFactory
from transformation.large import PROGRAMME
from transformation.models import Benefit, BenefitTrack, Initiative, Programme

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=AMSTERDAM)
# The cover and the table of contents.
FRONT_PAGES = 2


@pytest.fixture(scope="module")
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture(scope="module")
def demo(clock, django_db_setup, django_db_blocker):
    """The demo as `make run` loads it, last month's reports included (the next report
    compares with them)."""
    with worlds.kept_for_the_module(django_db_blocker):
        call_command("seed_demo", password="demo-Mensenwerk-2026")
        yield Organisation.objects.get(slug="voorbeeldstad")


def make(organisation, programme, kind=ReportKind.MANAGEMENT, **fields):
    start, end = services.default_period(organisation, kind, programme)
    report = services.report_make_now(
        worker="test",
        organisation=organisation,
        kind=kind,
        programme=programme,
        period_start=start,
        period_end=end,
        language="nl",
        **fields,
    )
    assert report.status == ReportStatus.DONE, report.error
    return report


def body_pages(report) -> int:
    return report.page_count - FRONT_PAGES


@pytest.fixture
def documents(monkeypatch):
    """The HTML of each report made, as it went to the renderer."""
    made = []
    render = pdf.render

    def kept(html, *args, **kwargs):
        made.append(html)
        return render(html, *args, **kwargs)

    monkeypatch.setattr(pdf, "render", kept)
    return made


def pages_ending_with_a_heading(report, html: str) -> list[tuple[int, str]]:
    """The pages (but the last) whose last line of body is a heading or a table's caption,
    with that line: a title with nothing under it on its page."""
    titles = {
        re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", text))).strip()
        for _tag, text in re.findall(r"<(caption|h[1-4])\b[^>]*>(.*?)</\1>", html, re.DOTALL)
    }
    with report.file.open("rb") as stored:
        pages = [page.extract_text() for page in PdfReader(stored).pages]
    ending = []
    for number, text in enumerate(pages[:-1], start=1):
        # The running header and the footer come after the body.
        body = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()][:-2]
        if body and body[-1] in titles:
            ending.append((number, body[-1]))
    return ending


def demo_programme(demo):
    return Programme.objects.for_organisation(demo).get(name="Digitaal werken 2027")


@pytest.mark.django_db
def test_the_demo_report_has_at_most_twelve_pages_of_body(demo):
    report = make(demo, demo_programme(demo))

    assert body_pages(report) <= 12


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [ReportKind.MANAGEMENT, ReportKind.HR])
def test_no_page_of_the_demos_reports_ends_with_a_heading_or_a_caption(demo, documents, kind):
    # How a caption is kept with its table: tests/test_reports_pdf.py.
    programme = demo_programme(demo) if kind == ReportKind.MANAGEMENT else None
    report = make(demo, programme, kind)

    assert report.page_count > FRONT_PAGES + 1
    assert pages_ending_with_a_heading(report, documents[-1]) == []


@pytest.mark.django_db
def test_the_annex_makes_the_report_longer_and_draws_every_measured_benefit(demo):
    programme = demo_programme(demo)
    short = make(demo, programme)
    report = make(demo, programme, annex=True)

    assert report.page_count > short.page_count
    html = render_to_string(management.template, management.context(report, report.snapshot, short))
    measured = [b for b in report.snapshot["benefits"] if b["measurements"]]
    assert measured
    for benefit in measured:
        assert re.search(rf'id="annex-benefit-{benefit["id"]}-[0-9a-f]+-title"', html)
    assert html.count('<section class="chapter annex">') == 1


@pytest.mark.django_db
def test_a_groups_heading_row_heads_the_rows_of_its_group(demo, documents):
    make(demo, demo_programme(demo), annex=True)

    # The initiatives by status, the co-determination exceptions, the benefits by track,
    # in the body and the annex: each group's heading is a header of its rows (rowgroup),
    # not of the columns it spans.
    scopes = re.findall(r'<tr class="group"><th scope="(\w+)"', documents[-1])
    assert len(scopes) > 3
    assert set(scopes) == {"rowgroup"}


@pytest.fixture
def large(clock, db):
    """300 initiatives with their adoption tracks, co-determination and history, and 500
    benefits measured monthly, three of them key: the parts of `seed_demo --scale 20`
    below the employees (whose 20,000 rows the report only counts)."""
    with transaction.atomic():
        organisation = Organisation.objects.create(name="Gemeente Grootstad", slug="grootstad")
        generated = LargeOrganisation(organisation, 20, timezone.localdate())
        for part in parts():
            if part.generate.__module__ in (
                "organisations.large",
                "transformation.large",
                "adoption.large",
            ):
                part.generate(generated)
    benefits = Benefit.objects.for_organisation(organisation).order_by("pk")
    Benefit.objects.filter(pk__in=list(benefits.values_list("pk", flat=True)[500:])).delete()
    Benefit.objects.filter(pk__in=list(benefits.values_list("pk", flat=True)[:3])).update(key=True)
    assert Initiative.objects.for_organisation(organisation).count() == 300
    assert benefits.count() == 500
    return organisation


def test_a_programme_of_300_initiatives_and_500_benefits_has_at_most_twenty_pages_of_body(
    large, documents
):
    programme = Programme.objects.for_organisation(large).get(name=PROGRAMME)
    report = make(large, programme)

    assert body_pages(report) <= 20
    assert pages_ending_with_a_heading(report, documents[-1]) == []
    with translation.override("en"):
        view = management.context(report, report.snapshot, None)["benefit_view"]
    # A chart for the key benefits first, then those off track, up to the cap; the
    # others the annex draws; every benefit without a chart here is one line.
    kept = report.snapshot["benefits"]
    key = [b for b in kept if b["key"] and b["measurements"]]
    wanted = [b for b in kept if b["measurements"] and (b["key"] or b["track"] == "off_track")]
    assert [b["key"] for b in view["charts"]] == [True] * len(key) + [False] * (
        CHARTS_IN_BODY - len(key)
    )
    assert view["more_charts"] == len(wanted) - CHARTS_IN_BODY > 0
    lines = [b for group in view["listed"] for b in group["rows"]]
    assert len(lines) + len(view["charts"]) == 500
    assert [group["code"] for group in view["listed"]] == [
        track
        for track in (
            BenefitTrack.OFF_TRACK,
            BenefitTrack.ON_TRACK,
            BenefitTrack.ACHIEVED,
            BenefitTrack.NOT_MEASURED,
        )
        if any(b["track"] == track for b in lines)
    ]


# --- Made from a snapshot -----------------------------------------------------------------------


def rendered(snapshot, *, annex=False, language="en") -> str:
    organisation = worlds.voorbeeldstad()
    report = ReportRequestFactory(organisation=organisation, annex=annex)
    with translation.override(language):
        return render_to_string(management.template, management.context(report, snapshot, None))


INCLUSION = {
    "threshold": 5,
    "year": 2026,
    "employees": 40,
    "pop_held": 12,
    "pop_covered": 9,
    "pop_percentage": 23,
    "vulnerable_high": 7,
    "vulnerable_medium": 11,
    "trajectories": {"planned": "<5", "active": "<5", "completed": "<5", "stopped": "<5"},
    "trajectories_total": 9,
    "actions": [],
    "reached": 6,
}


@pytest.mark.django_db
def test_a_table_of_only_hidden_figures_is_one_sentence_with_the_total(clock):
    html = rendered({"inclusion": INCLUSION})

    assert 'class="trajectories"' not in html
    assert (
        "Mobility trajectories by status</strong> Too few employees to show per group."
        " In all: 9." in html
    )
    # A table with a figure to show stays a table.
    assert 'class="vulnerable"' in html
    assert re.search(r"High</th><td class=\"number\">7</td>", html)


@pytest.mark.django_db
def test_a_hidden_total_is_not_said_either(clock):
    inclusion = {**INCLUSION, "trajectories_total": "\u2013"}

    html = rendered({"inclusion": inclusion})

    assert "Too few employees to show per group." in html
    assert "In all:" not in html


def benefit(baseline, target, value, planned, unit="dagen"):
    return {
        "id": 1,
        "title": "Kortere doorlooptijd",
        "initiative_id": 2,
        "initiative": "Zaakgericht werken",
        "unit": unit,
        "baseline": baseline,
        "baseline_on": "2025-11-17",
        "target": target,
        "target_date": "2027-07-10",
        "track": "off_track",
        "measurements": [{"on": "2026-03-27", "value": value, "planned": planned}],
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kept", "measured", "planned", "never"),
    [
        # From 56 to 40 days: whole days, never "52,53 dagen".
        (benefit("56.00", "40.00", "55.00", "52.53"), "55", "53", "52.53"),
        # From 6 to 3 days: tenths show the progress.
        (benefit("6.00", "3.00", "5.50", "5.53"), "5.5", "5.5", "5.53"),
        # From 10% to 80%: whole percentages.
        (benefit("10.00", "80.00", "61.40", "62.35", "%"), "61", "62", "62.35"),
        # From 2% to 3%: a small share, so tenths.
        (benefit("2.00", "3.00", "2.40", "2.47", "%"), "2.4", "2.5", "2.47"),
    ],
)
def test_values_are_rounded_to_what_they_mean(clock, kept, measured, planned, never):
    initiative = {"id": 2, "title": "Zaakgericht werken", "status": "red"}

    html = rendered({"initiatives": [initiative], "benefits": [kept]}, annex=True)

    unit = "" if kept["unit"] == "%" else " "
    # Beside the chart in the chapter, and in the annex's table of measurements.
    assert f"{measured}{unit}{kept['unit']} on" in html
    assert f"(plan: {planned}{unit}{kept['unit']})" in html
    assert f'<td class="number">{measured}</td><td class="number">{planned}</td>' in html
    assert never not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("unit", "latest", "target"), [("dagen", "55 dagen", "40 dagen"), ("%", "55%", "40%")]
)
def test_a_benefit_on_one_line_gives_its_latest_measurement_in_its_unit_like_its_target(
    clock, unit, latest, target
):
    initiative = {"id": 2, "title": "Zaakgericht werken", "status": "green"}
    # On track and not key: no chart, one line of the compact table.
    line = {**benefit("56.00", "40.00", "55.00", "57.00", unit), "track": "on_track"}

    html = rendered({"initiatives": [initiative], "benefits": [line]})

    assert f'<td class="number">{latest}</td>\n' in html
    assert f'<td class="number">{target}</td>' in html


@pytest.mark.django_db
def test_a_reason_shared_by_many_initiatives_is_said_once(clock):
    initiatives = [
        {"id": n, "title": f"Initiatief {n:02d}", "status": "red", "reason": "Achterstand."}
        for n in range(1, 8)
    ] + [{"id": 8, "title": "Initiatief 08", "status": "amber", "reason": "Wacht op de OR."}]

    html = rendered({"initiatives": initiatives})

    assert html.count("Achterstand.") == 1
    assert "7 initiatives: 1\N{EN DASH}7" in html
    assert "8. Initiatief 08" in html
