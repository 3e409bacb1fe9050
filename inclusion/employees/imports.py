"""Employees from an HR system's CSV export, and back out to a spreadsheet.

Plan first, apply afterwards. `plan_import` reads and checks the whole file and compares it
with what the organisation already has, and writes nothing. Every problem is reported at
the row a spreadsheet shows (the header is row 1) and the column as the file names it, so
the whole file can be put right at once. `apply_import` refuses a plan with any problem,
and applies a good one in one transaction, in batches: 20,000 rows take seconds, and a
failure halfway leaves nothing behind. Each employee it creates or changes gets one row in
the audit trail, with the importing user.

Employees in the organisation but not in the file are left alone, and so is whether
someone is still employed: what to do with leavers is not the import's decision.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from inclusion.models import AccessAction, AccessLogEntry, Employee, Job, LatestLevel

# The same reading of bytes and rows as the usage import: one rule for "a CSV file".
from organisations import csv_files
from organisations.models import Organisation, OrganisationUnit, UnitKind, User

BATCH_SIZE = 1000
# The headers each field is recognised by, ignoring case: the Dutch name first, then English.
HEADERS = {
    "personnel_number": ("personeelsnummer", "employee_number", "personnel_number"),
    "name": ("naam", "name"),
    "email": ("e-mail", "email"),
    "unit": ("afdeling", "unit"),
    "job": ("functie", "job"),
    "manager": ("leidinggevende", "manager"),
}
FIELD_OF_HEADER = {header: name for name, headers in HEADERS.items() for header in headers}
REQUIRED = ("personnel_number", "name")
MAX_LENGTHS = {
    "personnel_number": Employee._meta.get_field("personnel_number").max_length,
    "name": Employee._meta.get_field("name").max_length,
    "email": Employee._meta.get_field("email").max_length,
    "unit": OrganisationUnit._meta.get_field("name").max_length,
    "job": Job._meta.get_field("name").max_length,
    "manager": Employee._meta.get_field("personnel_number").max_length,
}
MISSING_COLUMN = {
    "personnel_number": gettext_noop(
        "There is no column with the personnel number. Call it one of: %(names)s."
    ),
    "name": gettext_noop("There is no column with the name. Call it one of: %(names)s."),
}
MISSING_VALUE = {
    "personnel_number": gettext_noop("The personnel number is missing."),
    "name": gettext_noop("The name is missing."),
}
AMBIGUOUS = {
    "unit": gettext_noop(
        "There is more than one unit called “%(value)s”. Give the units different names first."
    ),
    "job": gettext_noop(
        "There is more than one job called “%(value)s”. Give the jobs different names first."
    ),
}
EXPORT_HEADERS = ("personeelsnummer", "naam", "e-mail", "afdeling", "functie", "leidinggevende")
CIRCLE_SHOWN = 8  # personnel numbers named in a message about a circle of managers


@dataclass(frozen=True)
class Problem:
    row: int  # as a spreadsheet shows it: the header is row 1; 0 for the file as a whole
    column: str  # the header as written in the file, or "" for the whole row or file
    message: str


@dataclass
class EmployeeRow:
    """One valid row, normalised: stripped, and the e-mail's domain in lower case."""

    row: int
    personnel_number: str
    name: str
    email: str
    unit: str  # the unit's name as written, "" if none
    job: str
    manager_number: str


