"""Importing employees from an HR system's CSV export: a good file creates and updates, a bad
file imports nothing and reports every problem at its row and column."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from inclusion.employees.imports import (
    EmployeeRow,
    ImportPlan,
    apply_import,
    export_employees_csv,
    plan_import,
)
from inclusion.models import AccessLogEntry, Employee, Job
from organisations.models import OrganisationUnit, Role, UnitKind
from tests.factories import EmployeeFactory, OrganisationUnitFactory
from tests.helpers import HEADER, csv_bytes, good_file

pytestmark = pytest.mark.django_db


def plan(data: bytes, organisation, **options) -> ImportPlan:
    with translation.override("en"):
        return plan_import(data, organisation=organisation, **options)


def employees_of(organisation) -> dict[str, Employee]:
    queryset = Employee.objects.for_organisation(organisation).select_related(
        "unit", "job", "manager"
    )
    return {employee.personnel_number: employee for employee in queryset}


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Employee, OrganisationUnit, Job, AccessLogEntry)
    )


def where(result: ImportPlan) -> list[tuple[int, str]]:
    return [(problem.row, problem.column) for problem in result.problems]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_a_good_dutch_file_creates_employees_with_units_jobs_and_managers(
    voorbeeldstad, units, members, encoding
):
    result = plan(good_file(units, encoding), voorbeeldstad)

    assert result.ok, result.problems
    assert [row.personnel_number for row in result.to_create] == ["1001", "1002", "1003"]
    assert result.rows[1] == EmployeeRow(
        3, "1002", "Zoë Daniëls", "zoe@voorbeeldstad.nl", "Burgerzaken", "Klantadviseur", "1003"
    )
    # "burgerzaken" in row 4 is the same new unit as "Burgerzaken" in row 3.
    assert result.new_units == ["Burgerzaken"]
    assert result.new_jobs == ["Beleidsmedewerker", "Klantadviseur", "Teamleider"]

    hr = members[Role.HR_ADVISER]
    assert apply_import(result, organisation=voorbeeldstad, by=hr) == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "left": 0,
    }
    saved = employees_of(voorbeeldstad)
    jan, zoe, fatima = saved["1001"], saved["1002"], saved["1003"]
    assert jan.unit == units[0]
    assert jan.email == "jan@voorbeeldstad.nl"  # the domain in lower case
    assert zoe.name == "Zoë Daniëls"
    assert zoe.unit == fatima.unit
    assert (zoe.unit.name, zoe.unit.kind, zoe.unit.parent) == (
        "Burgerzaken",
        UnitKind.DEPARTMENT,
        None,
    )
    assert zoe.job.name == "Klantadviseur"
    assert zoe.job.organisation == voorbeeldstad
    assert jan.manager == fatima and zoe.manager == fatima
    assert fatima.manager is None
    log = AccessLogEntry.objects.filter(organisation=voorbeeldstad, action="import")
    assert sorted(log.values_list("personnel_number", flat=True)) == ["1001", "1002", "1003"]
    assert {entry.user for entry in log} == {hr}


def test_english_headers_commas_and_quoted_values(voorbeeldstad):
    data = (
        b"EMPLOYEE_NUMBER,Name,Email,Unit,Job,Manager,Salary scale\n"
        b'  7 ,"Vries, Jan de",,ICT,,,10\n'
        b"\n"
        b"8,Piet,,,,7,11\n"
    )

    result = plan(data, voorbeeldstad)

    assert result.ok, result.problems
    assert [(row.row, row.personnel_number, row.name) for row in result.rows] == [
        (2, "7", "Vries, Jan de"),
        (4, "8", "Piet"),  # the empty row still counts, as in a spreadsheet
    ]
    apply_import(result, organisation=voorbeeldstad)
    assert employees_of(voorbeeldstad)["8"].manager.name == "Vries, Jan de"


def test_importing_the_same_file_again_changes_nothing(voorbeeldstad, units):
    apply_import(plan(good_file(units), voorbeeldstad), organisation=voorbeeldstad)
    before = counts()

    again = plan(good_file(units), voorbeeldstad)

    assert again.ok
    assert (again.to_create, again.to_update, again.new_units, again.new_jobs) == ([], [], [], [])
    assert len(again.unchanged) == 3
    assert apply_import(again, organisation=voorbeeldstad) == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
        "left": 0,
    }
    assert counts() == before  # not even an access log entry


def test_changes_are_listed_by_field_applied_and_logged(voorbeeldstad, units, members):
    apply_import(plan(good_file(units), voorbeeldstad), organisation=voorbeeldstad)
    changed = [
        HEADER,
        "1001;Jan de Vries-Bakker;jan@voorbeeldstad.nl;{unit};Beleidsmedewerker;1003",
        "1002;Zoë Daniëls;zoe@voorbeeldstad.nl;{unit};Klantadviseur;1001",
        "1003;Fatima el Amrani;fatima@voorbeeldstad.nl;;Teamleider;",
    ]
    data = csv_bytes([line.format(unit=units[1].name) for line in changed])

    result = plan(data, voorbeeldstad)

    assert result.ok, result.problems
    assert [(row.personnel_number, fields) for row, fields in result.to_update] == [
        ("1001", ["name", "unit"]),
        ("1002", ["unit", "manager"]),
        ("1003", ["unit"]),  # an empty cell empties the field
    ]
    hr = members[Role.HR_ADVISER]
    assert apply_import(result, organisation=voorbeeldstad, by=hr)["updated"] == 3
    saved = employees_of(voorbeeldstad)
    assert saved["1001"].name == "Jan de Vries-Bakker"
    assert saved["1001"].unit == units[1] == saved["1002"].unit
    assert saved["1002"].manager == saved["1001"]
    assert saved["1003"].unit is None
    entries = AccessLogEntry.objects.filter(action="import", user=hr, employee=saved["1002"])
    assert [entry.detail for entry in entries] == ["unit, manager"]
    assert AccessLogEntry.objects.filter(action="import", user=hr).count() == 3


def test_a_column_that_is_not_there_is_left_alone(voorbeeldstad, units):
    apply_import(plan(good_file(units), voorbeeldstad), organisation=voorbeeldstad)
    data = csv_bytes(["naam;personeelsnummer", "Jan de Vries;1001", "Nieuw;1004"])

    result = plan(data, voorbeeldstad)
    apply_import(result, organisation=voorbeeldstad)

    assert [row.personnel_number for row in result.unchanged] == ["1001"]
    saved = employees_of(voorbeeldstad)
    assert saved["1001"].unit == units[0]
    assert saved["1001"].manager == saved["1003"]
    assert saved["1001"].email == "jan@voorbeeldstad.nl"
    new = saved["1004"]
    assert (new.email, new.unit, new.job, new.manager) == ("", None, None, None)
    assert saved["1002"].name == "Zoë Daniëls"  # not in the file: left as it was


FILE_PROBLEMS = [
    pytest.param(b"", [(0, "")], "The file is empty.", id="empty"),
    pytest.param(b" \r\n;;\r\n", [(0, "")], "The file is empty.", id="only-blank"),
    pytest.param(b"personeelsnummer;naam\r\n", [(0, "")], "only a header row", id="header-only"),
    pytest.param(
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        [(0, "")],
        "could not be read",
        id="spreadsheet",
    ),
    pytest.param(
        b"naam;afdeling\r\nJan;ICT\r\n",
        [(1, "personeelsnummer")],
        "no column with the personnel number",
        id="no-number-column",
    ),
    pytest.param(
        b"employee_number,unit\r\n1,ICT\r\n",
        [(1, "name")],  # asked for in the language of the file
        "no column with the name",
        id="no-name-column",
    ),
    pytest.param(
        b"Naam;Personeelsnummer;Name\r\nJan;1;Jan\r\n",
        [(1, "Name")],
        "the same as column \u201cNaam\u201d",
        id="two-name-columns",
    ),
]


@pytest.mark.parametrize(("data", "expected", "message"), FILE_PROBLEMS)
def test_a_file_that_is_no_employee_list_is_reported(voorbeeldstad, data, expected, message):
    result = plan(data, voorbeeldstad)

    assert not result.ok
    assert result.rows == []
    assert where(result) == expected
    assert message in result.problems[0].message


def test_a_missing_column_lists_the_columns_there_are(voorbeeldstad):
    result = plan(b"Nummer;Naam\r\n1;Jan\r\n", voorbeeldstad)

    [problem] = result.problems
    assert problem.message == (
        "There is no column with the personnel number. Call it one of: "
        "\u201cpersoneelsnummer\u201d, \u201cemployee_number\u201d, \u201cpersonnel_number\u201d. "
        "The columns in the file are: \u201cNummer\u201d, \u201cNaam\u201d."
    )


def test_too_many_rows(voorbeeldstad):
    data = csv_bytes(["personeelsnummer;naam", "1;A", "2;B", "3;C"])

    assert plan(data, voorbeeldstad, max_rows=3).ok
    result = plan(data, voorbeeldstad, max_rows=2)
    assert where(result) == [(0, "")]
    assert result.problems[0].message == (
        "The file is too long. Import at most 2 employees at once."
    )


ROW_PROBLEMS = [
    pytest.param(
        ";Jan;;;;", (2, "Personeelsnummer"), "The personnel number is missing.", id="no-number"
    ),
    pytest.param("1;  ;;;;", (2, "Naam"), "The name is missing.", id="no-name"),
    pytest.param(
        "1;Jan;jan@@example;;;",
        (2, "E-mail"),
        "\u201cjan@@example\u201d is not an e-mail address.",
        id="email",
    ),
    pytest.param(
        f"1;{'x' * 201};;;;",
        (2, "Naam"),
        "This is 201 characters long; at most 200 characters fit.",
        id="long-name",
    ),
    pytest.param(
        f"{'1' * 31};Jan;;;;",
        (2, "Personeelsnummer"),
        "This is 31 characters long; at most 30 characters fit.",
        id="long-number",
    ),
    pytest.param(
        f"1;Jan;;{'a' * 201};;", (2, "Afdeling"), "at most 200 characters", id="long-unit"
    ),
    pytest.param(f"1;Jan;;;{'a' * 201};", (2, "Functie"), "at most 200 characters", id="long-job"),
    pytest.param(
        f"1;Jan;{'a' * 250}@example.org;;;",
        (2, "E-mail"),
        "at most 254 characters",
        id="long-email",
    ),
    pytest.param(
        "1;Jan;;;;;Bakker",
        (2, ""),
        "This row has more values than there are columns.",
        id="too-many-cells",
    ),
    pytest.param(
        "1;Jan",
        (2, ""),
        "This row has fewer values than there are columns. Is a separator missing, "
        "or a double quote not closed?",
        id="too-few-cells",
    ),
    pytest.param(
        '1;Jan;;"Burger\nzaken";;',
        (2, "Afdeling"),
        "This value runs over more than one line. Is a double quote not closed?",
        id="line-break",
    ),
    pytest.param(
        "1;Jan;;;;1", (2, "Leidinggevende"), "cannot be their own manager", id="own-manager"
    ),
    pytest.param(
        "1;Jan;;;;77",
        (2, "Leidinggevende"),
        "There is no employee with personnel number \u201c77\u201d, "
        "neither in this file nor in the organisation.",
        id="unknown-manager",
    ),
]


@pytest.mark.parametrize(("line", "expected", "message"), ROW_PROBLEMS)
def test_a_problem_in_a_row_is_reported_at_its_row_and_column(
    voorbeeldstad, line, expected, message
):
    result = plan(csv_bytes([HEADER, line, "2;Piet;;;;"]), voorbeeldstad)

    assert not result.ok
    assert where(result) == [expected]
    assert message in result.problems[0].message
    assert [row.personnel_number for row in result.rows] == ["2"]  # the other row is fine


def test_a_short_row_or_an_open_quote_clears_nothing_and_marks_nobody_as_left(voorbeeldstad):
    unit = OrganisationUnitFactory(organisation=voorbeeldstad).pk
    email = "kees@voorbeeldstad.nl"
    kees = EmployeeFactory(
        organisation=voorbeeldstad,
        personnel_number="3",
        name="Kees Bakker",
        email=email,
        unit_id=unit,
    )
    piet = EmployeeFactory(organisation=voorbeeldstad, personnel_number="2", name="Piet")

    # A row cut short would have read its missing cells as empty: Kees's e-mail and unit gone.
    short = plan(csv_bytes([HEADER, "2;Piet;;;;", "3;Kees Bakker"]), voorbeeldstad)
    assert not short.ok
    assert where(short) == [(3, "")]

    # An open quote takes the rest of the file into one name: Piet's row and Kees's
    # disappear, and a complete export would have marked them as left.
    rows = ['1;"Jan Jansen;;;;', "2;Piet;;;;", "3;Kees Bakker;;;;"]
    quoted = plan(csv_bytes([HEADER, *rows]), voorbeeldstad, complete=True)
    assert not quoted.ok
    assert quoted.to_leave == []
    assert where(quoted) == [(2, ""), (2, "Naam")]

    with pytest.raises(ValueError):
        apply_import(short, organisation=voorbeeldstad)
    kees.refresh_from_db()
    piet.refresh_from_db()
    assert (kees.email, kees.unit_id, kees.left_on, piet.left_on) == (email, unit, None, None)


def test_a_repeated_personnel_number_names_the_first_row(voorbeeldstad):
    data = csv_bytes([HEADER, "1;Jan;;;;", "2;Piet;;;;", "1;Jansen;;;;"])

    result = plan(data, voorbeeldstad)

    assert where(result) == [(4, "Personeelsnummer")]
    assert result.problems[0].message == (
        "Personnel number \u201c1\u201d is also in row 2. Give each employee only once."
    )


def test_managers_that_go_round_in_a_circle(voorbeeldstad):
    EmployeeFactory(organisation=voorbeeldstad, personnel_number="9", name="Boss")
    data = csv_bytes([HEADER, "1;A;;;;2", "2;B;;;;3", "3;C;;;;1", "4;D;;;;9", "9;Boss;;;;4"])

    result = plan(data, voorbeeldstad)

    assert where(result) == [(row, "Leidinggevende") for row in (2, 3, 4, 5, 6)]
    assert "go round in a circle: 2 \u2192 3 \u2192 1 \u2192 2." in result.problems[1].message


def test_a_unit_name_that_fits_several_units_is_reported(voorbeeldstad):
    for parent in ("Noord", "Zuid"):
        directorate = OrganisationUnitFactory(
            organisation=voorbeeldstad, name=parent, kind=UnitKind.DIRECTORATE
        )
        OrganisationUnitFactory(
            organisation=voorbeeldstad, name="Team Wmo", parent=directorate, kind=UnitKind.TEAM
        )

    result = plan(csv_bytes([HEADER, "1;Jan;;team wmo;;", "2;Piet;;NOORD;;"]), voorbeeldstad)

    assert where(result) == [(2, "Afdeling")]
    assert "more than one unit called \u201cteam wmo\u201d" in result.problems[0].message
    assert result.rows[0].unit == "NOORD" and result.new_units == []


def test_every_problem_is_reported_and_nothing_is_imported(voorbeeldstad, units):
    before = counts()
    data = csv_bytes(
        [
            HEADER,
            "1001;Jan;jan@;Nieuwe afdeling;Nieuwe functie;1001;extra",
            ";;;;;",
            ";;;;;",  # an empty row: skipped, still counted
            "1004;Piet;;;;404",
            "1001;Jan again;;;;",
            "1006;Goed;goed@example.org;;;1004",
        ]
    )

    result = plan(data, voorbeeldstad)

    assert not result.ok
    assert where(result) == [
        (2, ""),
        (2, "E-mail"),
        (2, "Leidinggevende"),
        (5, "Leidinggevende"),
        (6, "Personeelsnummer"),
    ]
    assert [row.personnel_number for row in result.rows] == ["1006"]
    with pytest.raises(ValueError, match="problems"):
        apply_import(result, organisation=voorbeeldstad)
    assert counts() == before


def test_another_organisations_employees_are_neither_touched_nor_managers(voorbeeldstad, buurdorp):
    theirs = EmployeeFactory(organisation=buurdorp, personnel_number="1", name="Buur")
    EmployeeFactory(organisation=buurdorp, personnel_number="500", name="Buurbaas")

    refused = plan(csv_bytes([HEADER, "1;Jan;;;;500"]), voorbeeldstad)
    assert where(refused) == [(2, "Leidinggevende")]

    result = plan(csv_bytes([HEADER, "1;Jan;;Buurafdeling;;"]), voorbeeldstad)
    assert [row.personnel_number for row in result.to_create] == ["1"]
    apply_import(result, organisation=voorbeeldstad)
    theirs.refresh_from_db()
    assert theirs.name == "Buur"
    assert employees_of(voorbeeldstad)["1"].name == "Jan"
    assert not OrganisationUnit.objects.filter(organisation=buurdorp).exists()


def test_markup_in_a_name_is_kept_as_plain_text(voorbeeldstad):
    name = '<script>alert("x")</script> & Zn.'
    apply_import(
        plan(csv_bytes([HEADER, f"1;{name};;;;"]), voorbeeldstad), organisation=voorbeeldstad
    )

    assert Employee.objects.get(organisation=voorbeeldstad).name == name


def test_the_number_of_queries_does_not_grow_with_the_rows(voorbeeldstad, units):
    def queries(size: int) -> tuple[int, int]:
        lines = [HEADER]
        # New units and jobs each time, and within SQLite's smallest batch (55 employees:
        # the rows of the audit trail have the most columns).
        lines += [
            f"{size}-{n};Naam {n};;Afd {size}-{n % 3};Functie {size}-{n % 4};{size}-0"
            for n in range(size)
        ]
        lines[1] = f"{size}-0;Baas;;;;"
        with CaptureQueriesContext(connection) as planned:
            result = plan(csv_bytes(lines), voorbeeldstad)
        assert result.ok
        with CaptureQueriesContext(connection) as applied:
            apply_import(result, organisation=voorbeeldstad)
        return len(planned), len(applied)

    assert queries(5) == queries(50)


EXPORTED = ["=cmd|' /C calc'!A0", "@SUM(1+1)", "-1+1", "+31 6", "\tTab", "Gewoon"]


def test_the_export_never_hands_a_spreadsheet_a_formula(voorbeeldstad):
    for n, name in enumerate(EXPORTED):
        EmployeeFactory(organisation=voorbeeldstad, personnel_number=str(n), name=name)

    employees = Employee.objects.for_organisation(voorbeeldstad).order_by("personnel_number")
    text = export_employees_csv(employees)

    lines = text.removeprefix("\ufeff").splitlines()
    assert lines[0] == "personeelsnummer;naam;e-mail;afdeling;functie;leidinggevende"
    assert lines[1:] == [
        "0;'=cmd|' /C calc'!A0;;;;",
        "1;'@SUM(1+1);;;;",
        "2;'-1+1;;;;",
        "3;'+31 6;;;;",
        "4;'\tTab;;;;",
        "5;Gewoon;;;;",
    ]


def test_an_export_imports_back_unchanged(voorbeeldstad, units):
    apply_import(plan(good_file(units), voorbeeldstad), organisation=voorbeeldstad)
    EmployeeFactory(organisation=voorbeeldstad, personnel_number="-9", name="=1+1")

    text = export_employees_csv(Employee.objects.for_organisation(voorbeeldstad))
    result = plan(text.encode(), voorbeeldstad)

    assert result.ok, result.problems
    assert len(result.unchanged) == 4
    assert result.to_update == result.to_create == []


# The command


@pytest.fixture
def good_path(tmp_path, units):
    path = tmp_path / "medewerkers.csv"
    path.write_bytes(good_file(units))
    return path


def run(*args) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    # Commands speak the installation's language (Dutch); these tests read English.
    with translation.override("en"):
        call_command("import_employees", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_a_good_file(voorbeeldstad, good_path):
    out, _ = run(good_path, "--organisation", "voorbeeldstad")

    assert "Created: 3" in out
    assert "Updated: 0" in out
    assert "New units: Burgerzaken" in out
    assert "New jobs: Beleidsmedewerker, Klantadviseur, Teamleider" in out
    assert len(employees_of(voorbeeldstad)) == 3
    assert set(AccessLogEntry.objects.values_list("user", flat=True)) == {None}

    out, _ = run(good_path, "--organisation", "voorbeeldstad")
    assert "Unchanged: 3" in out


def test_the_command_refuses_a_bad_file_and_imports_nothing(voorbeeldstad, tmp_path):
    path = tmp_path / "fout.csv"
    path.write_bytes(csv_bytes([HEADER, "1;Jan;;;;", "2;;geen-adres;;;", "1;Jan;;;;"]))

    with pytest.raises(CommandError, match=r"3 problems\. Nothing was imported\."):
        run(path, "--organisation", "voorbeeldstad")
    assert not Employee.objects.exists()


def test_the_command_prints_each_problem_by_row_and_column(voorbeeldstad, tmp_path):
    from io import StringIO

    path = tmp_path / "fout.csv"
    path.write_bytes(csv_bytes([HEADER, "1;Jan;;;;;x", "2;;;;;"]))
    err = StringIO()

    with pytest.raises(CommandError), translation.override("en"):
        call_command("import_employees", str(path), organisation="voorbeeldstad", stderr=err)
    assert err.getvalue().splitlines() == [
        "row 2: This row has more values than there are columns. Does a value contain the "
        "separator? Then put that value between double quotes.",
        "row 3, column Naam: The name is missing.",
    ]


def test_the_command_dry_run_imports_nothing(voorbeeldstad, good_path):
    out, _ = run(good_path, "--organisation", "voorbeeldstad", "--dry-run")

    assert "Dry run: nothing was imported." in out
    assert "Created: 3" in out
    assert "new: 1002 Zoë Daniëls" in out
    assert counts()[0] == 0 and not Job.objects.exists()


def test_the_command_needs_a_known_organisation(voorbeeldstad, good_path):
    with pytest.raises(CommandError, match="no organisation with the short name “nergensdorp”"):
        run(good_path, "--organisation", "nergensdorp")
    assert not Employee.objects.exists()
