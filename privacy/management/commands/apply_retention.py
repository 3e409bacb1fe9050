"""Apply the retention periods now, in this process, as the nightly job does.

    python manage.py apply_retention [--dry-run] [--organisation voorbeeldstad]

Without --organisation every organisation's policy is applied. --dry-run removes
nothing and prints what would go; both are recorded as runs, which the organisation
admin sees on the retention page.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from organisations.models import Organisation
from privacy.retention import retention_apply


class Command(BaseCommand):
    help = "Apply each organisation's retention periods (or, with --dry-run, show what would go)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Remove nothing; print what would go."
        )
        parser.add_argument("--organisation", help="Only this organisation (its short name).")

    def handle(self, *args, **options):
        organisations = Organisation.objects.order_by("slug")
        if options["organisation"]:
            organisations = organisations.filter(slug=options["organisation"])
            if not organisations.exists():
                raise CommandError(
                    f"No organisation with the short name {options['organisation']}."
                )
        dry_run = options["dry_run"]
        today = timezone.localdate()
        failed = []
        for organisation in organisations:
            run = retention_apply(organisation=organisation, today=today, dry_run=dry_run)
            heading = "would go (dry run)" if dry_run else "went"
            self.stdout.write(
                f"{organisation.name} ({organisation.slug}), {today:%Y-%m-%d}: {heading}"
            )
            # The operator's output is English throughout, like its own words.
            with translation.override("en"):
                for kind, count, kind_failed in run.rows():
                    shown = "FAILED, nothing removed" if kind_failed else count
                    self.stdout.write(f"  {kind.label}: {shown}")
            if run.failed:
                failed.append(organisation.slug)
        if failed:
            raise CommandError(
                f"Retention failed for some kinds in: {', '.join(failed)}. The log says why."
            )