@dataclass
class ImportPlan:
    rows: list[EmployeeRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    to_create: list[EmployeeRow] = field(default_factory=list)
    to_update: list[tuple[EmployeeRow, list[str]]] = field(default_factory=list)
    unchanged: list[EmployeeRow] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    new_jobs: list[str] = field(default_factory=list)
    # The fields the file has a column for; the others are left alone on update.
    columns: frozenset[str] = frozenset()
    # The file is the complete HR export: whoever works here and is not in it has left.
    complete: bool = False
    to_leave: list[Employee] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


class AmbiguousName(ValueError):
    """More than one unit (or job) answers to a name."""


class _Names:
    """An organisation's units or jobs by name: as written if that is one, else ignoring case."""

    def __init__(self, pairs: Iterable[tuple[int, str]]):
        self.exact: dict[str, list[int]] = defaultdict(list)
        self.folded: dict[str, list[int]] = defaultdict(list)
        for pk, name in pairs:
            self.exact[name].append(pk)
            self.folded[name.casefold()].append(pk)

    def find(self, name: str) -> int | None:
        pks = self.exact.get(name) or self.folded.get(name.casefold(), [])
        if len(pks) > 1:
            raise AmbiguousName(name)
        return pks[0] if pks else None

    def missing(self, names: Iterable[str]) -> list[str]:
        """The names not found, each once (as first written), in the order given."""
        seen: dict[str, str] = {}
        for name in names:
            if name and name.casefold() not in seen and self.find(name) is None:
                seen[name.casefold()] = name
        return list(seen.values())


class _Problems:
    """Problems as found, sorted at the end by row and then by column as in the file."""

    def __init__(self, headers: list[str] | None = None):
        self.headers = headers or []
        self.found: list[tuple[int, int, Problem]] = []

    def add(self, row: int, column: str, message: str) -> None:
        at = self.headers.index(column) if column in self.headers else len(self.headers)
        self.found.append((row, at if column else -1, Problem(row, column, message)))

    def sorted(self) -> list[Problem]:
        return [problem for *_, problem in sorted(self.found, key=lambda found: found[:2])]


def plan_import(
    data: bytes, *, organisation: Organisation, complete: bool = False, max_rows: int = 50_000
) -> ImportPlan:
    """Check `data` and compare it with the organisation's employees; writes nothing.

    With `complete` (the file is the whole HR export), the employees who work here but
    are not in the file are listed as leaving."""
    plan = ImportPlan(complete=complete)
    text = csv_files.decode(data)
    try:
        records = list(itertools.islice(csv_files.records(text), max_rows + 2)) if text else []
    except csv.Error:  # e.g. a cell longer than the csv module allows
        text = None
    if text is None:
        message = gettext("The file could not be read. Save it from your spreadsheet as CSV.")
        plan.problems.append(Problem(0, "", message))
        return plan
    if not records:
        plan.problems.append(Problem(0, "", gettext("The file is empty.")))
        return plan
    (header_row, headers), data_rows = records[0], records[1:]
    problems = _Problems(headers)
    columns = _columns(header_row, headers, problems)
    header_problems = bool(problems.found)
    plan.columns = frozenset(columns)
    if not data_rows:
        problems.add(0, "", gettext("The file has no employees: there is only a header row."))
    elif len(data_rows) > max_rows:
        # Rows beyond the limit are not even read, so the others are not checked either:
        # a manager further down would look unknown.
        message = gettext("The file is too long. Import at most %(max)s employees at once.")
        problems.add(0, "", message % {"max": max_rows})
    else:
        _check_rows(plan, data_rows, headers, columns, problems, organisation, header_problems)
    plan.problems = problems.sorted()
    if complete and plan.ok:
        plan.to_leave = _leaving(organisation, plan.rows)
    return plan


def _leaving(organisation: Organisation, rows: list[EmployeeRow]) -> list[Employee]:
    """The employees who work here and are not among `rows`, by name."""
    in_file = {row.personnel_number for row in rows}
    employees = Employee.objects.for_organisation(organisation).active().order_by("name", "pk")
    return [employee for employee in employees if employee.personnel_number not in in_file]


def _columns(header_row: int, headers: list[str], problems: _Problems) -> dict[str, int]:
    """Field name → position of its column. Reports missing and repeated columns."""
    found: dict[str, int] = {}
    for at, header in enumerate(headers):
        name = FIELD_OF_HEADER.get(header.casefold())
        if name is None:  # an HR export has many more columns: they are ignored
            continue
        if name in found:
            message = gettext(
                "This column holds the same as column “%(first)s”. Keep only one of them."
            )
            problems.add(header_row, header, message % {"first": headers[found[name]]})
            continue
        found[name] = at
    # Ask for the missing column in the language of the columns that are there.
    english = bool(found) and all(
        headers[at].casefold() != HEADERS[name][0] for name, at in found.items()
    )
    listed = gettext("The columns in the file are: %(found)s.") % {"found": _quoted(headers)}
    for name in REQUIRED:
        if name not in found:
            message = gettext(MISSING_COLUMN[name]) % {"names": _quoted(HEADERS[name])}
            problems.add(header_row, HEADERS[name][int(english)], f"{message} {listed}")
    return found


def _check_rows(plan, data_rows, headers, columns, problems, organisation, header_problems) -> None:
    header_of = {name: headers[at] for name, at in columns.items()}
    units = _Names(
        OrganisationUnit.objects.for_organisation(organisation).values_list("pk", "name")
    )
    jobs = _Names(Job.objects.for_organisation(organisation).values_list("pk", "name"))
    lookups = {"unit": units, "job": jobs}
    first_row: dict[str, int] = {}  # personnel number → the row it is first given in
    rows: list[EmployeeRow] = []
    # Every row has a cell for each column up to the last one with a heading; a row with
    # fewer lost a separator or has an open quote, and its values are not where their
    # headings say (a missing cell would clear the field it belongs to).
    width = max((at + 1 for at, header in enumerate(headers) if header.strip()), default=0)
    for number, cells in data_rows:
        if any(cells[len(headers) :]):
            message = gettext(
                "This row has more values than there are columns. Does a value contain the "
                "separator? Then put that value between double quotes."
            )
            problems.add(number, "", message)
        elif len(cells) < width:
            message = gettext(
                "This row has fewer values than there are columns. Is a separator missing, "
                "or a double quote not closed? A cell that is empty on purpose still needs "
                "its separator."
            )
            problems.add(number, "", message)
        values = {name: _value(cells, at) for name, at in columns.items()}
        for name, value in values.items():
            column = header_of[name]
            if not value:
                if name in REQUIRED:
                    problems.add(number, column, gettext(MISSING_VALUE[name]))
            elif "\n" in value or "\r" in value:
                message = gettext(
                    "This value runs over more than one line. Is a double quote not closed?"
                )
                problems.add(number, column, message)
                values[name] = ""  # not checked any further
            elif len(value) > MAX_LENGTHS[name]:
                message = gettext(
                    "This is %(length)s characters long; at most %(max)s characters fit."
                )
                counts = {"length": len(value), "max": MAX_LENGTHS[name]}
                problems.add(number, column, message % counts)
                values[name] = ""  # not checked any further
            elif name == "email":
                try:
                    validate_email(value)
                except ValidationError:
                    message = gettext("“%(value)s” is not an e-mail address.")
                    problems.add(number, column, message % {"value": _cut(value)})
                else:
                    local, _, domain = value.rpartition("@")
                    values[name] = f"{local}@{domain.lower()}"
            elif name in lookups:
                try:
                    lookups[name].find(value)
                except AmbiguousName:
                    message = gettext(AMBIGUOUS[name]) % {"value": _cut(value)}
                    problems.add(number, column, message)
        personnel_number = values.get("personnel_number", "")
        if personnel_number in first_row:
            message = gettext(
                "Personnel number “%(value)s” is also in row %(first)s. "
                "Give each employee only once."
            )
            first = {"value": _cut(personnel_number), "first": first_row[personnel_number]}
            problems.add(number, header_of["personnel_number"], message % first)
        elif personnel_number:
            first_row[personnel_number] = number
        rows.append(
            EmployeeRow(
                row=number,
                personnel_number=personnel_number,
                name=values.get("name", ""),
                email=values.get("email", ""),
                unit=values.get("unit", ""),
                job=values.get("job", ""),
                manager_number=values.get("manager", ""),
            )
        )

    existing = _existing(organisation)
    if "manager" in columns and "personnel_number" in columns:
        _check_managers(rows, first_row, existing, header_of["manager"], problems)
    if header_problems:
        return  # no row is valid under a header that is wrong
    rows_with_problems = {problem_row for problem_row, _, _ in problems.found}
    plan.rows = [row for row in rows if row.row not in rows_with_problems]
    plan.new_units = units.missing(row.unit for row in plan.rows) if "unit" in columns else []
    plan.new_jobs = jobs.missing(row.job for row in plan.rows) if "job" in columns else []
    number_by_pk = {employee.pk: number for number, employee in existing.items()}
    for row in plan.rows:
        employee = existing.get(row.personnel_number)
        if employee is None:
            plan.to_create.append(row)
        elif changes := _changes(row, employee, plan.columns, units, jobs, number_by_pk):
            plan.to_update.append((row, changes))
        else:
            plan.unchanged.append(row)


def _check_managers(rows, first_row, existing, column, problems) -> None:
    number_by_pk = {employee.pk: number for number, employee in existing.items()}
    # Who reports to whom once the file is imported: the organisation as it is, then the file.
    boss_of = {
        number: number_by_pk[employee.manager_id]
        for number, employee in existing.items()
        if employee.manager_id in number_by_pk
    }
    in_file = []
    for row in rows:
        manager, number = row.manager_number, row.personnel_number
        if not number or first_row.get(number) != row.row:  # a repeated row is reported already
            continue
        boss_of.pop(number, None)
        if not manager:
            continue
        if manager == number:
            problems.add(row.row, column, gettext("An employee cannot be their own manager."))
        elif manager not in first_row and manager not in existing:
            message = gettext(
                "There is no employee with personnel number “%(value)s”, neither in this "
                "file nor in the organisation."
            )
            problems.add(row.row, column, message % {"value": _cut(manager)})
        else:
            boss_of[number] = manager
            in_file.append(row)
    circles = _circles(boss_of)
    for row in in_file:
        circle = circles.get(row.personnel_number)
        if circle:
            start = circle.index(row.personnel_number)
            circle = circle[start:] + circle[:start]
            shown = circle[:CIRCLE_SHOWN] + ([] if len(circle) > CIRCLE_SHOWN else circle[:1])
            chain = " → ".join(shown) + (" → …" if len(circle) > CIRCLE_SHOWN else "")
            message = gettext("The managers go round in a circle: %(chain)s.")
            problems.add(row.row, column, message % {"chain": chain})


def _circles(boss_of: dict[str, str]) -> dict[str, list[str]]:
    """Each personnel number that is its own manager's manager's … manager, with its circle."""
    on_circle: dict[str, list[str]] = {}
    done: set[str] = set()
    for start in boss_of:
        path: list[str] = []
        on_path: set[str] = set()
        number: str | None = start
        while number is not None and number not in done and number not in on_path:
            path.append(number)
            on_path.add(number)
            number = boss_of.get(number)
        if number is not None and number in on_path:
            circle = path[path.index(number) :]
            on_circle.update(dict.fromkeys(circle, circle))
        done.update(path)
    return on_circle


def _value(cells: list[str], at: int) -> str:
    """The cell, stripped, without the quote an export put before a formula character."""
    value = cells[at].strip() if at < len(cells) else ""
    if value[:1] == "'" and value[1:2] and value[1] in "=+-@\t\r":
        value = value[1:].strip()
    return value


def _cut(value: str) -> str:
    """A value to quote in a message, cut short so a long cell does not flood it."""
    return value if len(value) <= 40 else value[:39] + "…"


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"“{name}”" for name in names if name)


