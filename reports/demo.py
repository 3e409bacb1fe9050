"""Demo data for Rapportages: each municipality's own colour, monthly schedules,
and last month's reports of Voorbeeldstad, made with the same code as any other,
so that a new report has something to compare with. Idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from organisations.models import Organisation
from reports import services
from reports.models import ReportKind, ReportRequest, ReportSchedule
from transformation.models import Programme

COLOURS = {"voorbeeldstad": "#00566b", "buurdorp": "#6b2c5f"}
DEFAULT_COLOUR = Organisation._meta.get_field("colour").default


def seed_reports(*, organisations: dict, users: dict, **kwargs) -> None:
    for slug, colour in COLOURS.items():
        organisation = organisations[slug]
        if organisation.colour == DEFAULT_COLOUR:
            organisation.colour = colour
            organisation.save(update_fields=["colour"])

    voorbeeldstad = organisations["voorbeeldstad"]
    programme = (
        Programme.objects.for_organisation(voorbeeldstad)
        .filter(name="Digitaal werken 2027")
        .first()
    )
    if programme is None:
        return
    ReportSchedule.objects.get_or_create(
        organisation=voorbeeldstad,
        kind=ReportKind.MANAGEMENT,
        defaults={
            "programme": programme,
            "day_of_month": 1,
            "recipients": users["directeur"].email,
            "created_by": users["beheer"],
        },
    )
    ReportSchedule.objects.get_or_create(
        organisation=voorbeeldstad,
        kind=ReportKind.HR,
        defaults={
            "day_of_month": 1,
            "recipients": users["hr"].email,
            "created_by": users["beheer"],
        },
    )

    if ReportRequest.objects.for_organisation(voorbeeldstad).exists():
        return
    start, end = ReportSchedule.period_for(timezone.localdate())
    for kind, requester, period_start in (
        (ReportKind.MANAGEMENT, users["directeur"], start - datetime.timedelta(days=61)),
        (ReportKind.HR, users["hr"], start),
    ):
        services.report_make_now(
            worker="seed_demo",
            organisation=voorbeeldstad,
            kind=kind,
            programme=programme if kind == ReportKind.MANAGEMENT else None,
            period_start=period_start,
            period_end=end,
            requested_by=requester,
            language="nl",
        )
