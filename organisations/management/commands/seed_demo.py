import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from organisations.demo import DEMO_USERS, seed_organisations


class Command(BaseCommand):
    help = "Create the demo organisations Voorbeeldstad and Buurdorp with their users. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for demo users created now. Without it, one is generated and printed.",
        )

    def handle(self, *args, password=None, **options):
        generated = password is None
        if generated:
            password = secrets.token_urlsafe(12)
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

        created = seed_organisations(password=password)

        if not created:
            self.stdout.write("The demo data is already there; nothing was changed.")
            return
        self.stdout.write(self.style.SUCCESS(f"Demo users created: {', '.join(created)}"))
        if generated:
            self.stdout.write(f"Their password: {password}")
        for demo in DEMO_USERS:
            roles = ", ".join(f"{role.label} ({slug})" for slug, role in demo.roles)
            self.stdout.write(f"  {demo.username:<20} {roles}")