def _existing(organisation: Organisation) -> dict[str, Employee]:
    employees = Employee.objects.for_organisation(organisation).order_by()
    return {employee.personnel_number: employee for employee in employees}


def _changes(
    row: EmployeeRow,
    employee: Employee,
    columns: frozenset[str],
    units: _Names,
    jobs: _Names,
    number_by_pk: dict[int, str],
) -> list[str]:
    """The fields `row` changes, compared as normalised; absent columns change nothing."""
    changed = []
    if row.name != employee.name:
        changed.append("name")
    if "email" in columns and row.email != employee.email:
        changed.append("email")
    for name, names, current in (("unit", units, employee.unit_id), ("job", jobs, employee.job_id)):
        if name in columns:
            wanted = getattr(row, name)
            target = names.find(wanted) if wanted else None
            if (wanted and target is None) or target != current:  # a new one always changes
                changed.append(name)
    if "manager" in columns:
        # A manager outside the organisation (never made by this app) counts as a change.
        current = number_by_pk.get(employee.manager_id) if employee.manager_id else ""
        if current != row.manager_number:
            changed.append("manager")
    return changed


def apply_import(
    plan: ImportPlan, *, organisation: Organisation, by: User | None = None
) -> dict[str, int]:
    """Save a good plan in one transaction; returns how many were created, updated, unchanged
    and (for the complete export) marked as left.

    The comparison is made again inside the transaction, so what is written matches the
    database as it is then, even if it changed since the plan was made.
    """
    if not plan.ok:
        raise ValueError("An import plan with problems cannot be applied.")
    columns = plan.columns
    with transaction.atomic():
        # One import per organisation at a time.
        Organisation.objects.select_for_update().only("pk").get(pk=organisation.pk)
        units = _ensure(
            OrganisationUnit,
            organisation,
            [row.unit for row in plan.rows] if "unit" in columns else [],
            kind=UnitKind.DEPARTMENT,
        )
        jobs = _ensure(
            Job, organisation, [row.job for row in plan.rows] if "job" in columns else []
        )
        existing = _existing(organisation)
        number_by_pk = {employee.pk: number for number, employee in existing.items()}
        now = timezone.now()
        created: list[Employee] = []
        updated: list[tuple[Employee, list[str]]] = []
        for row in plan.rows:
            employee = existing.get(row.personnel_number)
            if employee is None:
                employee = Employee(
                    organisation=organisation, personnel_number=row.personnel_number
                )
                _fill(employee, row, columns - {"manager"}, units, jobs)
                created.append(employee)
            elif changes := _changes(row, employee, columns, units, jobs, number_by_pk):
                _fill(employee, row, set(changes) - {"manager"}, units, jobs)
                employee.updated_at = now  # bulk_update does not set it
                updated.append((employee, changes))
        Employee.objects.bulk_create(created, batch_size=BATCH_SIZE)
        _fill_keys(organisation, created)
        changed_fields = {name for _, changes in updated for name in changes} - {"manager"}
        Employee.objects.bulk_update(
            [employee for employee, _ in updated],
            [*(name for name in HEADERS if name in changed_fields), "updated_at"],
            batch_size=BATCH_SIZE,
        )
        # The latest levels compare with the new jobs' target levels.
        new_job = [employee.pk for employee, changes in updated if "job" in changes]
        for start in range(0, len(new_job), BATCH_SIZE):
            LatestLevel.follow_jobs(
                Employee.objects.filter(pk__in=new_job[start : start + BATCH_SIZE])
            )
        new_managers = _set_managers(plan.rows, existing, created) if "manager" in columns else []
        # Read again inside the transaction: who is missing now, not when previewed.
        leaving = _leaving(organisation, plan.rows) if plan.complete else []
        today = timezone.localdate()
        for employee in leaving:
            employee.active, employee.left_on, employee.updated_at = False, today, now
        Employee.objects.bulk_update(
            leaving, ["active", "left_on", "updated_at"], batch_size=BATCH_SIZE
        )
        # The audit trail: one row per employee, as the import leaves them, rather than
        # one per pass above (fields, managers, leavers).
        Employee.history.bulk_history_create(
            created, default_user=by, default_date=now, batch_size=BATCH_SIZE
        )
        new = {employee.pk for employee in created}
        touched = {
            employee.pk: employee
            for employee in [*(employee for employee, _ in updated), *new_managers, *leaving]
            if employee.pk not in new
        }
        Employee.history.bulk_history_create(
            list(touched.values()),
            update=True,
            default_user=by,
            default_date=now,
            batch_size=BATCH_SIZE,
        )
        left = gettext("left: not in the complete HR export")
        AccessLogEntry.objects.bulk_create(
            [
                *(_logged(employee, by, gettext("new employee")) for employee in created),
                *(_logged(employee, by, ", ".join(changes)) for employee, changes in updated),
                *(_logged(employee, by, left) for employee in leaving),
            ],
            batch_size=BATCH_SIZE,
        )
    return {
        "created": len(created),
        "updated": len(updated),
        "unchanged": len(plan.rows) - len(created) - len(updated),
        "left": len(leaving),
    }


