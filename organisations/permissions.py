"""Who may do what. Every view asks this module; nothing else decides.

A permission is granted to a role within one organisation (a membership).
The table below is the whole policy; the role-matrix test checks every URL
against it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from organisations.models import Role

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from organisations.models import Membership


class Perm(StrEnum):
    VIEW_WORKSPACE = "view_workspace"
    # Visie & programma
    EDIT_PROGRAMME = "edit_programme"
    APPROVE_VISION = "approve_vision"
    EDIT_INTERVENTION_EVIDENCE = "edit_intervention_evidence"
    PREPARE_DECISIONS = "prepare_decisions"  # decision requests for the directors
    DECIDE = "decide"  # the directors' outcome of a decision request
    # Adoptie
    EDIT_ADOPTION = "edit_adoption"
    MANAGE_TRAINING = "manage_training"
    CONFIRM_GATE_OVERRIDE = "confirm_gate_override"  # director commitment to going on anyway
    # Inclusie: individual employees' data is personal data (AVG/GDPR).
    VIEW_EMPLOYEES = "view_employees"
    MANAGE_EMPLOYEES = "manage_employees"
    EDIT_SKILLS_ACTIONS = "edit_skills_actions"
    # Rapportages
    REQUEST_MANAGEMENT_REPORT = "request_management_report"
    REQUEST_HR_REPORT = "request_hr_report"
    # What two roles share, named once so that views and templates ask the same thing.
    READ_REPORTS = "read_reports"  # the reports of a kind the role may request
    ASSESS_LESSONS = "assess_lessons"  # the self-assessment of the nine lessons
    EDIT_INTERVENTIONS = "edit_interventions"  # the programme's or only the evidence
    EDIT_TRAINING_REGISTER = "edit_training_register"  # adoption's training sessions
    # Beheer
    MANAGE_ORGANISATION = "manage_organisation"


ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.PROGRAMME_MANAGER: frozenset(
        {
            Perm.VIEW_WORKSPACE,
            Perm.EDIT_PROGRAMME,
            Perm.PREPARE_DECISIONS,
            Perm.EDIT_ADOPTION,
            Perm.REQUEST_MANAGEMENT_REPORT,
            Perm.READ_REPORTS,
            Perm.ASSESS_LESSONS,
            Perm.EDIT_INTERVENTIONS,
            Perm.EDIT_TRAINING_REGISTER,
        }
    ),
    Role.HR_ADVISER: frozenset(
        {
            Perm.VIEW_WORKSPACE,
            Perm.EDIT_INTERVENTION_EVIDENCE,
            Perm.MANAGE_TRAINING,
            Perm.VIEW_EMPLOYEES,
            Perm.MANAGE_EMPLOYEES,
            Perm.EDIT_SKILLS_ACTIONS,
            Perm.REQUEST_HR_REPORT,
            Perm.READ_REPORTS,
            Perm.EDIT_INTERVENTIONS,
            Perm.EDIT_TRAINING_REGISTER,
        }
    ),
    Role.DIRECTOR: frozenset(
        {
            Perm.VIEW_WORKSPACE,
            Perm.APPROVE_VISION,
            Perm.CONFIRM_GATE_OVERRIDE,
            Perm.DECIDE,
            Perm.REQUEST_MANAGEMENT_REPORT,
            Perm.READ_REPORTS,
            Perm.ASSESS_LESSONS,
        }
    ),
    Role.ORGANISATION_ADMIN: frozenset(
        {
            Perm.VIEW_WORKSPACE,
            Perm.VIEW_EMPLOYEES,
            Perm.MANAGE_ORGANISATION,
        }
    ),
}


def can(membership: Membership | None, perm: Perm) -> bool:
    return membership is not None and perm_in_role(membership.role, perm)


def perm_in_role(role: str, perm: Perm) -> bool:
    return perm in ROLE_PERMISSIONS[Role(role)]


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def require(
    *perms: Perm,
    read: Perm | None = None,
    write: Perm | None = None,
    per: Callable[..., Iterable[Perm]] | None = None,
) -> Callable:
    """Decorate a view: a login, a current organisation and one of `perms` in it; or,
    for a view that shows on GET and changes on POST, `read` for the one and `write`
    for the other; or, where the permission depends on what the URL names (a kind of
    report, a register), one of those `per(**url_kwargs)` gives (it raises Http404
    for a kind there is not).

    Anonymous users go to the login page; a user without a current
    organisation chooses one first; a member without the permission gets 403.
    """
    ways = sum((bool(perms), read is not None or write is not None, per is not None))
    if ways != 1 or (read is None) != (write is None):
        raise TypeError("require(*perms), require(read=..., write=...) or require(per=...)")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = request.workspace.membership
            if membership is None:
                # Choose an organisation first; without any, that page says whom to ask.
                return redirect("organisations:switch")
            if per is not None:
                wanted = tuple(per(**kwargs))
            else:
                wanted = perms or ((read,) if request.method in SAFE_METHODS else (write,))
            if not any(can(membership, perm) for perm in wanted):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def admin_organisation_ids(request: HttpRequest) -> list[int]:
    """Organisations whose admin this user is: what the Django admin shows them.

    Read from the workspace's memberships, which are loaded once per request.
    """
    if not request.user.is_active:
        return []
    return [
        m.organisation_id for m in request.workspace.memberships if can(m, Perm.MANAGE_ORGANISATION)
    ]
