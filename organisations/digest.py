"""The weekly email of what needs attention: per organisation, how many things of
each kind, and a link to the dashboard. It names no people and no initiatives, so
that a forwarded or misdirected mail tells nothing; the list itself stays in
Mensenwerk, behind the login."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from organisations import attention
from organisations.models import Membership, User


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the week `day` is in: a digest is sent once per such week."""
    return day - datetime.timedelta(days=day.weekday())


def digest_recipients() -> QuerySet[User]:
    """Active users with an email address and a role somewhere, who want the digest."""
    return (
        User.objects.filter(is_active=True, weekly_digest=True, memberships__isnull=False)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def digest_send(*, user_id: int, today: datetime.date | None = None) -> bool:
    """Send this week's digest to one user, at most once a week, and only when
    something needs attention. Returns whether a mail went out."""
    today = today or timezone.localdate()
    week = week_of(today)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id).first()
        if (
            user is None
            or not user.is_active
            or not user.weekly_digest
            or not user.email
            or user.digest_sent_for == week
        ):
            return False
        memberships = Membership.objects.filter(user=user).select_related("organisation")
        with translation.override(settings.LANGUAGE_CODE):
            sections = [
                (membership, attention.summaries(attention.items_for(membership, today)))
                for membership in memberships
            ]
            sections = [(m, summaries) for m, summaries in sections if summaries]
            user.digest_sent_for = week
            user.save(update_fields=["digest_sent_for"])
            if not sections:
                return False
            total = sum(s.items for _m, summaries in sections for s in summaries)
            subject = ngettext(
                "Mensenwerk: %(count)s thing needs your attention",
                "Mensenwerk: %(count)s things need your attention",
                total,
            ) % {"count": total}
            base = settings.MENSENWERK_BASE_URL.rstrip("/")
            body = render_to_string(
                "organisations/email/digest.txt",
                {
                    "user": user,
                    "sections": sections,
                    "url": base + reverse("organisations:dashboard") + "#attention",
                    "profile_url": base + reverse("organisations:profile"),
                    "week": week,
                },
            )
        send_mail(subject, body, None, [user.email])
    return True