def _ensure(model, organisation: Organisation, wanted: list[str], **defaults) -> _Names:
    """The organisation's units or jobs by name, after making those in `wanted` not there."""
    names = _Names(model.objects.for_organisation(organisation).values_list("pk", "name"))
    missing = names.missing(wanted)
    if not missing:
        return names
    model.objects.bulk_create(
        [model(organisation=organisation, name=name, **defaults) for name in missing],
        batch_size=BATCH_SIZE,
    )
    return _Names(model.objects.for_organisation(organisation).values_list("pk", "name"))


def _fill(employee: Employee, row: EmployeeRow, fields, units: _Names, jobs: _Names) -> None:
    if "name" in fields:
        employee.name = row.name
    if "email" in fields:
        employee.email = row.email
    if "unit" in fields:
        employee.unit_id = units.find(row.unit) if row.unit else None
    if "job" in fields:
        employee.job_id = jobs.find(row.job) if row.job else None


def _fill_keys(organisation: Organisation, created: list[Employee]) -> None:
    """The managers and the audit trail need the new employees' primary keys."""
    if any(employee.pk is None for employee in created):  # a database that returns no keys
        pks = dict(
            Employee.objects.for_organisation(organisation).values_list("personnel_number", "pk")
        )
        for employee in created:
            employee.pk = pks[employee.personnel_number]


