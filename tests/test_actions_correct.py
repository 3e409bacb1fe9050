"""Digital-skills actions corrected and completed: editing, deleting with a reason,
status one by one and in bulk, the duplicate warning, the exports, and the logging page
whose size does not depend on the number of employees."""

import csv
import datetime
import io
import re

import pytest
from django.conf import settings
from django.utils.timezone import localdate as today
from openpyxl import load_workbook

from inclusion.actions import services
from inclusion.models import AccessLogEntry, Competence, Employee, SkillsAction
from organisations.models import Role
from tests.factories import EmployeeFactory
from tests.helpers import HTMX, urls_of

pytestmark = pytest.mark.django_db

HR, ADMIN = Role.HR_ADVISER, Role.ORGANISATION_ADMIN
url = urls_of("inclusion")


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


def log(organisation, by, **fields):
    fields.setdefault("kind", "training")
    fields.setdefault("held_on", days_ago(10))
    return services.skills_action_log(organisation=organisation, by=by, **fields)


def badge(html, pk) -> tuple[str, str, str]:
    """The colour, value and words of the status badge in the row of action `pk`."""
    row = re.search(rf'id="action-{pk}".*?</tr>', html, re.S).group(0)
    found = re.search(r'class="mw-badge mw-badge--(\w+) mw-badge--(\w+)">([^<]+)<', row)
    return found.groups()


def edit_data(action, **overrides):
    data = {
        "kind": action.kind,
        "held_on": action.held_on.isoformat(),
        "unit": action.unit_id or "",
        "status": action.status,
        "hours": "",
        "notes": action.notes,
        "employees": [e.pk for e in action.employees.all()],
        "competences": [c.pk for c in action.competences.all()],
    }
    if action.unit_id:
        data["whole_unit"] = "on"
        data["employees"] = []
    data.update(overrides)
    return data


@pytest.fixture
def planned(voorbeeldstad, members, employees):
    """Three planned intervisies of one session (ten days ago), and one for next month."""
    hr = members[HR]
    session = [
        log(
            voorbeeldstad,
            hr,
            kind="intervisie",
            employees=[employee],
            status="planned",
            notes="Casus",
        )
        for employee in employees[1:4]
    ]
    later = log(
        voorbeeldstad,
        hr,
        kind="intervisie",
        held_on=today() + datetime.timedelta(days=30),
        employees=[employees[4]],
        status="planned",
    )
    return [*session, later]


# --- Editing ------------------------------------------------------------------------------------


