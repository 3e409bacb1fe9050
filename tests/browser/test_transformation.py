"""Visie & programma in a real Chromium: each role's part, with axe-core on every page state.

Elements are found by stable hooks (ids, field names, URLs) rather than by translated
texts where a translation might still be missing; texts that come from the data the
tests create are asserted as they are.

One module, though long: the seven journeys are one programme's story and share its
data (an approved vision, the programme built on it, initiatives made through the
services as the forms make them), which no other test uses. Split, that data would
move to the browser-wide conftest.py, away from the journeys that read it.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from organisations.models import Role
from tests.browser.helpers import (
    MAIN_FORM,
    assert_not_reloaded,
    at,
    log_in,
    mark_page,
    submit,
    visit,
)
from transformation import services
from transformation.models import (
    RAG,
    Benefit,
    BenefitMeasurement,
    CodeterminationStep,
    Initiative,
    InitiativeStatusChange,
    InterventionChange,
    StatementKind,
    Vision,
    VisionStatement,
    VisionStatus,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The werkgeversvisie's four headings, in Dutch once translated, else in English.
EMPLOYER_VISION_THEMES = [
    re.compile(r"^\s*(Verbinden|Connecting)\s*$", re.IGNORECASE),
    re.compile(r"^\s*(Democratie|Democracy)\s*$", re.IGNORECASE),
    re.compile(r"^\s*(Bestuurlijke regie|Administrative direction)\s*$", re.IGNORECASE),
    re.compile(r"^\s*(Acties|Actions)\s*$", re.IGNORECASE),
]
NOT_EMPTY = re.compile(r"\S")


# --- Helpers ------------------------------------------------------------------------------------


def path(name, *args):
    """The path of a page of Visie & programma, as the links on the pages hold it."""
    return reverse(f"transformation:{name}", args=args)


def main_form(page):
    return page.locator(MAIN_FORM)


# --- Data ---------------------------------------------------------------------------------------


@pytest.fixture
def approved_vision(voorbeeldstad, members, pm):
    vision = services.vision_create(organisation=voorbeeldstad, title="Informatievisie 2025", by=pm)
    section = vision.sections.first()
    section.introduction = "Iedereen doet mee met digitaal werken."
    section.save()
    VisionStatement.objects.create(
        section=section, kind=StatementKind.PRINCIPLE, text="We werken samen met de werkvloer."
    )
    services.vision_send_to_consultation(vision=vision)
    services.vision_approve(vision=vision, by=members[Role.DIRECTOR])
    return vision


@pytest.fixture
def programme(voorbeeldstad, pm, approved_vision):
    return services.programme_create(
        organisation=voorbeeldstad,
        name="Digitaal Vakmanschap",
        aim="Iedereen werkt digitaal samen.",
        owner=pm,
        start_date=datetime.date(2025, 1, 6),
        vision=approved_vision,
    )


def make_initiative(programme, owner, units, title, status=RAG.GREEN, reason=""):
    initiative = services.initiative_create(
        initiative=Initiative(
            organisation=programme.organisation,
            programme=programme,
            title=title,
            description="Een concrete verandering op de werkvloer.",
            owner=owner,
            start_date=datetime.date(2025, 3, 1),
            technology="Nieuwe software.",
            technology_readiness=3,
            processes="Nieuwe werkafspraken.",
            processes_readiness=3,
            human_action="Anders samenwerken.",
            human_action_readiness=2,
        ),
        units=units,
        by=owner,
    )
    if status != RAG.GREEN:
        services.initiative_change_status(
            initiative=initiative, status=status, reason=reason, by=owner
        )
    return initiative


@pytest.fixture
def initiatives(programme, pm, units):
    return {
        RAG.GREEN: make_initiative(programme, pm, units[:1], "Alfa zaaksysteem"),
        RAG.AMBER: make_initiative(
            programme, pm, units[1:2], "Bravo e-learning", RAG.AMBER, "Planning loopt uit."
        ),
        RAG.RED: make_initiative(
            programme, pm, units[2:], "Charlie roosters", RAG.RED, "Leverancier haakt af."
        ),
    }


# --- 1. Programme manager: a new version of the vision ------------------------------------------


def test_programme_manager_drafts_a_vision_from_the_employer_vision_and_sends_it_out(
    page, live_server, voorbeeldstad, pm, accessible
):
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "transformation:overview")
    accessible(page)

    page.locator(f"main a[href$='{path('vision_create')}']").first.click()
    expect(page).to_have_url(at(path("vision_create")))
    accessible(page)

    # Without a title the form says so at the field.
    submit(page)
    expect(page.locator("#id_title_error")).to_be_visible()
    expect(page.locator("#id_title")).to_have_attribute("aria-invalid", "true")
    accessible(page)

    page.locator("#id_title").fill("Werkgeversvisie 2026")
    page.locator("input[name=start_from][value=employer_vision]").check()
    submit(page)

    expect(page).to_have_url(re.compile(r"/visie/\d+/$"))
    vision = Vision.objects.get(organisation=voorbeeldstad, title="Werkgeversvisie 2026")
    assert vision.status == VisionStatus.DRAFT
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkgeversvisie 2026")
    expect(page.locator(".mw-badge--draft")).to_be_visible()
    headings = page.locator("section.mw-vision-section h2")
    expect(headings).to_have_count(4)
    for index, name in enumerate(EMPLOYER_VISION_THEMES):
        expect(headings.nth(index)).to_have_text(name)
    accessible(page)

    # Edit the first section (Verbinden) and add a principle through the formset.
    section = vision.sections.order_by("position").first()
    page.locator(f"#section-{section.pk} a[href$='{path('section_edit', section.pk)}']").click()
    expect(page).to_have_url(at(path("section_edit", section.pk)))
    expect(page.get_by_role("heading", level=1)).to_have_text(EMPLOYER_VISION_THEMES[0])
    accessible(page)

    principle = "We leren van experimenten op de werkvloer."
    # A statement without its kind is refused, and the text stays.
    page.locator("#id_statements-0-text").fill(principle)
    submit(page)
    expect(page.locator("#id_statements-0-kind_error")).to_be_visible()
    expect(page.locator("#id_statements-0-text")).to_have_value(principle)
    assert not VisionStatement.objects.filter(section=section).exists()
    accessible(page)

    page.locator("#id_statements-0-kind").select_option(StatementKind.PRINCIPLE.value)
    submit(page)
    expect(page).to_have_url(at(path("vision_detail", vision.pk), f"#section-{section.pk}"))
    expect(page.locator(f"#section-{section.pk} li")).to_have_text([principle])
    assert list(section.statements.values_list("kind", "text")) == [
        (StatementKind.PRINCIPLE.value, principle)
    ]
    accessible(page)

    page.locator("button[name=action][value=consultation]").click()
    expect(page.locator(".mw-badge--consultation")).to_be_visible()
    expect(page.locator("button[name=action][value=draft]")).to_be_visible()
    vision.refresh_from_db()
    assert vision.status == VisionStatus.CONSULTATION
    accessible(page)


# --- 2. Director: approval, superseded versions, read-only views, comparison -------------------


@pytest.fixture
def vision_in_consultation(voorbeeldstad, pm, approved_vision):
    vision = services.vision_create(
        organisation=voorbeeldstad,
        title="Informatievisie 2026",
        by=pm,
        based_on=approved_vision,
    )
    section = vision.sections.get(theme=approved_vision.sections.first().theme)
    section.introduction = "Iedereen doet echt mee met digitaal werken."
    section.save()
    statement = section.statements.get()
    statement.text = "We werken samen met de hele werkvloer."
    statement.save()
    services.vision_send_to_consultation(vision=vision)
    return vision


def test_director_approves_a_version_and_the_one_before_is_superseded(
    page, live_server, members, approved_vision, vision_in_consultation, programme, accessible
):
    director = members[Role.DIRECTOR]
    old, new = approved_vision, vision_in_consultation
    initiative = make_initiative(programme, members[Role.PROGRAMME_MANAGER], [], "Alfa")
    log_in(page, live_server, director.username, landing=False)

    visit(page, live_server, "transformation:overview")
    expect(page.locator(f"main a[href$='{path('vision_create')}']")).to_have_count(0)
    expect(page.locator(f"main a[href$='{path('programme_create')}']")).to_have_count(0)
    accessible(page)

    page.locator(f"main a[href$='{path('vision_detail', new.pk)}']").first.click()
    expect(page.locator(".mw-badge--consultation")).to_be_visible()
    # A director reads and approves; editing is the programme manager's.
    expect(page.locator("main a[href*='/bewerken/']")).to_have_count(0)
    expect(page.locator("main a[href*='/visie/onderdeel/']")).to_have_count(0)
    expect(page.locator("main a[href*='/thema-toevoegen/']")).to_have_count(0)
    expect(page.locator("main button[name=action]")).to_have_count(0)
    accessible(page)

    page.locator(f"main a[href$='{path('vision_approve', new.pk)}']").click()
    expect(page).to_have_url(at(path("vision_approve", new.pk)))
    accessible(page)
    note = "Vastgesteld in het directieoverleg van 3 maart."
    page.locator("#id_note").fill(note)
    submit(page)

    expect(page).to_have_url(at(path("vision_detail", new.pk)))
    expect(page.locator(".mw-badge--approved")).to_be_visible()
    expect(page.locator("main .mw-panel")).to_contain_text(note)
    expect(page.locator(".mw-messages")).to_contain_text(NOT_EMPTY)
    expect(page.locator("main a[href*='/bewerken/']")).to_have_count(0)
    expect(page.locator("main a[href*='/visie/onderdeel/']")).to_have_count(0)
    expect(page.locator(f"main a[href$='{path('vision_approve', new.pk)}']")).to_have_count(0)
    new.refresh_from_db()
    old.refresh_from_db()
    assert (new.status, new.approved_by, new.approval_note) == (
        VisionStatus.APPROVED,
        director,
        note,
    )
    assert old.status == VisionStatus.SUPERSEDED
    accessible(page)

    visit(page, live_server, "transformation:overview")
    rows = page.locator("main table tbody tr")
    expect(
        rows.filter(has=page.locator(f"a[href$='{path('vision_detail', new.pk)}']"))
    ).to_contain_text(new.title)
    expect(
        rows.filter(has=page.locator(f"a[href$='{path('vision_detail', new.pk)}']")).locator(
            ".mw-badge--approved"
        )
    ).to_be_visible()
    expect(
        rows.filter(has=page.locator(f"a[href$='{path('vision_detail', old.pk)}']")).locator(
            ".mw-badge--superseded"
        )
    ).to_be_visible()
    expect(page.locator("main .mw-panel")).to_contain_text(new.title)
    accessible(page)

    # The superseded version is a record too: nothing to edit, nothing to approve.
    visit(page, live_server, "transformation:vision_detail", old.pk)
    expect(page.locator(".mw-badge--superseded")).to_be_visible()
    expect(page.locator("main a[href*='/bewerken/']")).to_have_count(0)
    expect(page.locator("main a[href*='/visie/onderdeel/']")).to_have_count(0)
    expect(page.locator("main a[href*='/goedkeuren/']")).to_have_count(0)
    accessible(page)

    # Reworded text is marked word by word.
    visit(page, live_server, "transformation:vision_compare", query={"a": old.pk, "b": new.pk})
    compare = page.locator("table.mw-compare")
    expect(compare.locator("del").first).to_be_visible()
    expect(compare.locator("ins").first).to_be_visible()
    expect(compare.locator("ins")).to_contain_text(["echt", "hele"])
    expect(compare.locator(".mw-compare__row--changed").first).to_be_visible()
    accessible(page)

    # No add or edit buttons on the programme and the initiative for a director.
    visit(page, live_server, "transformation:programme_detail", programme.pk)
    expect(page.locator("#initiatives")).to_contain_text("Alfa")
    expect(page.locator("main a[href$='/initiatief-toevoegen/']")).to_have_count(0)
    expect(page.locator("main a[href*='/bewerken/']")).to_have_count(0)
    accessible(page)
    visit(page, live_server, "transformation:initiative_detail", initiative.pk)
    expect(page.locator("main a[href*='/bewerken/']")).to_have_count(0)
    expect(page.locator("main a[href$='/status/']")).to_have_count(0)
    expect(page.locator("main a[href$='/baat-toevoegen/']")).to_have_count(0)
    accessible(page)


# --- 3. Programme manager: filtering the initiatives, with and without JavaScript --------------


def test_status_filter_updates_the_list_in_place_and_the_url_keeps_it(
    page, live_server, pm, programme, initiatives, accessible
):
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "transformation:programme_detail", programme.pk)
    listing = page.locator("#initiatives")
    for initiative in initiatives.values():
        expect(listing).to_contain_text(initiative.title)
    accessible(page)

    mark_page(page)
    page.locator("#filter-status").select_option(RAG.RED.value)
    expect(listing).not_to_contain_text(initiatives[RAG.GREEN].title)
    expect(listing).not_to_contain_text(initiatives[RAG.AMBER].title)
    expect(listing).to_contain_text(initiatives[RAG.RED].title)
    expect(listing.locator("tbody tr")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"[?&]status=red(&|$)"))
    assert_not_reloaded(page)
    accessible(page)

    # The pushed URL, loaded fresh, shows the same list with the filter chosen.
    filtered_url = page.url
    page.goto(filtered_url)
    assert page.evaluate("typeof window.__marker") == "undefined"
    expect(page.locator("#filter-status")).to_have_value(RAG.RED.value)
    expect(listing.locator("tbody tr")).to_have_count(1)
    expect(listing).to_contain_text(initiatives[RAG.RED].title)
    expect(listing).not_to_contain_text(initiatives[RAG.GREEN].title)
    accessible(page)


def test_status_filter_works_without_javascript(
    browser, page, live_server, pm, programme, initiatives, accessible
):
    context = browser.new_context(java_script_enabled=False)
    try:
        no_js = context.new_page()
        log_in(no_js, live_server, pm.username, landing=False)
        visit(no_js, live_server, "transformation:programme_detail", programme.pk)
        assert no_js.evaluate("typeof window.htmx") == "undefined", "JavaScript is off"
        no_js.locator("#filter-status").select_option(RAG.AMBER.value)
        # Without JavaScript choosing does nothing until the form is submitted.
        expect(no_js.locator("#initiatives tbody tr")).to_have_count(3)
        no_js.locator("form.mw-filter button[type=submit]").click()

        expect(no_js).to_have_url(re.compile(r"[?&]status=amber(&|$)"))
        listing = no_js.locator("#initiatives")
        expect(listing.locator("tbody tr")).to_have_count(1)
        expect(listing).to_contain_text(initiatives[RAG.AMBER].title)
        expect(listing).not_to_contain_text(initiatives[RAG.RED].title)
        expect(no_js.locator("#filter-status")).to_have_value(RAG.AMBER.value)
        filtered_url = no_js.url
    finally:
        context.close()

    # axe-core needs timers, which do not run with JavaScript off: check the same page
    # (the same server-rendered HTML) in the normal browser instead.
    log_in(page, live_server, pm.username, landing=False)
    page.goto(filtered_url)
    expect(page.locator("#initiatives tbody tr")).to_have_count(1)
    expect(page.locator("#filter-status")).to_have_value(RAG.AMBER.value)
    accessible(page)


# --- 4. Programme manager: a new initiative and its status -------------------------------------


def test_programme_manager_adds_an_initiative_and_changes_its_status(
    page, live_server, pm, programme, units, accessible
):
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "transformation:programme_detail", programme.pk)
    accessible(page)
    page.locator(f"main a[href$='{path('initiative_create', programme.pk)}']").click()
    expect(page).to_have_url(at(path("initiative_create", programme.pk)))
    form = main_form(page)
    assert form.get_attribute("novalidate") is not None
    accessible(page)

    # Empty: every required field says so, at the field.
    submit(form)
    for name in (
        "title",
        "description",
        "units",
        "start_date",
        "technology",
        "technology_readiness",
        "processes",
        "processes_readiness",
        "human_action",
        "human_action_readiness",
    ):
        expect(page.locator(f"#id_{name}_error")).to_be_visible()
        expect(page.locator(f"#id_{name}_error")).to_contain_text(NOT_EMPTY)
    expect(page.locator("#id_title")).to_have_attribute("aria-invalid", "true")
    # The owner was filled in for the user, and is not in error.
    expect(page.locator("#id_owner_error")).to_have_count(0)
    assert not Initiative.objects.exists()
    accessible(page)

    # Partly filled in: what was typed stays, the rest is still in error.
    title = "Microsoft 365 voor Burgerzaken"
    description = "Burgerzaken gaat samenwerken in Teams en SharePoint."
    form.locator("#id_title").fill(title)
    form.locator("#id_description").fill(description)
    form.locator("input[name=units]").first.check()
    form.locator("#id_technology_readiness").select_option("2")
    submit(form)
    expect(page.locator("#id_start_date_error")).to_be_visible()
    expect(page.locator("#id_title_error")).to_have_count(0)
    expect(page.locator("#id_title")).to_have_value(title)
    expect(page.locator("#id_description")).to_have_value(description)
    expect(page.locator("input[name=units]").first).to_be_checked()
    expect(page.locator("#id_technology_readiness")).to_have_value("2")
    assert not Initiative.objects.exists()
    accessible(page)

    form.locator("#id_start_date").fill("2026-03-02")
    form.locator("#id_technology").fill("Microsoft 365 vervangt de netwerkschijf.")
    form.locator("#id_processes").fill("Dossiers worden digitaal gedeeld.")
    form.locator("#id_processes_readiness").select_option("3")
    form.locator("#id_human_action").fill("Samenwerken in Teams, met training op de werkplek.")
    form.locator("#id_human_action_readiness").select_option("1")
    submit(form)

    expect(page).to_have_url(re.compile(r"/initiatief/\d+/$"))
    initiative = Initiative.objects.get(title=title)
    assert initiative.programme == programme
    assert initiative.owner == pm
    assert list(initiative.units.all()) == [units[0]]
    assert initiative.start_date == datetime.date(2026, 3, 2)
    assert (
        initiative.technology_readiness,
        initiative.processes_readiness,
        initiative.human_action_readiness,
    ) == (2, 3, 1)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("main .mw-badge--green")).to_be_visible()
    expect(page.locator("main .mw-history li")).to_have_count(1)
    accessible(page)

    page.locator(f"main a[href$='{path('initiative_status', initiative.pk)}']").click()
    expect(page).to_have_url(at(path("initiative_status", initiative.pk)))
    accessible(page)
    form = main_form(page)
    form.locator(f"input[name=status][value={RAG.RED.value}]").check()
    submit(form)
    expect(page.locator("#id_reason_error")).to_be_visible()
    expect(page.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"input[name=status][value={RAG.RED.value}]")).to_be_checked()
    initiative.refresh_from_db()
    assert initiative.status == RAG.GREEN
    accessible(page)

    reason = "De licenties zijn niet op tijd geleverd."
    form.locator("#id_reason").fill(reason)
    submit(form)
    expect(page).to_have_url(at(path("initiative_detail", initiative.pk)))
    expect(page.locator("main .mw-badge--red").first).to_be_visible()
    history = page.locator("main .mw-history li")
    expect(history).to_have_count(2)
    # Newest first: the change to red, with its reason.
    expect(history.first).to_contain_text(reason)
    initiative.refresh_from_db()
    assert (initiative.status, initiative.status_reason) == (RAG.RED, reason)
    change = InitiativeStatusChange.objects.filter(initiative=initiative).first()
    assert (change.from_status, change.to_status, change.changed_by) == (RAG.GREEN, RAG.RED, pm)
    accessible(page)


# --- 5. HR adviser: the evidence of an intervention, in place ----------------------------------


def test_hr_adviser_edits_the_evidence_of_an_intervention_in_place(
    page, live_server, members, programme, accessible
):
    hr = members[Role.HR_ADVISER]
    intervention = programme.interventions.order_by("kind").first()
    row_id = f"#intervention-{intervention.pk}"
    prefix = f"intervention-{intervention.pk}"
    log_in(page, live_server, hr.username, landing=False)
    visit(page, live_server, "transformation:interventions", programme.pk)
    expect(page.locator("table.mw-interventions tbody tr")).to_have_count(5)
    accessible(page)

    mark_page(page)
    row = page.locator(row_id)
    row.locator(f"a[href$='{path('intervention_edit', intervention.pk)}']").first.click()
    expect(row.locator("form")).to_be_visible()
    fields = row.locator("input:not([type=hidden]), select, textarea")
    # An HR adviser edits the evidence and the review date only: no status, no owner.
    expect(fields).to_have_count(2)
    expect(row.locator(f"[name={prefix}-evidence]")).to_be_visible()
    expect(row.locator(f"[name={prefix}-last_reviewed_on]")).to_be_visible()
    expect(row.locator("select")).to_have_count(0)
    expect(row.locator(f"[name={prefix}-status]")).to_have_count(0)
    assert_not_reloaded(page)
    expect(page).to_have_url(at(path("interventions", programme.pk)))
    accessible(page)

    # A review date in the future is refused in the row itself.
    evidence = "Strategisch HR-adviseur zit sinds januari in het programmateam."
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    row.locator(f"[name={prefix}-evidence]").fill(evidence)
    row.locator(f"[name={prefix}-last_reviewed_on]").fill(tomorrow.isoformat())
    row.locator("button[type=submit]").click()
    expect(row.locator(f"#id_{prefix}-last_reviewed_on_error")).to_be_visible()
    expect(row.locator(f"[name={prefix}-evidence]")).to_have_value(evidence)
    assert not InterventionChange.objects.exists()
    assert_not_reloaded(page)
    accessible(page)

    row.locator(f"[name={prefix}-last_reviewed_on]").fill("")
    row.locator("button[type=submit]").click()
    expect(row.locator("form")).to_have_count(0)
    expect(row).to_contain_text(evidence)
    expect(row.locator("[role=status]")).to_have_text(NOT_EMPTY)
    assert_not_reloaded(page)
    intervention.refresh_from_db()
    assert intervention.evidence == evidence
    change = InterventionChange.objects.get(intervention=intervention)
    assert (change.changed_by, change.changed_fields) == (hr, ["evidence"])
    accessible(page)

    page.reload()
    history = page.locator("main .mw-history li")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text(evidence)
    with translation.override("nl"):
        expect(history.first).to_contain_text(intervention.get_kind_display())
    accessible(page)


# --- 6. Programme manager: co-determination in the development phase ---------------------------


def test_programme_manager_records_codetermination_for_the_development_phase(
    page, live_server, pm, programme, units, accessible
):
    initiative = make_initiative(programme, pm, units[:1], "Slim roosteren")
    development_page = path("codetermination", initiative.pk, "development")
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "transformation:initiative_detail", initiative.pk)
    accessible(page)
    page.locator(f"#codetermination a[href$='{development_page}']").click()
    expect(page).to_have_url(at(development_page))
    expect(page.locator("nav.mw-tabs a[aria-current=page]")).to_have_attribute(
        "href", development_page
    )
    accessible(page)

    form = main_form(page)
    answer = "De roosteraars testen het nieuwe systeem vanaf de eerste versie."
    form.locator("textarea[name^=question_]").first.fill(answer)
    form.locator("#id_legal_basis").select_option("wor_25_1_k")
    form.locator("#id_meeting_dates").fill("31-02-2026")
    submit(form)
    expect(page.locator("#id_meeting_dates_error")).to_be_visible()
    expect(page.locator("#id_meeting_dates_error")).to_contain_text("31-02-2026")
    expect(page.locator("#id_meeting_dates")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_meeting_dates")).to_have_value("31-02-2026")
    expect(page.locator("#id_legal_basis")).to_have_value("wor_25_1_k")
    expect(page.locator("textarea[name^=question_]").first).to_have_value(answer)
    assert not CodeterminationStep.objects.exists()
    accessible(page)

    form.locator("#id_meeting_dates").fill("12-03-2026, 9-4-2026")
    form.locator("#id_advice_requested_on").fill("2026-04-10")
    form.locator("#id_advice_given_on").fill("2026-05-08")
    form.locator("#id_outcome").select_option("conditions")
    submit(form)
    expect(page.locator("#id_outcome_note_error")).to_be_visible()
    expect(page.locator("#id_meeting_dates_error")).to_have_count(0)
    assert not CodeterminationStep.objects.exists()
    accessible(page)

    conditions = "Evaluatie na drie maanden met de OR."
    form.locator("#id_outcome_note").fill(conditions)
    submit(form)
    expect(page).to_have_url(at(path("initiative_detail", initiative.pk), "#codetermination"))
    step = CodeterminationStep.objects.get(initiative=initiative)
    assert (step.phase, step.legal_basis, step.outcome, step.outcome_note) == (
        "development",
        "wor_25_1_k",
        "conditions",
        conditions,
    )
    assert step.meeting_dates == ["2026-03-12", "2026-04-09"]
    assert (step.advice_requested_on, step.advice_given_on) == (
        datetime.date(2026, 4, 10),
        datetime.date(2026, 5, 8),
    )
    assert [a.answer for a in step.answers.all()] == [answer]
    assert step.updated_by == pm

    overview = page.locator("#codetermination .mw-phase")
    expect(overview).to_have_count(3)
    development = overview.nth(1)
    expect(development).to_have_class(re.compile(r"\bmw-phase--conditions\b"))
    expect(development).to_contain_text("WOR art. 25")
    expect(development).to_contain_text("2026")
    expect(overview.nth(0)).to_have_class(re.compile(r"\bmw-phase--open\b"))
    expect(overview.nth(2)).to_have_class(re.compile(r"\bmw-phase--open\b"))
    accessible(page)


# --- 7. Programme manager: a benefit and its measurements --------------------------------------


def test_programme_manager_adds_a_benefit_and_a_measurement(
    page, live_server, pm, programme, units, accessible
):
    initiative = make_initiative(programme, pm, units[:1], "Digitale balie")
    log_in(page, live_server, pm.username, landing=False)
    visit(page, live_server, "transformation:initiative_detail", initiative.pk)
    page.locator(f"main a[href$='{path('benefit_create', initiative.pk)}']").click()
    expect(page).to_have_url(at(path("benefit_create", initiative.pk)))
    accessible(page)

    form = main_form(page)
    form.locator("#id_title").fill("Kortere doorlooptijd paspoort")
    form.locator("#id_measure").fill("Gemiddelde doorlooptijd van een paspoortaanvraag")
    form.locator("#id_unit").fill("dagen")
    form.locator("#id_baseline").fill("10,5")
    form.locator("#id_baseline_on").fill("2025-01-01")
    form.locator("#id_target").fill("10,5")
    form.locator("#id_target_date").fill("2027-01-01")
    submit(form)
    # A target equal to the baseline is no benefit.
    expect(page.locator("#id_target_error")).to_be_visible()
    expect(page.locator("#id_baseline")).to_have_value("10,5")
    assert not Benefit.objects.exists()
    accessible(page)

    form.locator("#id_target").fill("5")
    submit(form)
    expect(page).to_have_url(re.compile(r"/baat/\d+/$"))
    benefit = Benefit.objects.get(initiative=initiative)
    assert (benefit.owner, str(benefit.baseline), str(benefit.target)) == (pm, "10.50", "5.00")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kortere doorlooptijd paspoort")
    expect(page.locator("main svg[role=img]")).to_be_visible()
    accessible(page)

    form = page.locator("form[aria-labelledby=add-measurement]")
    # Before the baseline: refused at the field.
    form.locator("#id_measured_on").fill("2024-12-01")
    form.locator("#id_value").fill("8,25")
    submit(form)
    expect(page.locator("#id_measured_on_error")).to_be_visible()
    expect(page.locator("#id_value")).to_have_value("8,25")
    assert not BenefitMeasurement.objects.exists()
    accessible(page)

    page.locator("#id_measured_on").fill("2025-06-02")
    page.locator("#id_note").fill("Na invoering van de online afspraak")
    submit(page.locator("form[aria-labelledby=add-measurement]"))
    expect(page).to_have_url(at(path("benefit_detail", benefit.pk)))
    measurement = BenefitMeasurement.objects.get(benefit=benefit)
    assert (measurement.measured_on, str(measurement.value), measurement.recorded_by) == (
        datetime.date(2025, 6, 2),
        "8.25",
        pm,
    )
    chart = page.locator("main svg[role=img]")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("aria-labelledby", NOT_EMPTY)
    table = page.locator("section[aria-labelledby=measurements-heading] table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody tr").first).to_contain_text("8,25")
    expect(table.locator("tbody tr").first).to_contain_text("Na invoering van de online afspraak")
    # The chart's figures as a table too: baseline, the measurement and the target.
    figures = page.locator("details.mw-details table tbody tr")
    expect(figures).to_have_count(3)
    expect(figures.nth(1)).to_contain_text("8,25")
    accessible(page)