def _set_managers(rows, existing, created) -> list[Employee]:
    """The second pass: now every employee in the file has a primary key. Returns the
    employees whose manager changed."""
    by_number = {**existing, **{employee.personnel_number: employee for employee in created}}
    changed = []
    for row in rows:
        employee = by_number[row.personnel_number]
        if row.manager_number and row.manager_number not in by_number:
            raise ValueError(f"Manager {row.manager_number} is no longer there; import again.")
        target = by_number[row.manager_number].pk if row.manager_number else None
        if employee.manager_id != target:
            employee.manager_id = target
            changed.append(employee)
    Employee.objects.bulk_update(changed, ["manager"], batch_size=BATCH_SIZE)
    return changed


def _logged(employee: Employee, user, detail: str) -> AccessLogEntry:
    return AccessLogEntry.new(
        organisation_id=employee.organisation_id,
        user=user,
        employee=employee,
        action=AccessAction.IMPORT,
        detail=detail,
    )


def export_employees_csv(queryset) -> str:
    """The employees as a semicolon-separated file that the import reads back unchanged.

    Starts with a byte order mark, so Excel reads the accents right; a value a spreadsheet
    would run as a formula gets a quote before it (and loses it again on import).
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_HEADERS)
    for employee in queryset.select_related("unit", "job", "manager").iterator(chunk_size=2000):
        values = (
            employee.personnel_number,
            employee.name,
            employee.email,
            employee.unit.name if employee.unit else "",
            employee.job.name if employee.job else "",
            employee.manager.personnel_number if employee.manager else "",
        )
        writer.writerow(csv_files.neutralised(value) for value in values)
    return out.getvalue()
