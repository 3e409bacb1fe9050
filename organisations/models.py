"""Tenancy and roles: who belongs to which organisation, in which role.

Every model that belongs to an organisation inherits `OrganisationOwned` and is
read through `for_organisation()`, so all views scope data the same way.
"""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The login. Roles are not on the user: they belong to a membership."""

    weekly_digest = models.BooleanField(
        _("weekly email of what needs attention"),
        default=True,
        help_text=_(
            "On Monday morning: how many things need your attention, with a link. "
            "The email names no people."
        ),
    )
    # The Monday of the last week a digest went out: the job sends each week once.
    digest_sent_for = models.DateField(_("digest sent for the week of"), null=True, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


def _luminance(colour: str) -> float:
    """Relative luminance as WCAG 2.1 defines it."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_with_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def validate_theme_colour(value: str) -> None:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value or ""):
        raise ValidationError(
            _("Give the colour as # followed by six hexadecimal digits, for example #1b4f84."),
            code="invalid_colour",
        )
    ratio = contrast_with_white(value)
    if ratio < 4.5:
        raise ValidationError(
            _(
                "White text on %(colour)s has a contrast of %(ratio)s to 1; it needs at "
                "least %(needed)s to 1. Choose a darker colour."
            ),
            code="low_contrast",
            params={
                "colour": value,
                "ratio": number_format(ratio, 1),
                "needed": number_format(4.5, 1),
            },
        )


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name"),
        max_length=60,
        unique=True,
        help_text=_("Used in addresses and commands, for example voorbeeldstad."),
    )
    colour = models.CharField(
        _("theme colour"),
        max_length=7,
        default="#1b4f84",
        validators=[validate_theme_colour],
        help_text=_(
            "The organisation's own colour as #rrggbb, used in the reports for headings "
            "and bars. White text must be readable on it (contrast of at least 4.5 to 1)."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class OrganisationScopedQuerySet(models.QuerySet):
    def for_organisation(self, organisation: Organisation) -> OrganisationScopedQuerySet:
        """The one way to read an organisation's data: nothing crosses organisations."""
        return self.filter(organisation=organisation)


class OrganisationOwned(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, verbose_name=_("organisation")
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class Role(models.TextChoices):
    PROGRAMME_MANAGER = "programme_manager", _("programme manager")
    HR_ADVISER = "hr_adviser", _("HR adviser")
    DIRECTOR = "director", _("director")
    ORGANISATION_ADMIN = "organisation_admin", _("organisation admin")


class Membership(OrganisationOwned):
    """A user's role in one organisation. A user may hold memberships in several."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_role_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="membership_role_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class UnitKind(models.IntegerChoices):
    # The numbers give the depth: a unit's children are of a deeper kind.
    DIRECTORATE = 1, _("directorate")
    DEPARTMENT = 2, _("department")
    TEAM = 3, _("team")


class OrganisationUnitQuerySet(OrganisationScopedQuerySet):
    def as_tree(self) -> list[tuple[OrganisationUnit, int]]:
        """All units in one query, in tree order, each with its depth."""
        units = list(self.order_by("name"))
        children: dict[int | None, list[OrganisationUnit]] = {}
        for unit in units:
            children.setdefault(unit.parent_id, []).append(unit)
        ordered: list[tuple[OrganisationUnit, int]] = []

        def walk(parent_id: int | None, depth: int) -> None:
            for unit in children.get(parent_id, []):
                ordered.append((unit, depth))
                walk(unit.pk, depth + 1)

        walk(None, 0)
        return ordered

    def choices_with_parent(self) -> list[tuple[int, str]]:
        """(pk, label) in tree order, each unit with the one it is part of:
        "Team Wmo · Sociaal Domein"."""
        tree = self.as_tree()
        names = {unit.pk: unit.name for unit, _depth in tree}
        return [
            (unit.pk, f"{unit.name} · {names[unit.parent_id]}" if unit.parent_id else unit.name)
            for unit, _depth in tree
        ]


class OrganisationUnit(OrganisationOwned):
    """A directorate, department or team (directie → afdeling → team)."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.PositiveSmallIntegerField(_("kind"), choices=UnitKind.choices)

    objects = OrganisationUnitQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="unit_name_unique_within_parent"
            ),
            # NULLs are distinct in a unique index, so top-level names need their own.
            models.UniqueConstraint(
                fields=["organisation", "name"],
                condition=Q(parent__isnull=True),
                name="unit_top_level_name_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=UnitKind.values), name="unit_kind_is_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        parent = self.parent
        if parent.organisation_id != self.organisation_id:
            raise ValidationError(
                {"parent": _("A unit can only be part of a unit of the same organisation.")}
            )
        if self.kind is not None and parent.kind >= self.kind:
            raise ValidationError(
                {
                    "parent": _("A %(kind)s cannot be part of a %(parent_kind)s.")
                    % {"kind": self.get_kind_display(), "parent_kind": parent.get_kind_display()}
                }
            )
        ancestor = parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A unit cannot be part of itself.")})
            ancestor = ancestor.parent
