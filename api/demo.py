"""Demo data for the API: the programme manager of Voorbeeldstad has a token for the
programme office's own dashboard, so that the token page shows one in use. Its secret
is thrown away at once (a token is shown once, to whoever makes it): make your own on
/api/tokens/ to try the API. Idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from api.models import PersonalAccessToken

NAME = "Dashboard programmabureau"


def seed_api(*, organisations: dict, users: dict, **kwargs) -> None:
    user = users.get("programma")
    organisation = organisations.get("voorbeeldstad")
    if user is None or organisation is None:
        return
    if PersonalAccessToken.objects.filter(user=user, organisation=organisation, name=NAME).exists():
        return
    token, _secret = PersonalAccessToken.issue(
        user=user,
        organisation=organisation,
        name=NAME,
        expires_at=timezone.now() + datetime.timedelta(days=180),
    )
    # As a program that read the figures this morning would leave it.
    PersonalAccessToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(hours=3)
    )
