"""Inclusie's home page: the way into its four parts, and how many employees it holds."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from inclusion.models import Employee
from organisations.permissions import Perm, require


@require(Perm.VIEW_WORKSPACE)
def overview(request: HttpRequest) -> HttpResponse:
    counts = Employee.objects.for_organisation(request.workspace.organisation).aggregate(
        active=Count("pk", filter=Q(active=True)), total=Count("pk")
    )
    return render(
        request,
        "inclusion/overview.html",
        {"counts": counts, "can_see_employees": request.workspace.can(Perm.VIEW_EMPLOYEES)},
    )