def test_the_hr_adviser_corrects_every_field_and_the_trail_keeps_it(
    login, members, employees, voorbeeldstad, planned
):
    action = planned[0]
    client = login(members[HR])
    page = client.get(url("actions:edit", action.pk))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    # The chosen employee is a chip with a hidden input and a remove button.
    assert f'<input type="hidden" name="employees" value="{employees[1].pk}">' in page.text
    assert employees[1].name in page.text

    chosen = Competence.objects.filter(organisation=voorbeeldstad).order_by("code")[:2]
    response = client.post(
        url("actions:edit", action.pk),
        edit_data(
            action,
            kind="training",
            held_on=days_ago(3).isoformat(),
            hours="2,5",
            status="done",
            notes="Gecorrigeerd",
            employees=[employees[1].pk, employees[5].pk],
            competences=[c.pk for c in chosen],
            next=url("actions:list") + "?status=planned",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url("actions:list") + "?status=planned"
    action.refresh_from_db()
    assert (action.kind, action.held_on, action.status, action.notes) == (
        "training",
        days_ago(3),
        "done",
        "Gecorrigeerd",
    )
    assert str(action.hours) == "2.5"
    assert set(action.employees.all()) == {employees[1], employees[5]}
    assert set(action.competences.all()) == set(chosen)
    # Who and when: in the history, and for each employee in the access log.
    latest = action.history.latest()
    assert latest.history_user == members[HR]
    assert latest.history_type == "~"
    logged = AccessLogEntry.objects.filter(action="update", user=members[HR])
    assert {e.employee_id for e in logged} == {employees[1].pk, employees[5].pk}

    trail = client.get(url("actions:edit", action.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert 'class="mw-trail"' in trail.text
    assert "Gecorrigeerd" in trail.text


def test_an_invalid_correction_is_answered_at_the_field(login, members, planned):
    action = planned[0]
    response = login(members[HR]).post(
        url("actions:edit", action.pk), edit_data(action, employees=[], hours="-1")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "employees" in form.errors and "hours" in form.errors
    assert 'id="id_employees_error"' in response.text
    action.refresh_from_db()
    assert action.employees.count() == 1


def test_a_whole_unit_action_keeps_its_employees_when_corrected(
    login, members, employees, units, voorbeeldstad
):
    action = log(voorbeeldstad, members[HR], unit=units[0], whole_unit=True)
    EmployeeFactory(name="Nieuwkomer", unit=units[0])
    response = login(members[HR]).post(
        url("actions:edit", action.pk), edit_data(action, notes="Later aangevuld")
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.notes == "Later aangevuld"
    assert set(action.employees.all()) == set(employees)


def test_training_attendance_is_corrected_on_its_own_page(
    login, members, employees, adoption_world
):
    session = adoption_world["rows"]["training"]
    client = login(members[HR])
    client.post(url("actions:training_attendance", session.pk), {"attendees": [employees[1].pk]})
    action = SkillsAction.objects.get(training_session=session)
    page = client.get(url("actions:edit", action.pk))
    assert url("actions:training_attendance", session.pk) in page.text
    assert page.context["form"] is None
    assert client.get(url("actions:delete", action.pk)).status_code == 404


def test_another_organisations_action_is_not_found(login, other_members, planned):
    client = login(other_members[HR])
    assert client.get(url("actions:edit", planned[0].pk)).status_code == 404
    assert client.get(url("actions:delete", planned[0].pk)).status_code == 404
    assert client.post(url("actions:status", planned[0].pk), {"to": "done"}).status_code == 404
    client.post(url("actions:bulk"), {"to": "done", "selected": [planned[0].pk]})
    planned[0].refresh_from_db()
    assert planned[0].status == "planned"


@pytest.mark.parametrize("role", [Role.PROGRAMME_MANAGER, Role.DIRECTOR, ADMIN])
def test_only_the_hr_adviser_corrects_actions(login, members, planned, role):
    client = login(members[role])
    assert client.get(url("actions:edit", planned[0].pk)).status_code == 403
    assert client.post(url("actions:status", planned[0].pk), {"to": "done"}).status_code == 403
    assert client.post(url("actions:bulk"), {"to": "done", "scope": "matching"}).status_code == 403
    assert SkillsAction.objects.filter(status="done").count() == 0


# --- Deleting -----------------------------------------------------------------------------------


def test_deleting_needs_a_reason_which_the_history_keeps(login, members, employees, planned):
    action = planned[0]
    client = login(members[HR])
    page = client.get(url("actions:delete", action.pk))
    assert page.status_code == 200
    assert employees[1].name in page.text
    refused = client.post(url("actions:delete", action.pk), {"reason": "  "})
    assert refused.status_code == 200
    assert 'id="id_reason_error"' in refused.text
    assert SkillsAction.objects.filter(pk=action.pk).exists()
    too_long = client.post(url("actions:delete", action.pk), {"reason": "x" * 101})
    assert "reason" in too_long.context["form"].errors

    response = client.post(url("actions:delete", action.pk), {"reason": "Dubbel ingevoerd"})
    assert response.status_code == 302
    assert not SkillsAction.objects.filter(pk=action.pk).exists()
    gone = SkillsAction.history.get(id=action.pk, history_type="-")
    assert gone.history_change_reason == "Dubbel ingevoerd"
    assert gone.history_user == members[HR]
    entry = AccessLogEntry.objects.filter(employee=employees[1], action="update").latest("pk")
    assert "Dubbel ingevoerd" in entry.detail


# --- Status, one by one and in bulk --------------------------------------------------------------


def test_one_action_is_done_in_place_with_htmx(login, members, planned):
    client = login(members[HR])
    response = client.post(
        url("actions:status", planned[0].pk),
        {"to": "done", "next": url("actions:list")},
        headers=HTMX,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith(
        f'<tr class="utrecht-table__row" id="action-{planned[0].pk}"'
    )
    # Colour and words: a green badge that says so.
    assert badge(response.text, planned[0].pk) == ("green", "done", "Afgerond")
    assert 'id="list-status"' in response.text and 'hx-swap-oob="true"' in response.text
    planned[0].refresh_from_db()
    assert planned[0].status == "done"
    assert planned[0].history.latest().history_user == members[HR]


def test_without_javascript_the_list_comes_back(login, members, planned):
    back = url("actions:list") + "?status=planned"
    response = login(members[HR]).post(
        url("actions:status", planned[1].pk), {"to": "cancelled", "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    planned[1].refresh_from_db()
    assert planned[1].status == "cancelled"
    # Never to another site.
    away = login(members[HR]).post(
        url("actions:status", planned[2].pk), {"to": "cancelled", "next": "https://example.com/"}
    )
    assert away["Location"] == url("actions:list")


def test_an_action_is_never_done_before_its_date(login, members, planned):
    response = login(members[HR]).post(url("actions:status", planned[3].pk), {"to": "done"})
    assert response.status_code == 302
    planned[3].refresh_from_db()
    assert planned[3].status == "planned"


def test_the_ticked_actions_are_done_together(login, members, planned, logged_actions):
    client = login(members[HR])
    done_already = logged_actions[0]
    response = client.post(
        url("actions:bulk"),
        {"to": "done", "selected": [planned[0].pk, planned[1].pk, done_already.pk]},
    )
    assert response.status_code == 302
    assert {a.pk for a in SkillsAction.objects.filter(status="done", notes="Casus")} == {
        planned[0].pk,
        planned[1].pk,
    }
    messages = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert messages and "2" in messages[0] and "1" in messages[0]
    nothing = client.post(url("actions:bulk"), {"to": "done"})
    assert nothing.status_code == 302


def test_a_session_is_done_in_one_go(login, members, planned):
    response = login(members[HR]).post(
        url("actions:bulk") + "?scope=session", {"to": "done", "session_of": planned[0].pk}
    )
    assert response.status_code == 302
    assert [
        a.status for a in SkillsAction.objects.filter(pk__in=[p.pk for p in planned]).order_by("pk")
    ] == [
        "done",
        "done",
        "done",
        "planned",  # another date: another session
    ]


def test_another_advisers_actions_of_that_day_are_another_session(
    login, members, planned, voorbeeldstad, employees
):
    from tests.factories import MembershipFactory

    colleague = MembershipFactory(organisation=voorbeeldstad, role=HR).user
    theirs = log(
        voorbeeldstad,
        colleague,
        kind="intervisie",
        employees=[employees[5]],
        status="planned",
        notes="Casus",
    )
    login(members[HR]).post(
        url("actions:bulk") + "?scope=session", {"to": "done", "session_of": planned[0].pk}
    )
    theirs.refresh_from_db()
    assert theirs.status == "planned"


def test_a_session_that_is_no_number_is_not_found(login, members, planned):
    response = login(members[HR]).post(
        url("actions:bulk") + "?scope=session", {"to": "done", "session_of": "abc"}
    )
    assert response.status_code == 404


def test_a_teams_planned_actions_up_to_a_date_are_done_together(
    login, members, employees, units, voorbeeldstad, planned
):
    elsewhere = log(
        voorbeeldstad,
        members[HR],
        employees=[EmployeeFactory(unit=units[1])],
        status="planned",
    )
    older = log(
        voorbeeldstad, members[HR], employees=[employees[5]], status="planned", held_on=days_ago(40)
    )
    client = login(members[HR])
    page = client.get(url("actions:list"), {"unit": units[0].pk, "end": days_ago(20).isoformat()})
    assert page.context["planned_matching"] == 1
    assert "?scope=matching" in page.text
    matching = {"to": "done", "unit": units[0].pk, "end": days_ago(20).isoformat()}
    # Asked once more first, with how many will change; nothing changes yet.
    asked = client.post(url("actions:bulk") + "?scope=matching", matching)
    assert asked.status_code == 200 and asked.context["count"] == 1
    assert "1 geplande actie als afgerond markeren?" in asked.text
    assert 'name="confirmed" value="yes"' in asked.text
    assert f'name="unit" value="{units[0].pk}"' in asked.text
    older.refresh_from_db()
    assert older.status == "planned"
    client.post(url("actions:bulk") + "?scope=matching", {**matching, "confirmed": "yes"})
    older.refresh_from_db()
    elsewhere.refresh_from_db()
    assert older.status == "done"
    assert elsewhere.status == "planned"
    assert (
        SkillsAction.objects.filter(pk__in=[p.pk for p in planned], status="planned").count() == 4
    )


def test_the_button_for_all_matching_counts_only_what_it_would_mark_done(login, members, planned):
    """The list's planned actions include one next month: the button beside the filters
    counts those up to today, the ones it marks done, and so does the question after."""
    client = login(members[HR])
    page = client.get(url("actions:list"), {"status": "planned"})
    up_to_today = [a for a in planned if a.held_on <= today()]
    assert 0 < len(up_to_today) < len(planned)
    assert page.context["planned_matching"] == len(up_to_today)
    bulk, data = url("actions:bulk") + "?scope=matching", {"to": "done", "status": "planned"}
    asked = client.post(bulk, data)
    assert (asked.context["count"], asked.context["staying"]) == (
        len(up_to_today),
        len(planned) - len(up_to_today),
    )
    english = login(members[HR])
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    asked = english.post(bulk, data)
    assert f"Mark {len(up_to_today)} planned actions as done?" in asked.text
    assert "Back to the list, nothing changed" in asked.text


def test_the_question_before_marking_all_matching_does_not_grow_with_them(
    login, members, employees, voorbeeldstad, django_assert_max_num_queries
):
    client = login(members[HR])
    question = url("actions:bulk") + "?scope=matching"

    def plan(n):
        for _ in range(n):
            log(voorbeeldstad, members[HR], employees=employees[1:3], status="planned")

    plan(2)
    with django_assert_max_num_queries(30) as few:
        assert client.post(question, {"to": "done"}).context["count"] == 2
    plan(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.post(question, {"to": "done"}).context["count"] == 32


def test_the_list_shows_planned_and_done_differently_and_offers_the_tools(
    login, members, planned, logged_actions
):
    page = login(members[HR]).get(url("actions:list"))
    text = page.text
    assert badge(text, planned[0].pk) == ("amber", "planned", "Gepland")
    assert badge(text, logged_actions[0].pk) == ("green", "done", "Afgerond")
    assert 'name="selected"' in text and 'id="select-all"' in text
    assert url("actions:status", planned[0].pk) in text
    assert url("actions:edit", planned[0].pk) in text
    # No "done" for the one next month; "cancelled" it may become.
    row = re.search(rf'id="action-{planned[3].pk}".*?</tr>', text, re.S).group(0)
    assert 'value="done"' not in row and 'value="cancelled"' in row
    # The admin reads the list, but changes nothing.
    admin_page = login(members[ADMIN]).get(url("actions:list"))
    assert 'name="selected"' not in admin_page.text
    assert url("actions:status", planned[0].pk) not in admin_page.text


# --- Duplicates ---------------------------------------------------------------------------------


def test_a_duplicate_is_only_logged_when_saved_anyway(login, members, employees, voorbeeldstad):
    chosen = Competence.objects.filter(organisation=voorbeeldstad).order_by("code")[:2]
    log(
        voorbeeldstad,
        members[HR],
        employees=employees[1:3],
        competences=chosen,
        held_on=days_ago(2),
    )
    data = {
        "kind": "training",
        "held_on": days_ago(2).isoformat(),
        "status": "done",
        "employees": [e.pk for e in employees[1:4]],
        "competences": [c.pk for c in chosen],
    }
    client = login(members[HR])
    warned = client.post(url("actions:log"), data, headers=HTMX, HTTP_ACCEPT_LANGUAGE="en")
    assert warned.status_code == 200
    assert warned.context["form"].duplicates == 2
    assert "2 van de 3 gekozen medewerkers hebben deze actie al" in warned.text
    assert 'name="save_anyway"' in warned.text
    assert SkillsAction.objects.count() == 1
    # Other competences: not a duplicate.
    other = client.post(url("actions:log"), {**data, "competences": [chosen[0].pk]}, headers=HTMX)
    assert not other.context["form"].duplicates
    assert SkillsAction.objects.count() == 2
    saved = client.post(url("actions:log"), {**data, "save_anyway": "1"}, headers=HTMX)
    assert saved.status_code == 200 and not saved.context["form"].is_bound
    assert SkillsAction.objects.count() == 3


def test_a_cancelled_action_and_the_action_itself_are_no_duplicates(
    login, members, employees, voorbeeldstad
):
    first = log(voorbeeldstad, members[HR], employees=[employees[1]], held_on=days_ago(2))
    again = log(voorbeeldstad, members[HR], employees=[employees[1]], held_on=days_ago(2))
    client = login(members[HR])
    # Correcting one of two look-alikes warns about the other.
    response = client.post(url("actions:edit", again.pk), edit_data(again, notes="x"))
    assert response.status_code == 200 and response.context["form"].duplicates == 1
    services.skills_actions_set_status(actions=[first], status="cancelled", by=members[HR])
    response = client.post(url("actions:edit", again.pk), edit_data(again, notes="x"))
    assert response.status_code == 302


# --- Exports ------------------------------------------------------------------------------------


def test_the_export_has_the_filters_and_neutralises_formulas(
    login, members, employees, voorbeeldstad, planned
):
    log(voorbeeldstad, members[HR], employees=[employees[5]], notes='=HYPERLINK("x")')
    client = login(members[HR])
    response = client.get(url("actions:export", "xlsx"), {"kind": "training"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.values)
    assert len(rows) == 2  # the header and the one training
    assert rows[1][3] == employees[5].name
    # A text cell: shown as it was typed, never run as a formula.
    notes = book.active["H2"]
    assert (notes.value, notes.data_type) == ('=HYPERLINK("x")', "s")
    assert AccessLogEntry.objects.filter(action="export", user=members[HR]).count() == 1

    as_csv = client.get(url("actions:export", "csv"), {"kind": "intervisie"})
    text = b"".join(as_csv.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(lines) == 5
    assert {line[3] for line in lines[1:]} == {e.name for e in employees[1:5]}
    # In a CSV file a cell is whatever it starts with: the formula gets a quote.
    training = client.get(url("actions:export", "csv"), {"kind": "training"})
    text = b"".join(training.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1][7] == '\'=HYPERLINK("x")'
    assert client.get(url("actions:export", "pdf")).status_code == 404


def test_the_admin_exports_too_the_others_do_not(login, members, planned):
    assert login(members[ADMIN]).get(url("actions:export", "csv")).status_code == 200
    for role in (Role.PROGRAMME_MANAGER, Role.DIRECTOR):
        assert login(members[role]).get(url("actions:export", "csv")).status_code == 403


# --- Size and queries ---------------------------------------------------------------------------


def _employees_in_bulk(organisation, units, count):
    """`count` more employees in the organisation's first two units, in one query."""
    start = Employee.objects.filter(organisation=organisation).count()
    Employee.objects.bulk_create(
        Employee(
            organisation=organisation,
            personnel_number=f"B{n:06d}",
            name=f"Bulk Medewerker {n:06d}",
            unit=units[n % 2],
        )
        for n in range(start, start + count)
    )


def test_the_logging_page_does_not_grow_with_the_employees(
    login, members, employees, units, voorbeeldstad, planned, django_assert_max_num_queries
):
    client = login(members[HR])
    _employees_in_bulk(voorbeeldstad, units, 130 - len(employees))
    client.get(url("actions:log"))
    with django_assert_max_num_queries(40) as small:
        small_page = client.get(url("actions:log"))
    _employees_in_bulk(
        voorbeeldstad, units, 5000 - Employee.objects.filter(organisation=voorbeeldstad).count()
    )
    assert Employee.objects.filter(organisation=voorbeeldstad).count() >= 5000
    with django_assert_max_num_queries(len(small.captured_queries)):
        large_page = client.get(url("actions:log"))
    # The same bytes, give or take a token and a number.
    assert abs(len(large_page.content) - len(small_page.content)) < 200
    assert len(large_page.content) < 60_000
    search = client.get(url("actions:employee_search"), {"q": "bulk"}, headers=HTMX)
    assert search.text.count('role="option"') == 20


def test_an_action_for_many_hand_picked_people_stays_one_line_on_the_logging_page(
    login, members, units, voorbeeldstad
):
    _employees_in_bulk(voorbeeldstad, units, 60)
    people = list(Employee.objects.filter(organisation=voorbeeldstad).order_by("name")[:50])
    log(voorbeeldstad, members[HR], employees=people)
    page = login(members[HR]).get(url("actions:log"))
    assert "en nog 47 medewerkers" in page.text
    assert people[10].name not in page.text


@pytest.mark.parametrize("name", ["edit", "delete", "list", "export", "search", "status"])
def test_pages_need_a_number_of_queries_that_does_not_grow(
    login,
    members,
    employees,
    units,
    voorbeeldstad,
    planned,
    name,
    django_assert_max_num_queries,
):
    client = login(members[HR])
    action = planned[0]

    def request():
        if name == "status":
            SkillsAction.objects.filter(pk=action.pk).update(status="planned")
            return client.post(url("actions:status", action.pk), {"to": "cancelled"}, headers=HTMX)
        if name == "search":
            return client.get(url("actions:employee_search"), {"q": "e"}, headers=HTMX)
        if name == "export":
            return client.get(url("actions:export", "xlsx"))
        if name in ("edit", "delete"):
            return client.get(url(f"actions:{name}", action.pk))
        return client.get(url("actions:list"))

    request()
    with django_assert_max_num_queries(40) as small:
        assert request().status_code == 200
    _employees_in_bulk(voorbeeldstad, units, 300)
    for n in range(25):
        log(voorbeeldstad, members[HR], employees=employees[:3], held_on=days_ago(n + 1))
        log(voorbeeldstad, members[HR], unit=units[n % 2], whole_unit=True, held_on=days_ago(n + 1))
    for _ in range(5):
        # More changes in the trail.
        services.skills_actions_set_status(actions=[action], status="planned", by=members[HR])
        action.status = "done"
        action.save()
    action.status = "planned"
    action.save()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert request().status_code == 200


def test_bulk_changes_need_a_number_of_queries_that_does_not_grow(
    login, members, employees, voorbeeldstad, django_assert_max_num_queries
):
    client = login(members[HR])

    def planned(n):
        return [
            log(voorbeeldstad, members[HR], employees=employees[:3], status="planned").pk
            for _ in range(n)
        ]

    client.post(url("actions:bulk"), {"to": "done", "selected": planned(2)})
    few = planned(2)
    with django_assert_max_num_queries(30) as small:
        client.post(url("actions:bulk"), {"to": "done", "selected": few})
    many = planned(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.post(url("actions:bulk"), {"to": "done", "selected": many})
    assert SkillsAction.objects.filter(status="planned").count() == 0
