from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, ngettext

from inclusion.employees.imports import ImportPlan, Problem, apply_import, plan_import
from organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Import employees from an HR system's CSV export. A file with any problem imports "
        "nothing: every problem is listed by row and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file exported from the HR system.")
        parser.add_argument(
            "--organisation",
            required=True,
            metavar="SLUG",
            help="The organisation's short name, for example voorbeeldstad.",
        )
        parser.add_argument(
            "--complete",
            action="store_true",
            help=(
                "The file is the complete HR export: employees who work here and are not in "
                "it are marked as left."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would change, without importing anything.",
        )

    def handle(
        self, *args, file, organisation, complete=False, dry_run=False, verbosity=1, **options
    ):
        try:
            owner = Organisation.objects.get(slug=organisation)
        except Organisation.DoesNotExist:
            message = gettext("There is no organisation with the short name “%(slug)s”.")
            raise CommandError(message % {"slug": organisation}) from None
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            message = gettext("The file %(file)s could not be opened: %(error)s")
            raise CommandError(message % {"file": file, "error": error.strerror}) from None

        plan = plan_import(data, organisation=owner, complete=complete)
        if not plan.ok:
            for problem in plan.problems:
                self.stderr.write(describe(problem))
            count = len(plan.problems)
            message = ngettext(
                "The file has %(count)s problem. Nothing was imported.",
                "The file has %(count)s problems. Nothing was imported.",
                count,
            )
            raise CommandError(message % {"count": count})

        if dry_run:
            self.stdout.write(gettext("Dry run: nothing was imported. An import would do this:"))
            counts = {
                "created": len(plan.to_create),
                "updated": len(plan.to_update),
                "unchanged": len(plan.unchanged),
                "left": len(plan.to_leave),
            }
        else:
            counts = apply_import(plan, organisation=owner)
        self.write_summary(plan, counts, details=dry_run or verbosity > 1)
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(gettext("The employees were imported.")))

    def write_summary(self, plan: ImportPlan, counts: dict[str, int], details: bool) -> None:
        write = self.stdout.write
        write(gettext("Created: %(created)s") % counts)
        write(gettext("Updated: %(updated)s") % counts)
        write(gettext("Unchanged: %(unchanged)s") % counts)
        if plan.complete:
            write(gettext("Marked as left: %(left)s") % counts)
        none = gettext("none")
        write(gettext("New units: %(names)s") % {"names": ", ".join(plan.new_units) or none})
        write(gettext("New jobs: %(names)s") % {"names": ", ".join(plan.new_jobs) or none})
        if not details:
            return
        for row in plan.to_create:
            write(gettext("  new: %(number)s %(name)s") % _named(row))
        for row, fields in plan.to_update:
            message = gettext("  changed: %(number)s %(name)s: %(fields)s")
            write(message % {**_named(row), "fields": ", ".join(fields)})
        for employee in plan.to_leave:
            write(
                gettext("  left: %(number)s %(name)s")
                % {"number": employee.personnel_number, "name": employee.name}
            )


def describe(problem: Problem) -> str:
    """`row N, column C: message`, leaving out what the problem is not about."""
    details = {"row": problem.row, "column": problem.column, "message": problem.message}
    if problem.row == 0:
        return gettext("file: %(message)s") % details
    if not problem.column:
        return gettext("row %(row)s: %(message)s") % details
    return gettext("row %(row)s, column %(column)s: %(message)s") % details


def _named(row) -> dict[str, str]:
    return {"number": row.personnel_number, "name": row.name}
