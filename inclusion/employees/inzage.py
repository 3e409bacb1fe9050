"""Inzage (AVG art. 15): everything Mensenwerk holds about one employee, in one
JSON-ready dict. The JSON download gives it as it is; the inzage PDF, made by the
worker, prints it. Eight queries, however much there is.

Keys are English and stable; choices come as their code and their label in the
language of the moment, dates as ISO text, so that the file is readable by a person
and by another system alike.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from inclusion.models import AccessLogEntry, Assessment, Competence, Employee

VERSION = 1


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _choice(record, field: str) -> dict:
    return {"code": getattr(record, field), "label": str(getattr(record, f"get_{field}_display")())}


def everything_about(employee: Employee) -> dict:
    employee = Employee.objects.select_related("organisation", "unit", "job", "manager").get(
        pk=employee.pk
    )
    assessments = (
        Assessment.objects.filter(employee=employee)
        .select_related("competence")
        .order_by("competence__code", "-assessed_on", "-pk")
    )
    actions = employee.skills_actions.select_related(
        "unit", "training_session", "initiative"
    ).prefetch_related(Prefetch("competences", Competence.objects.order_by("code")))
    pops = employee.pop_conversations.order_by("-year")
    trajectories = employee.trajectories.select_related("from_job", "destination_job").order_by(
        "-started_on", "-pk"
    )
    log = AccessLogEntry.objects.filter(employee=employee).order_by("-at", "-pk")
    return {
        "version": VERSION,
        "made_at": timezone.now().isoformat(),
        "organisation": employee.organisation.name,
        "employee": {
            "id": employee.pk,
            "personnel_number": employee.personnel_number,
            "name": employee.name,
            "email": employee.email,
            "unit": str(employee.unit) if employee.unit else None,
            "job": employee.job.name if employee.job else None,
            "manager": employee.manager.name if employee.manager else None,
            "employed": employee.active,
            "left_on": _iso(employee.left_on),
            "registered_at": _iso(employee.created_at),
            "anonymised_at": _iso(employee.anonymised_at),
        },
        "assessments": [
            {
                "competence": assessment.competence.code,
                "competence_name": assessment.competence.name,
                "level": assessment.level,
                "assessed_on": _iso(assessment.assessed_on),
                "source": _choice(assessment, "source"),
            }
            for assessment in assessments
        ],
        "skills_actions": [
            {
                "kind": _choice(action, "kind"),
                "held_on": _iso(action.held_on),
                "status": _choice(action, "status"),
                "hours": str(action.hours) if action.hours is not None else None,
                "unit": str(action.unit) if action.unit else None,
                "training_session": action.training_session.title
                if action.training_session
                else None,
                "initiative": action.initiative.title if action.initiative else None,
                "competences": [competence.code for competence in action.competences.all()],
                "notes": action.notes,
            }
            for action in actions.order_by("-held_on", "-pk")
        ],
        "pop_conversations": [
            {
                "year": pop.year,
                "held_on": _iso(pop.held_on),
                "digital_skills": pop.digital_skills,
                "digital_resilience": pop.digital_resilience,
                "agreements": pop.agreements,
            }
            for pop in pops
        ],
        "mobility_trajectories": [
            {
                "from_job": trajectory.from_job.name if trajectory.from_job else None,
                "destination": _choice(trajectory, "destination"),
                "destination_job": trajectory.destination_job.name
                if trajectory.destination_job
                else None,
                "status": _choice(trajectory, "status"),
                "started_on": _iso(trajectory.started_on),
                "ended_on": _iso(trajectory.ended_on),
                "outcome": trajectory.outcome,
            }
            for trajectory in trajectories
        ],
        "access_log": [
            {
                "at": _iso(entry.at),
                "who": entry.who,
                "action": _choice(entry, "action"),
                "detail": entry.detail,
            }
            for entry in log
        ],
    }
