"""Demo data for Visie & programma: Voorbeeldstad's vision, its programme
"Digitaal werken 2027" with its initiatives, and a smaller set for Buurdorp.

Dates are relative to today, so the demo always looks current. An organisation
that already has a programme is left alone, which makes seeding idempotent.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from organisations.models import Organisation, OrganisationUnit, User
from transformation import services
from transformation.defaults import install_defaults
from transformation.models import (
    RAG,
    Benefit,
    BenefitMeasurement,
    CodeterminationAnswer,
    CodeterminationBody,
    CodeterminationQuestion,
    CodeterminationStep,
    DecisionOutcome,
    DecisionRequest,
    Initiative,
    InitiativeStatusChange,
    Intervention,
    InterventionChange,
    InterventionKind,
    InterventionStatus,
    LegalBasis,
    Outcome,
    Programme,
    StatementKind,
    Theme,
    Vision,
    VisionSection,
    VisionStatement,
    VisionStatus,
)

P, A = StatementKind.PRINCIPLE, StatementKind.AMBITION


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def moment(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


VISION_2024 = {
    "Digitale inclusie": (
        "Iedere medewerker kan meedoen in het digitale werk. Digitale vaardigheden zijn "
        "geen bijzaak maar onderdeel van goed werkgeverschap.",
        [
            (
                P,
                "Digitaal werken is en blijft mensenwerk: de HR-adviseur is vanaf het begin betrokken.",
            ),
            (P, "We beginnen bij concrete veranderingen op de werkvloer."),
            (
                A,
                "In 2027 heeft iedere medewerker een POP-gesprek gehad waarin digitale vaardigheden aan bod kwamen.",
            ),
        ],
    ),
    "Datagedreven werken": (
        "We sturen op betrouwbare informatie en gaan zorgvuldig om met data.",
        [
            (P, "Data wordt één keer vastgelegd en meervoudig gebruikt."),
            (A, "Het sociaal domein stuurt op actuele dashboards in plaats van maandrapportages."),
        ],
    ),
    "Informatiehuishouding": (
        "Informatie is vindbaar, betrouwbaar en wordt bewaard zoals de wet vraagt.",
        [
            (
                P,
                "We werken zaakgericht: documenten horen bij een zaak, niet in een persoonlijke map.",
            ),
            (A, "Alle afdelingen werken in 2026 zaakgericht."),
        ],
    ),
    "Informatieveiligheid en privacy": (
        "Inwoners kunnen erop vertrouwen dat wij zorgvuldig met hun gegevens omgaan.",
        [
            (P, "Privacy by design: bij elke nieuwe toepassing eerst een DPIA."),
            (A, "Iedere medewerker volgt jaarlijks de training informatieveiligheid."),
        ],
    ),
    "Openheid en democratie": (
        "Een open overheid: informatie is openbaar waar dat kan.",
        [
            (P, "Openbaar, tenzij."),
            (A, "Woo-informatie wordt actief en tijdig gepubliceerd."),
        ],
    ),
}


def _vision(
    organisation,
    number,
    title,
    status,
    sections,
    *,
    created_by,
    days_ago,
    based_on=None,
    **approval,
):
    vision = Vision.objects.create(
        **approval,
        organisation=organisation,
        number=number,
        title=title,
        status=status,
        based_on=based_on,
        created_by=created_by,
        introduction=(
            "Deze informatievisie bepaalt de koers van de digitale transformatie van "
            f"{organisation.name}. Digitale inclusie is een onderdeel van de hele veranderopgave."
        ),
    )
    # auto_now fields are set by hand here so the demo's history looks lived in.
    last_change = approval.get("approved_at") or moment(days_ago)
    Vision.objects.filter(pk=vision.pk).update(created_at=moment(days_ago), updated_at=last_change)
    for position, (theme_name, (intro, statements)) in enumerate(sections.items(), start=1):
        theme, _ = Theme.objects.get_or_create(organisation=organisation, name=theme_name)
        section = VisionSection.objects.create(
            vision=vision, theme=theme, introduction=intro, position=position
        )
        for index, (kind, text) in enumerate(statements, start=1):
            VisionStatement.objects.create(section=section, kind=kind, text=text, position=index)
    return vision


def _initiative(programme, title, description, owner, units, days_ago, dimensions, history):
    """history: [(days_ago, status, reason)], oldest first; the last one is current."""
    status, reason = history[-1][1], history[-1][2]
    initiative = Initiative.objects.create(
        organisation=programme.organisation,
        programme=programme,
        title=title,
        description=description,
        owner=owner,
        start_date=ago(days_ago),
        technology=dimensions[0][0],
        technology_readiness=dimensions[0][1],
        processes=dimensions[1][0],
        processes_readiness=dimensions[1][1],
        human_action=dimensions[2][0],
        human_action_readiness=dimensions[2][1],
        status=status,
        status_reason=reason,
    )
    initiative.units.set(units)
    previous = ""
    for when, to_status, why in history:
        InitiativeStatusChange.objects.create(
            initiative=initiative,
            changed_by=owner,
            changed_at=moment(when),
            from_status=previous,
            to_status=to_status,
            reason=why,
        )
        previous = to_status
    return initiative


def _codetermination(initiative, phase, body, by, *, answers=(), **fields):
    step = CodeterminationStep.objects.create(
        organisation=initiative.organisation,
        initiative=initiative,
        phase=phase,
        body=body,
        updated_by=by,
        **fields,
    )
    questions = CodeterminationQuestion.objects.for_organisation(initiative.organisation).filter(
        phase=phase
    )
    for question, answer in zip(questions, answers, strict=False):
        CodeterminationAnswer.objects.create(step=step, question=question, answer=answer)
    return step


def _benefit(initiative, title, owner, measure, unit, baseline, target, days, measurements):
    start, end = days
    benefit = Benefit.objects.create(
        organisation=initiative.organisation,
        initiative=initiative,
        title=title,
        owner=owner,
        measure=measure,
        unit=unit,
        baseline=Decimal(baseline),
        baseline_on=ago(start),
        target=Decimal(target),
        target_date=ago(-end),
    )
    for when, value in measurements:
        BenefitMeasurement.objects.create(
            benefit=benefit, measured_on=ago(when), value=Decimal(value), recorded_by=owner
        )
    return benefit


def _intervention(programme, kind, status, evidence, owner, reviewed, by, history=()):
    """The intervention's earlier states (`history`: days ago, status, evidence), then its
    state now; each change records only the fields that differ from the state before it."""
    intervention = Intervention.objects.get(programme=programme, kind=kind)
    before = {
        "status": intervention.status,
        "evidence": intervention.evidence,
        "owner": str(intervention.owner) if intervention.owner else "",
        "last_reviewed_on": intervention.last_reviewed_on,
    }
    states = [
        (when, {**before, "status": old_status, "evidence": old_evidence, "owner": str(owner)})
        for when, old_status, old_evidence in history
    ]
    now = {"status": status, "evidence": evidence, "owner": str(owner)}
    states.append((reviewed, now | {"last_reviewed_on": ago(reviewed)}))
    for when, state in states:
        InterventionChange.objects.create(
            intervention=intervention,
            changed_by=by,
            changed_at=moment(when),
            status=state["status"],
            evidence=state["evidence"],
            owner_name=state["owner"],
            last_reviewed_on=state["last_reviewed_on"],
            changed_fields=[name for name in before if state[name] != before[name]],
        )
        before = state
    intervention.status = status
    intervention.evidence = evidence
    intervention.owner = owner
    intervention.last_reviewed_on = ago(reviewed)
    intervention.save()


def seed_voorbeeldstad(organisation: Organisation, users: dict[str, User]) -> None:
    pm, hr, director = users["programma"], users["hr"], users["directeur"]
    unit = {u.name: u for u in OrganisationUnit.objects.for_organisation(organisation)}

    v1 = _vision(
        organisation,
        1,
        "Informatievisie Voorbeeldstad 2024–2027",
        VisionStatus.SUPERSEDED,
        VISION_2024,
        created_by=pm,
        days_ago=900,
        approved_by=director,
        approved_at=moment(860),
        approval_note="Vastgesteld in het MT.",
    )
    v2_sections = {
        name: (intro, list(statements)) for name, (intro, statements) in VISION_2024.items()
    }
    v2_sections["Digitale inclusie"][1][2] = (
        A,
        "In 2027 is digitale weerbaarheid een vast onderdeel van ieder POP-gesprek, en "
        "combineren we trainingen met intervisie op casuïstiek uit de praktijk.",
    )
    v2_sections["Digitale inclusie"][1].append(
        (P, "Medewerkers zijn eigenaar van hun eigen digitale ontwikkeling.")
    )
    v2_sections["Datagedreven werken"][1].append(
        (P, "Algoritmes die inwoners raken staan in het algoritmeregister.")
    )
    v2 = _vision(
        organisation,
        2,
        "Informatievisie Voorbeeldstad 2025–2028",
        VisionStatus.APPROVED,
        v2_sections,
        created_by=pm,
        days_ago=420,
        based_on=v1,
        approved_by=director,
        approved_at=moment(380),
        approval_note="Vastgesteld in de directievergadering; het college is geïnformeerd.",
    )
    v3 = services.vision_create(
        organisation=organisation,
        title="Informatievisie Voorbeeldstad 2027–2030",
        by=pm,
        based_on=v2,
    )
    v3.introduction = (
        "Concept voor de herijking: de werkgeversvisie krijgt een plaats in de informatievisie."
    )
    v3.save()
    Vision.objects.filter(pk=v3.pk).update(created_at=moment(40), updated_at=moment(6))
    democratie = v3.sections.get(theme__name="Openheid en democratie")
    democratie.introduction = (
        "Een open overheid die digitale middelen inzet voor democratische besluitvorming."
    )
    democratie.save()
    VisionStatement.objects.create(
        section=democratie,
        kind=A,
        text="Inwoners denken digitaal mee over de begroting via een participatieplatform.",
        position=3,
    )

    programme = services.programme_create(
        organisation=organisation,
        name="Digitaal werken 2027",
        aim=(
            "Alle medewerkers van Voorbeeldstad werken digitaal samen en houden hun digitale "
            "vaardigheden op peil. Digitale inclusie is onderdeel van iedere verandering op de "
            "werkvloer, niet een apart project."
        ),
        owner=pm,
        start_date=ago(700),
        vision=v2,
    )

    m365 = _initiative(
        programme,
        "Microsoft 365 voor Burgerzaken",
        "Burgerzaken stapt over van e-mail met bijlagen en netwerkschijven naar samenwerken in "
        "Teams en SharePoint.",
        pm,
        [unit["Burgerzaken"], unit["Team Publiekszaken"], unit["Team Backoffice"]],
        520,
        [
            ("Teams en SharePoint ingericht; oude netwerkschijf wordt leeggemaakt.", 5),
            ("Werkafspraken over documenten en kanalen per team vastgelegd.", 4),
            ("Champions per team; niet iedereen voelt zich al zeker in Teams.", 3),
        ],
        [
            (520, RAG.GREEN, ""),
            (300, RAG.AMBER, "Training liep achter op de uitrol."),
            (120, RAG.GREEN, ""),
        ],
    )
    zaak = _initiative(
        programme,
        "Zaakgericht werken bij Vergunningen",
        "Vergunningen, Toezicht en Handhaving werkt met zaken in plaats van losse dossiers.",
        users["adviseur"],
        [unit["Vergunningen, Toezicht en Handhaving"]],
        400,
        [
            ("Zaaksysteem in gebruik; koppeling met het omgevingsloket nog niet klaar.", 3),
            ("Zaaktypen beschreven, werkinstructies deels klaar.", 2),
            ("Medewerkers missen nog handvatten voor de nieuwe werkwijze.", 2),
        ],
        [
            (400, RAG.GREEN, ""),
            (
                60,
                RAG.AMBER,
                "Koppeling met het omgevingsloket is vertraagd; werkinstructies ontbreken nog.",
            ),
        ],
    )
    woo = _initiative(
        programme,
        "Woo-publicaties op orde",
        "Documenten die onder de Wet open overheid vallen worden actief en tijdig gepubliceerd.",
        pm,
        [unit["Team Informatiebeheer"], unit["Informatievoorziening"]],
        330,
        [
            ("Publicatiekanaal gekozen en gekoppeld aan het archief.", 4),
            ("Publicatieproces per informatiecategorie beschreven.", 4),
            ("Collega's weten wanneer iets openbaar moet; e-learning gevolgd.", 4),
        ],
        [(330, RAG.GREEN, "")],
    )
    sociaal = _initiative(
        programme,
        "Datagedreven sturing sociaal domein",
        "Het sociaal domein stuurt op een actueel dashboard met wachttijden en instroom.",
        pm,
        [unit["Sociaal Domein"], unit["Team Wmo"], unit["Team Participatie"]],
        260,
        [
            ("Dashboard in ontwikkeling; datakwaliteit van de bronnen wisselt.", 2),
            ("Sturingsoverleg moet anders worden ingericht.", 2),
            ("Teamleiders twijfelen aan het nut en missen data-vaardigheden.", 1),
        ],
        [
            (260, RAG.GREEN, ""),
            (150, RAG.AMBER, "DPIA nog niet afgerond."),
            (
                30,
                RAG.RED,
                "Ondernemingsraad weigerde instemming met de eerste opzet; teamleiders missen data-vaardigheden.",
            ),
        ],
    )
    chat = _initiative(
        programme,
        "Digitaal klantcontact via chat",
        "Inwoners kunnen het Klantcontactcentrum via een chat op de website bereiken.",
        users["adviseur"],
        [unit["Klantcontactcentrum"]],
        150,
        [
            ("Chatplatform gekozen.", 3),
            ("Routering tussen telefoon, chat en e-mail uitgewerkt.", 3),
            ("Klantcontactmedewerkers oefenen schrijfvaardigheid voor de chat.", 3),
        ],
        [(150, RAG.GREEN, "")],
    )
    _initiative(
        programme,
        "Mobiel werken in de wijk",
        "Wijkbeheerders melden en handelen meldingen openbare ruimte af op een tablet.",
        pm,
        [unit["Openbare Ruimte"], unit["Team Wijkbeheer"]],
        90,
        [
            ("Tablets besteld; app voor meldingen getest.", 3),
            ("Afhandeling van meldingen in de wijk opnieuw ontworpen.", 2),
            ("Een deel van de wijkbeheerders werkt nog niet digitaal.", 1),
        ],
        [
            (90, RAG.GREEN, ""),
            (
                20,
                RAG.AMBER,
                "Digitale basisvaardigheden van een deel van het team zijn onvoldoende.",
            ),
        ],
    )
    _initiative(
        programme,
        "Digitaal POP-gesprek met e-HRM",
        "Het POP-gesprek wordt in e-HRM vastgelegd, met digitale vaardigheden als vast onderdeel.",
        hr,
        [unit["HR"]],
        200,
        [
            ("e-HRM-module voor gesprekken ingericht.", 4),
            ("Gesprekscyclus aangepast.", 4),
            ("Leidinggevenden getraind in het bespreken van digitale vaardigheden.", 3),
        ],
        [(200, RAG.GREEN, "")],
    )

    _intervention(
        programme,
        InterventionKind.HR_ADVISER,
        InterventionStatus.ANCHORED,
        "De strategisch HR-adviseur zit sinds de start in het programmateam en is mede-eigenaar "
        "van de veranderaanpak.",
        hr,
        40,
        pm,
        history=[
            (600, InterventionStatus.IN_PROGRESS, "HR-adviseur sluit aan bij het programmateam.")
        ],
    )
    _intervention(
        programme,
        InterventionKind.DIRECTOR_LEVEL,
        InterventionStatus.IN_PROGRESS,
        "De directie heeft de informatievisie vastgesteld en budget voor scholing vrijgemaakt; "
        "investeringen in digitale inclusie staan nog niet in de meerjarenbegroting.",
        director,
        60,
        pm,
    )
    _intervention(
        programme,
        InterventionKind.OWNERSHIP,
        InterventionStatus.IN_PROGRESS,
        "Medewerkers schrijven mee aan de business scenario's; intervisie op casuïstiek is gestart "
        "bij Burgerzaken.",
        pm,
        30,
        hr,
    )
    _intervention(
        programme,
        InterventionKind.LINE_MANAGER,
        InterventionStatus.NOT_STARTED,
        "",
        hr,
        30,
        pm,
    )
    _intervention(
        programme,
        InterventionKind.PROGRAMMATIC,
        InterventionStatus.ANCHORED,
        "Elk initiatief in het programma heeft een adoptietraject en een paragraaf over digitale "
        "inclusie.",
        pm,
        40,
        pm,
    )

    works_council = CodeterminationBody.objects.for_organisation(organisation).first()
    go, _ = CodeterminationBody.objects.get_or_create(
        organisation=organisation, name="Georganiseerd overleg (GO)"
    )
    _codetermination(
        m365,
        "idea",
        works_council,
        pm,
        answers=[
            "Zoekwerk in mappen en e-mail met bijlagen kosten veel tijd en leveren versiefouten op.",
            "Opgehaald in twee werksessies met medewerkers van de front- en backoffice.",
        ],
        meeting_dates=[ago(500).isoformat()],
        outcome=Outcome.POSITIVE,
    )
    _codetermination(
        m365,
        "development",
        works_council,
        pm,
        answers=["Een werkgroep met twee medewerkers per team schrijft de werkafspraken."],
        legal_basis=LegalBasis.WOR_25_1_K,
        meeting_dates=[ago(420).isoformat(), ago(390).isoformat()],
        advice_requested_on=ago(380),
        advice_given_on=ago(350),
        outcome=Outcome.CONDITIONS,
        outcome_note="Iedere medewerker krijgt tijd voor training binnen werktijd.",
    )
    _codetermination(m365, "implementation", works_council, pm, meeting_dates=[ago(60).isoformat()])
    _codetermination(
        zaak,
        "idea",
        works_council,
        pm,
        meeting_dates=[ago(380).isoformat()],
        outcome=Outcome.POSITIVE,
    )
    _codetermination(
        zaak,
        "development",
        works_council,
        pm,
        legal_basis=LegalBasis.WOR_25_1_K,
        meeting_dates=[ago(100).isoformat()],
        advice_requested_on=ago(45),
    )
    _codetermination(
        sociaal,
        "idea",
        works_council,
        pm,
        outcome=Outcome.POSITIVE,
        meeting_dates=[ago(240).isoformat()],
    )
    _codetermination(
        sociaal,
        "development",
        works_council,
        pm,
        legal_basis=LegalBasis.WOR_27_1_K,
        meeting_dates=[ago(80).isoformat(), ago(40).isoformat()],
        advice_requested_on=ago(70),
        advice_given_on=ago(35),
        outcome=Outcome.NEGATIVE,
        answers=[
            "Teamleiders zijn pas laat betrokken.",
            "Het wekelijkse sturingsoverleg verandert; de maandrapportage vervalt.",
        ],
    )
    _codetermination(
        woo,
        "idea",
        go,
        pm,
        outcome=Outcome.NOT_REQUIRED,
        outcome_note="Geen wijziging van arbeidsomstandigheden of belangrijke technologische voorziening.",
    )

    _benefit(
        m365,
        "Minder e-mail met bijlagen",
        pm,
        "Interne e-mails met een bijlage per medewerker per week",
        "per week",
        "24",
        "8",
        (480, 200),
        [(400, "22"), (300, "18"), (200, "14"), (90, "11"), (20, "10")],
    )
    _benefit(
        m365,
        "Sneller antwoord aan inwoners",
        users["adviseur"],
        "Gemiddelde doorlooptijd van een aanvraag bij Burgerzaken",
        "dagen",
        "6",
        "3",
        (480, 100),
        [(350, "6"), (200, "5.5"), (60, "5.5")],
    )
    _benefit(
        zaak,
        "Kortere doorlooptijd omgevingsvergunning",
        users["adviseur"],
        "Gemiddelde doorlooptijd van een omgevingsvergunning",
        "dagen",
        "56",
        "40",
        (380, 220),
        [(250, "55"), (120, "54"), (30, "53")],
    )
    _benefit(
        woo,
        "Actief openbaar gemaakte documenten",
        pm,
        "Aandeel Woo-documenten dat binnen de termijn actief is gepubliceerd",
        "%",
        "10",
        "80",
        (320, 150),
        [(240, "35"), (150, "52"), (50, "70")],
    )
    _benefit(
        sociaal,
        "Minder tijd voor de maandrapportage",
        pm,
        "Uren per maand voor het samenstellen van de sturingsinformatie",
        "uur",
        "40",
        "8",
        (250, 300),
        [],
    )
    _benefit(
        chat,
        "Inwoners kiezen voor de chat",
        users["adviseur"],
        "Aandeel contacten met het KCC dat via de chat loopt",
        "%",
        "0",
        "25",
        (140, 220),
        [(100, "4"), (40, "9")],
    )
    _decisions(programme, pm, director, sociaal=sociaal, m365=m365, chat=chat)


def _decision(programme, by, days_ago, **fields) -> DecisionRequest:
    """A request prepared `days_ago`, its history dated then too."""
    decision = DecisionRequest(organisation=programme.organisation, programme=programme, **fields)
    decision.prepared_by = by
    decision._history_user = by
    decision._history_date = moment(days_ago)
    decision.save()
    # On the row and on the object, which _decide saves again.
    decision.created_at = moment(days_ago)
    DecisionRequest.objects.filter(pk=decision.pk).update(created_at=decision.created_at)
    return decision


def _decide(decision, by, days_ago, outcome, note) -> None:
    decision.outcome = outcome
    decision.decided_on = ago(days_ago)
    decision.decided_by = by
    decision.outcome_note = note
    decision._history_user = by
    decision._history_date = moment(days_ago)
    decision.save()


def _decisions(programme, pm, director, *, sociaal, m365, chat) -> None:
    """Three requests for the next directors' meeting (one adopted from what the data
    proposed), one taken and one postponed earlier; the red initiative's proposal is
    left for the programme manager. Two benefits are key benefits of the report."""
    Benefit.objects.filter(
        initiative__programme=programme,
        title__in=["Minder e-mail met bijlagen", "Kortere doorlooptijd omgevingsvergunning"],
    ).update(key=True)
    meeting, next_meeting = "Directieoverleg", ago(-5)
    refused = CodeterminationStep.objects.get(initiative=sociaal, phase="development")
    _decision(
        programme,
        pm,
        12,
        title="Vervolg na geweigerde instemming: datagedreven sturing sociaal domein",
        question=(
            "De ondernemingsraad weigerde instemming met de nieuwe opzet van het "
            "sturingsoverleg in het sociaal domein. Besluit hoe het verder gaat."
        ),
        options="\n".join(
            [
                "Het voorgenomen besluit laten vallen",
                "Het besluit aanpassen en opnieuw instemming vragen",
                "De kantonrechter om vervangende toestemming vragen (WOR art. 27 lid 4)",
            ]
        ),
        advice=(
            "Aanpassen en opnieuw instemming vragen: teamleiders schrijven in een werkgroep "
            "mee aan het sturingsoverleg, en krijgen eerst scholing in het werken met data."
        ),
        initiative=sociaal,
        meeting=meeting,
        meeting_on=next_meeting,
        source=f"codetermination:{refused.pk}:refused",
    )
    _decision(
        programme,
        pm,
        9,
        title="Digitale inclusie structureel in de meerjarenbegroting",
        question=(
            "Neemt de directie een structureel budget voor digitale vaardigheden op in de "
            "meerjarenbegroting, zodat scholing niet ieder jaar opnieuw bevochten moet worden?"
        ),
        options="\n".join(
            [
                "Structureel € 150.000 per jaar opnemen",
                "Eenmalig budget voor volgend jaar, daarna evalueren",
                "Geen apart budget: afdelingen betalen scholing uit hun eigen middelen",
            ]
        ),
        advice=(
            "Structureel opnemen. Investeren in digitale inclusie is nodig om de ambities "
            "van de informatievisie waar te maken (interventie 2)."
        ),
        meeting=meeting,
        meeting_on=next_meeting,
    )
    _decision(
        programme,
        pm,
        6,
        title="Streefwaarde 'Sneller antwoord aan inwoners' bijstellen",
        question=(
            "De doorlooptijd bij Burgerzaken daalt trager dan gepland. Stelt de directie de "
            "streefwaarde bij, of zet zij extra middelen in om het doel te halen?"
        ),
        options="\n".join(
            [
                "Streefwaarde bijstellen van 3 naar 4 dagen",
                "Streefwaarde houden en een extra champion per team inzetten",
            ]
        ),
        advice="Streefwaarde houden; de champions vragen om tijd, niet om geld.",
        initiative=m365,
        benefit=Benefit.objects.get(initiative=m365, title="Sneller antwoord aan inwoners"),
        meeting=meeting,
        meeting_on=next_meeting,
    )
    budget = _decision(
        programme,
        pm,
        90,
        title="Scholingsbudget digitale vaardigheden vrijgeven",
        question="Geeft de directie het scholingsbudget voor digitale vaardigheden vrij?",
        options="Vrijgeven\nNiet vrijgeven",
        advice="Vrijgeven, met een kwartaalrapportage over de besteding.",
        meeting=meeting,
        meeting_on=ago(75),
    )
    _decide(
        budget,
        director,
        75,
        DecisionOutcome.TAKEN,
        "Budget van € 80.000 vrijgegeven; HR rapporteert ieder kwartaal over de besteding.",
    )
    evening = _decision(
        programme,
        pm,
        50,
        title="Chat ook 's avonds bereikbaar",
        question="Is het Klantcontactcentrum via de chat ook op werkdagen tot 20.00 uur bereikbaar?",
        options="Ja, vanaf de start\nNa een evaluatie van de eerste maanden",
        initiative=chat,
        meeting=meeting,
        meeting_on=ago(40),
    )
    _decide(
        evening,
        director,
        40,
        DecisionOutcome.POSTPONED,
        "Eerst de resultaten van de eerste maanden chat afwachten; na de zomer opnieuw agenderen.",
    )


def seed_buurdorp(organisation: Organisation, users: dict[str, User]) -> None:
    pm, director = users["programma-buurdorp"], users["directeur-buurdorp"]
    unit = {u.name: u for u in OrganisationUnit.objects.for_organisation(organisation)}
    vision = services.vision_create(
        organisation=organisation,
        title="Werkgeversvisie en informatievisie Buurdorp",
        by=pm,
        start_from=services.StartFrom.EMPLOYER_VISION,
    )
    services.vision_send_to_consultation(vision=vision)
    services.vision_approve(vision=vision, by=director, note="Vastgesteld door het MT.")
    programme = services.programme_create(
        organisation=organisation,
        name="Samen digitaal Buurdorp",
        aim="Buurdorp werkt digitaal samen met de buurgemeenten, en iedereen kan meedoen.",
        owner=pm,
        start_date=ago(300),
        vision=vision,
    )
    publiek = _initiative(
        programme,
        "Digitale afspraken bij Publiekszaken",
        "Inwoners maken online een afspraak; de balie werkt met een digitale agenda.",
        pm,
        [unit["Publiekszaken"]],
        250,
        [
            ("Afsprakenmodule ingericht.", 4),
            ("Baliewerk opnieuw ingedeeld.", 3),
            ("Baliemedewerkers getraind.", 3),
        ],
        [(250, RAG.GREEN, "")],
    )
    _initiative(
        programme,
        "Samenwerken in Teams met de buurgemeenten",
        "Bedrijfsvoering werkt met de buurgemeenten in gedeelde Teams-omgevingen.",
        pm,
        [unit["Bedrijfsvoering"]],
        120,
        [
            ("Gastentoegang nog niet geregeld.", 2),
            ("Afspraken over bewaren nog niet gemaakt.", 2),
            ("Collega's zijn enthousiast.", 4),
        ],
        [
            (120, RAG.GREEN, ""),
            (15, RAG.AMBER, "Gastentoegang wacht op een besluit over informatieveiligheid."),
        ],
    )
    _intervention(
        programme,
        InterventionKind.PROGRAMMATIC,
        InterventionStatus.IN_PROGRESS,
        "Twee initiatieven in het programma.",
        pm,
        20,
        pm,
    )
    _benefit(
        publiek,
        "Kortere wachttijd aan de balie",
        pm,
        "Gemiddelde wachttijd aan de balie",
        "minuten",
        "25",
        "5",
        (240, 120),
        [(150, "15"), (30, "8")],
    )


@transaction.atomic
def seed_transformation(*, organisations: dict, users: dict, **kwargs) -> None:
    for organisation in organisations.values():
        install_defaults(organisation)
    for slug, seed in (("voorbeeldstad", seed_voorbeeldstad), ("buurdorp", seed_buurdorp)):
        organisation = organisations[slug]
        if Programme.objects.for_organisation(organisation).exists():
            continue
        seed(organisation, users)
