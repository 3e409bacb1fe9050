"""Demo data for Adoptie: Voorbeeldstad's initiatives in every phase, one that
went on to training past the gate, and the registers of each phase.

Runs after the transformation demo; an organisation whose initiatives already
have adoption tracks is left alone.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from adoption import services
from adoption.defaults import install_checklist
from adoption.models import (
    AdoptionTrack,
    AwarenessActivity,
    BusinessScenario,
    Champion,
    ChecklistItem,
    ChecklistTick,
    InspirationSession,
    PhaseMove,
    PhaseStatus,
    Priority,
    ScenarioStatus,
    Stakeholder,
    TrainingSession,
    UsageMeasurement,
)
from organisations.models import OrganisationUnit
from transformation.models import Initiative


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _track(initiative, target, phase_states, by):
    """phase_states: [(status, start days ago, end days ago or None)] for phases 1..4."""
    track = services.track_start(initiative=initiative, target_group_size=target)
    items = list(ChecklistItem.objects.for_organisation(initiative.organisation))
    for number, (status, start, end) in enumerate(phase_states, start=1):
        phase = track.phase(number)
        phase.status = status
        phase.start_date = ago(start) if start is not None else None
        phase.end_date = ago(end) if end is not None else None
        phase.save()
        ticked = [i for i in items if i.phase == number]
        if status == PhaseStatus.ACTIVE:
            ticked = ticked[: len(ticked) // 2]
        elif status != PhaseStatus.DONE:
            ticked = []
        for item in ticked:
            ChecklistTick.objects.create(track=track, item=item, ticked_by=by)
    current = max(
        n for n, (status, *_rest) in enumerate(phase_states, start=1) if status != "not_started"
    )
    for to_phase in range(2, current + 1):
        PhaseMove.objects.create(
            track=track,
            from_phase=to_phase - 1,
            to_phase=to_phase,
            moved_by=by,
            moved_at=timezone.now() - datetime.timedelta(days=phase_states[to_phase - 1][1] or 0),
        )
    track.current_phase = current
    track.save(update_fields=["current_phase"])
    return track


def _add(model, track, **fields):
    units = fields.pop("units", None)
    row = model.objects.create(organisation_id=track.organisation_id, track=track, **fields)
    if units:
        row.units.set(units)
    return row


def _open_items(track, phases: list[int]) -> list[dict]:
    """The checklist items of `phases` still open, as a move past the gate records them."""
    judged = AdoptionTrack.objects.for_gate().get(pk=track.pk)
    return [
        {"id": item.pk, "phase": item.phase, "text": item.text, "text_en": item.text_en}
        for number in phases
        for item in judged.open_items(judged.checklist, number)
    ]


def seed_voorbeeldstad(organisation, users) -> None:
    pm = users["programma"]
    director = users["directeur"]
    unit = {u.name: u for u in OrganisationUnit.objects.for_organisation(organisation)}
    initiative = {i.title: i for i in Initiative.objects.for_organisation(organisation)}
    done, active, open_ = PhaseStatus.DONE, PhaseStatus.ACTIVE, PhaseStatus.NOT_STARTED

    # Microsoft 365 voor Burgerzaken: the whole way, by the book; now in training.
    m365 = _track(
        initiative["Microsoft 365 voor Burgerzaken"],
        48,
        [(done, 500, 430), (done, 430, 330), (done, 330, 240), (active, 240, None)],
        pm,
    )
    for name, influence, interest, attitude, engagement in [
        (
            "Afdelingshoofd Burgerzaken",
            5,
            5,
            "champion",
            "Opent elke teamsessie; wekelijks overleg.",
        ),
        ("Directeur Dienstverlening", 5, 3, "supporter", "Maandelijks bijpraten in het MT."),
        ("Teamleider Backoffice", 3, 5, "supporter", "Schrijft mee aan de scenario's."),
        ("Ondernemingsraad", 4, 3, "neutral", "Informeren bij elke fase."),
        ("Functioneel beheer", 2, 4, "critic", "Zorgen over beheerlast; samen afspraken maken."),
        ("Medewerkers balie", 2, 5, "neutral", "Inloopspreekuur en champions."),
    ]:
        _add(
            Stakeholder,
            m365,
            name=name,
            influence=influence,
            interest=interest,
            attitude=attitude,
            engagement=engagement,
        )
    _add(
        Champion,
        m365,
        name="Sanne de Wit",
        unit=unit["Team Publiekszaken"],
        facilitator="Aisha El Amrani",
        trained=True,
    )
    champion = _add(
        Champion,
        m365,
        name="Youssef Amrani",
        unit=unit["Team Backoffice"],
        facilitator="Aisha El Amrani",
        trained=True,
    )
    _add(
        InspirationSession,
        m365,
        held_on=ago(470),
        attendance=9,
        notes="Wat Teams en SharePoint voor Burgerzaken kunnen betekenen.",
    )
    _add(
        BusinessScenario,
        m365,
        title="Samenwerken in Teams in plaats van e-mail met bijlagen",
        problem="Documenten gaan als bijlage heen en weer; niemand weet welke versie de laatste is.",
        desired_way="We werken samen in één document in het teamkanaal en verwijzen met een link.",
        applications="Teams voor overleg en chat, SharePoint voor documenten, Outlook alleen voor extern contact.",
        document_structure="Eén teamsite per team, mappen per zaaktype; archiefwaardige stukken naar het zaaksysteem.",
        rules="Teams alleen voor het eigen team; gasten alleen via de functioneel beheerder.",
        priority=Priority.HIGH,
        priority_reason="Grootste ergernis van de medewerkers en oorzaak van fouten.",
        status=ScenarioStatus.IN_USE,
        written_with="Anna de Jong\nIbrahim Visser\nQuinten Bos\nTess Meijer",
        units=[unit["Team Publiekszaken"], unit["Team Backoffice"]],
    )
    _add(
        BusinessScenario,
        m365,
        title="Planning van de balie in een gedeelde agenda",
        problem="Roosters staan in een Excel-bestand op de netwerkschijf.",
        desired_way="Eén gedeelde agenda die iedereen kan zien en bijwerken.",
        applications="Shifts in Teams.",
        priority=Priority.MEDIUM,
        status=ScenarioStatus.AGREED,
        # Employees who work here: the lessons count them (a role or someone who left is
        # said, not counted, and where so few would follow from the count, it is hidden).
        written_with="Fatima Mulder\nNoor Dekker\nGijs Yilmaz",
        units=[unit["Team Publiekszaken"]],
    )
    _add(
        AwarenessActivity,
        m365,
        channel="team_meeting",
        held_on=ago(320),
        reached=30,
        message="Nooit meer zoeken naar de laatste versie.",
        units=[unit["Team Publiekszaken"]],
    )
    _add(
        AwarenessActivity,
        m365,
        channel="video",
        held_on=ago(290),
        reached=44,
        message="Zo werkt je eigen werkdag straks, in twee minuten.",
        units=[unit["Burgerzaken"]],
    )
    _add(
        AwarenessActivity,
        m365,
        channel="walk_in",
        held_on=ago(260),
        reached=12,
        message="Kom met je eigen vragen langs.",
    )
    _add(
        TrainingSession,
        m365,
        title="Samenwerken in Teams",
        channel="classroom",
        held_on=ago(220),
        trainer="Leverancier",
        capacity=16,
        attendance=15,
    )
    _add(
        TrainingSession,
        m365,
        title="Bestanden in SharePoint",
        channel="champion",
        held_on=ago(180),
        champion=champion,
        capacity=12,
        attendance=11,
    )
    _add(
        TrainingSession,
        m365,
        title="E-learning Teams-basis",
        channel="e_learning",
        held_on=ago(150),
        trainer="Leerplatform",
        attendance=14,
    )
    for days, users_active in [
        (230, 6),
        (200, 15),
        (170, 24),
        (120, 31),
        (80, 36),
        (40, 39),
        (10, 41),
    ]:
        _add(UsageMeasurement, m365, measured_on=ago(days), active_users=users_active)

    # Zaakgericht werken: phase 2, the scenarios are being written.
    zaak = _track(
        initiative["Zaakgericht werken bij Vergunningen"],
        35,
        [(done, 380, 200), (active, 200, None), (open_, None, None), (open_, None, None)],
        pm,
    )
    _add(
        Stakeholder,
        zaak,
        name="Teamleider VTH",
        influence=4,
        interest=5,
        attitude="supporter",
        engagement="Tweewekelijks overleg.",
    )
    _add(
        Stakeholder,
        zaak,
        name="Senior vergunningverlener",
        influence=3,
        interest=4,
        attitude="opponent",
        engagement="Persoonlijk gesprek over de werkvoorraad.",
    )
    _add(
        Champion,
        zaak,
        name="Kees Verhoeven",
        unit=unit["Vergunningen, Toezicht en Handhaving"],
        facilitator="Aisha El Amrani",
    )
    _add(
        BusinessScenario,
        zaak,
        title="Een aanvraag als zaak van binnenkomst tot besluit",
        problem="Een aanvraag zit verspreid over e-mail, mappen en het oude systeem.",
        desired_way="Alles over een aanvraag staat in één zaak, zichtbaar voor het hele team.",
        applications="Zaaksysteem voor dossiers, Teams voor overleg over een zaak.",
        status=ScenarioStatus.DRAFT,
        written_with="Jeroen Bakker\nSanne Jansen",
        units=[unit["Vergunningen, Toezicht en Handhaving"]],
    )

    # Woo-publicaties: awareness.
    woo = _track(
        initiative["Woo-publicaties op orde"],
        120,
        [(done, 300, 240), (done, 240, 150), (active, 150, None), (open_, None, None)],
        pm,
    )
    _add(Champion, woo, name="Fatima Bouzid", unit=unit["Team Informatiebeheer"], trained=True)
    _add(
        AwarenessActivity,
        woo,
        channel="intranet",
        held_on=ago(140),
        reached=80,
        message="Actief openbaar maken voorkomt Woo-verzoeken en zoekwerk.",
    )
    _add(
        AwarenessActivity,
        woo,
        channel="newsletter",
        held_on=ago(90),
        reached=110,
        message="Wat de Wet open overheid van jouw werk vraagt.",
    )

    # Mobiel werken in de wijk: to training past the gate, recorded with a reason.
    wijk = _track(
        initiative["Mobiel werken in de wijk"],
        22,
        [(active, 80, None), (active, 60, None), (open_, None, None), (open_, None, None)],
        pm,
    )
    _add(
        Stakeholder,
        wijk,
        name="Teamleider Wijkbeheer",
        influence=4,
        interest=4,
        attitude="supporter",
    )
    # The first override was confirmed by the director; the second still waits for her.
    PhaseMove.objects.create(
        track=wijk,
        from_phase=2,
        to_phase=3,
        moved_by=pm,
        moved_at=timezone.now() - datetime.timedelta(days=25),
        open_phases=[2],
        open_items=_open_items(wijk, [2]),
        override_reason="De tablets worden in maart geleverd; de wijkteams moeten vooraf weten wat er komt.",
        confirmed_by=director,
        confirmed_at=timezone.now() - datetime.timedelta(days=23),
    )
    PhaseMove.objects.create(
        track=wijk,
        from_phase=3,
        to_phase=4,
        moved_by=pm,
        moved_at=timezone.now() - datetime.timedelta(days=12),
        open_phases=[1, 2, 3],
        open_items=_open_items(wijk, [1, 2, 3]),
        override_reason="De leverancier geeft de tabletcursus alleen deze maand; de scenario's volgen daarna.",
    )
    for number, status in [(3, active), (4, active)]:
        phase = wijk.phase(number)
        phase.status = status
        phase.start_date = ago(25 if number == 3 else 12)
        phase.save()
    wijk.current_phase = 4
    wijk.save(update_fields=["current_phase"])
    _add(
        TrainingSession,
        wijk,
        title="Werken met de meldingen-app",
        channel="classroom",
        held_on=ago(8),
        trainer="Leverancier",
        capacity=12,
        attendance=10,
    )

    # Digitaal klantcontact via chat: just started, phase 1.
    _track(
        initiative["Digitaal klantcontact via chat"],
        18,
        [(active, 30, None), (open_, None, None), (open_, None, None), (open_, None, None)],
        pm,
    )


def seed_buurdorp(organisation, users) -> None:
    pm = users["programma-buurdorp"]
    initiative = Initiative.objects.for_organisation(organisation).get(
        title="Samenwerken in Teams met de buurgemeenten"
    )
    track = _track(
        initiative,
        25,
        [
            (PhaseStatus.DONE, 110, 60),
            (PhaseStatus.ACTIVE, 60, None),
            (PhaseStatus.NOT_STARTED, None, None),
            (PhaseStatus.NOT_STARTED, None, None),
        ],
        pm,
    )
    _add(
        Stakeholder, track, name="Gemeentesecretaris", influence=5, interest=3, attitude="supporter"
    )


@transaction.atomic
def seed_adoption(*, organisations: dict, users: dict, **kwargs) -> None:
    for organisation in organisations.values():
        install_checklist(organisation)
    for slug, seed in (("voorbeeldstad", seed_voorbeeldstad), ("buurdorp", seed_buurdorp)):
        organisation = organisations[slug]
        if AdoptionTrack.objects.for_organisation(organisation).exists():
            continue
        seed(organisation, users)
