"""Inclusie's home page: the way into its four parts, and how many employees it holds."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from inclusion.figures import SmallGroups
from inclusion.models import Employee
from organisations.permissions import Perm, require


@require(Perm.VIEW_WORKSPACE)
def overview(request: HttpRequest) -> HttpResponse:
    active = Employee.objects.for_organisation(request.workspace.organisation).filter(active=True)
    groups = SmallGroups.for_reader(request)
    return render(
        request,
        "inclusion/overview.html",
        {
            # The organisation is a group like any other: under the threshold, its size
            # is not shown to those who may not see employees.
            "working": groups.group(active.count()),
            "threshold": groups.threshold,
            "can_see_employees": request.workspace.can(Perm.VIEW_EMPLOYEES),
        },
    )
