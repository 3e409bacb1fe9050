"""The organisation admin's retention page: the periods, what would go tonight, the
installation's own limits, "apply now" after a confirmation, and what went.

Counts only, never names: the page is about how many records of each kind go, so it
shows no personal data and writes no access-log entry.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from organisations.jobs import enqueue
from organisations.permissions import Perm, require
from privacy import tasks
from privacy.forms import RetentionPolicyForm
from privacy.models import RetentionKind, RetentionPolicy, RetentionRun, policy_for
from privacy.retention import retention_due

# The runs the page lists: enough to see the last weeks' nights.
LATEST_RUNS = 14


def _due(organisation, policy: RetentionPolicy) -> list[tuple[RetentionKind, str, int]]:
    """Per kind: its period and how many records would go tonight."""
    counts = retention_due(organisation, today=timezone.localdate(), policy=policy)
    return [(kind, policy.period_text(kind), counts[kind]) for kind in RetentionKind]


def _installation() -> dict:
    """What the installation sets for every organisation alike (docs/retention.md)."""
    return {
        "login_records_days": settings.LOGIN_RECORDS_RETENTION_DAYS,
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
        "session_minutes": settings.SESSION_COOKIE_AGE % 3600 // 60,
        "session_ends_with_browser": settings.SESSION_EXPIRE_AT_BROWSER_CLOSE,
    }


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def retention(request: HttpRequest) -> HttpResponse:
    organisation = request.workspace.organisation
    policy = policy_for(organisation)
    form = RetentionPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST":
        if form.is_valid():
            # The row is made on the first save; two admins saving it at once share it.
            RetentionPolicy.objects.update_or_create(
                organisation=organisation,
                defaults={**form.cleaned_data, "updated_by": request.user},
            )
            messages.success(
                request, _("The retention periods are saved. They apply from tonight.")
            )
            return redirect("privacy:retention")
        # The form holds what was typed; the table shows the periods that hold.
        policy = policy_for(organisation)
    runs = RetentionRun.objects.for_organisation(organisation)[:LATEST_RUNS]
    return render(
        request,
        "privacy/retention.html",
        {
            "form": form,
            "policy": policy,
            "due": _due(organisation, policy),
            "installation": _installation(),
            "runs": runs,
            "kinds": list(RetentionKind),
        },
    )


@require(Perm.MANAGE_ORGANISATION)
@require_http_methods(["GET", "POST"])
def apply_now(request: HttpRequest) -> HttpResponse:
    """GET: what would go, and a button to confirm; POST: start the run."""
    organisation = request.workspace.organisation
    if request.method == "POST":
        if not enqueue(
            tasks.apply_retention,
            organisation.pk,
            request.user.pk,
            failing=f"Retention for organisation {organisation.pk} not started",
        ):
            messages.error(
                request,
                _(
                    "The job could not be started just now. Nothing was removed; tonight's "
                    "run applies the periods."
                ),
            )
        else:
            messages.success(
                request,
                _(
                    "The retention periods are being applied. Under “What went” you see what "
                    "was removed once it has finished."
                ),
            )
        return redirect("privacy:retention")
    policy = policy_for(organisation)
    return render(request, "privacy/apply.html", {"due": _due(organisation, policy)})
