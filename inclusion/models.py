"""Inclusie: the organisation's own employees and their digital development.

Employee records are personal data (AVG/GDPR): only HR advisers and organisation
admins see individuals, every view and change is logged, and everyone else sees
aggregates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import OrganisationOwned, OrganisationScopedQuerySet, OrganisationUnit

User = settings.AUTH_USER_MODEL


class Job(OrganisationOwned):
    """A job (functie) as the HR system names it."""

    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="job_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class EmployeeQuerySet(OrganisationScopedQuerySet):
    def active(self) -> EmployeeQuerySet:
        return self.filter(active=True)


class Employee(OrganisationOwned):
    personnel_number = models.CharField(_("personnel number"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    unit = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("organisational unit"),
    )
    job = models.ForeignKey(
        Job,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("job"),
    )
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("manager"),
    )
    active = models.BooleanField(_("employed"), default=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "personnel_number"], name="employee_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.personnel_number})"


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    IMPORT = "import", _("imported")
    EXPORT = "export", _("exported")


class AccessLogEntry(OrganisationOwned):
    """Who saw or changed whose personal data, and when. Never edited, never deleted
    through the application."""

    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("user")
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name=_("employee"),
    )
    # Kept apart from the link, so the entry still says whom it was about.
    personnel_number = models.CharField(_("personnel number"), max_length=30, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.personnel_number}"


def log_access(*, user, organisation, action: str, employee=None, detail: str = "") -> None:
    AccessLogEntry.objects.create(
        organisation=organisation,
        user=user,
        employee=employee,
        personnel_number=employee.personnel_number if employee is not None else "",
        action=action,
        detail=detail[:300],
    )
