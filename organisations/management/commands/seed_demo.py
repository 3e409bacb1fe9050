import math
import secrets
import time

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from organisations.demo import DEMO_USERS, seed_organisations
from organisations.large import LARGE_SCALE, PEOPLE, row_counts, scale_text, seed_large

# From an organisation of a few dozen employees to one of a million, as far as a generator
# in one transaction should go.
MIN_SCALE, MAX_SCALE = 0.001, 1_000


def parse_scale(value) -> float:
    """--scale as a number above 0; anything else is refused before anything is created."""
    try:
        scale = float(value)
    except (TypeError, ValueError):
        raise CommandError(
            f"--scale must be a number, such as 20 or 0.05; not {value!r}."
        ) from None
    if not math.isfinite(scale) or scale <= 0:
        raise CommandError(f"--scale must be above 0; not {value!r}.")
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise CommandError(f"--scale must be from {MIN_SCALE} to {MAX_SCALE}; not {value!r}.")
    return scale


class Command(BaseCommand):
    help = (
        "Create the demo organisations Voorbeeldstad and Buurdorp with their users. "
        "With --scale N (other than 1) also a large organisation of about N x 1,000 "
        "employees. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for demo users created now. Without it, one is generated and printed.",
        )
        parser.add_argument(
            "--scale",
            default="1",
            metavar="N",
            help=(
                "1 (the default): the demo only. Any other N above 0 also generates the large "
                "organisation grootstad-N with about N x 1,000 employees, N x 10,000 skills "
                f"actions and N x 15 initiatives over three years; {LARGE_SCALE} is the large "
                "size, 0.02 a small one for tests."
            ),
        )

    def handle(self, *args, password=None, scale="1", **options):
        scale = parse_scale(scale)
        generated = password is None
        if generated:
            password = secrets.token_urlsafe(12)
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

        created = seed_organisations(password=password)
        self._demo_done(created, password if generated else None)
        if scale != 1:
            self._large(scale, password, generated)

    def _demo_done(self, created: list[str], generated_password: str | None) -> None:
        if not created:
            self.stdout.write("The demo data is already there; nothing was changed.")
            return
        self.stdout.write(self.style.SUCCESS(f"Demo users created: {', '.join(created)}"))
        if generated_password is not None:
            self.stdout.write(f"Their password: {generated_password}")
        for demo in DEMO_USERS:
            roles = ", ".join(f"{role.label} ({slug})" for slug, role in demo.roles)
            self.stdout.write(f"  {demo.username:<20} {roles}")

    def _large(self, scale: float, password: str, generated: bool) -> None:
        self.stdout.write(f"Generating the large organisation at scale {scale_text(scale)} …")
        started = time.perf_counter()
        large = seed_large(scale=scale, password=password, log=self.stdout.write)
        if large is None:
            self.stdout.write("The large organisation is already there; nothing was changed.")
            return
        organisation = large.organisation
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{organisation.slug}: {organisation.name}, generated in {seconds:.0f} s:"
            )
        )
        for label, number in row_counts(organisation).items():
            self.stdout.write(f"  {label:<26} {number:>10,}")
        usernames = ", ".join(f"{organisation.slug}-{key}" for key, *_rest in PEOPLE)
        self.stdout.write(f"Its users: {usernames}")
        if generated:
            self.stdout.write(f"Their password: {password}")
