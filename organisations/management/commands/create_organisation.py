"""Create an organisation and its first organisation admin, for a new installation.

    python manage.py create_organisation --name "Gemeente Voorbeeldstad" \
        --slug voorbeeldstad --admin beheer --email beheer@voorbeeldstad.nl

The admin gets no password here: the command prints a link (valid for
PASSWORD_RESET_TIMEOUT) where they choose one themselves, so no password passes
through a terminal, a shell history or a ticket.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from organisations.models import Membership, Organisation, Role, User


class Command(BaseCommand):
    help = "Create an organisation and its first admin; prints where they choose a password."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help='For example "Gemeente Voorbeeldstad".')
        parser.add_argument("--slug", required=True, help="Short name for addresses and commands.")
        parser.add_argument("--admin", required=True, help="Username of the organisation admin.")
        parser.add_argument("--email", required=True, help="Email address of the admin.")

    def handle(self, *args, name, slug, admin, email, **options):
        organisation = Organisation(name=name, slug=slug)
        user = User(username=admin, email=email)
        try:
            organisation.full_clean()
            user.set_unusable_password()
            user.full_clean()
        except ValidationError as error:
            problems = error.message_dict.items()
            raise CommandError("; ".join(f"{f}: {' '.join(t)}" for f, t in problems)) from None

        with transaction.atomic():
            organisation.save()  # its themes, checklists and skills framework come with it
            user.save()
            Membership.objects.create(
                organisation=organisation, user=user, role=Role.ORGANISATION_ADMIN
            )

        link = settings.MENSENWERK_BASE_URL.rstrip("/") + reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        self.stdout.write(self.style.SUCCESS(f"{organisation.name} ({organisation.slug}) created."))
        self.stdout.write(f"{user.username} is its organisation admin and sets a password here:")
        self.stdout.write(link)
