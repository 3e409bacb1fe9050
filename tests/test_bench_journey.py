"""The pure parts of bench/journey.py: the users per role, their journeys, the form of a
skills action, the percentiles, the targets and the results."""

import datetime
import http.server
import random
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings

from bench.journey import (
    LOG_ACTION,
    LOG_PATH,
    MIX,
    Browser,
    Step,
    action_fields,
    action_form,
    connections,
    cookie_jar,
    gunicorn_arguments,
    journey,
    judge,
    markdown,
    organisation_slug,
    page_step,
    percentile,
    plan,
    succeeded,
    summarise,
    think_time,
    update_jar,
    virtual_users,
)
from bench.pages import DIRECTOR, HR, PM


def test_importing_the_journey_sets_nothing_up():
    code = "import bench.journey; from django.apps import apps; print(apps.apps_ready, apps.ready)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


# --- Who, and what they do ---------------------------------------------------------------------


def test_fifty_users_are_the_issues_mix():
    assert plan(50) == {PM: 15, HR: 20, DIRECTOR: 15}
    assert plan(50) == MIX


@pytest.mark.parametrize("users", [1, 2, 3, 7, 10, 11, 49, 100, 101])
def test_any_number_of_users_is_split_in_proportion(users):
    planned = plan(users)
    assert sum(planned.values()) == users
    for role, weight in MIX.items():
        assert abs(planned[role] - users * weight / 50) < 1


def test_ten_users_are_three_managers_four_advisers_three_directors():
    assert plan(10) == {PM: 3, HR: 4, DIRECTOR: 3}
    assert plan(1) == {PM: 0, HR: 1, DIRECTOR: 0}


def test_the_roles_take_turns_among_the_virtual_users():
    assert virtual_users({PM: 2, HR: 3, DIRECTOR: 1}) == [PM, HR, DIRECTOR, PM, HR, HR]


def test_each_role_walks_its_journey_on_the_pages_of_bench_pages():
    assert [step.name for step in journey(PM)] == [
        "dashboard",
        "programme",
        "initiative",
        "phase board",
        "adoption track",
        "decision requests",
    ]
    assert [step.path for step in journey(DIRECTOR)] == [
        "/dashboard/",
        "/visie-en-programma/programma/{programme}/",
        "/rapportages/",
        "/inclusie/lessen/",
        "/inclusie/dashboard/",
        "/inclusie/vaardigheden/kloof/",
    ]
    hr = journey(HR)
    assert [step.path for step in hr] == [
        "/dashboard/",
        "/inclusie/acties/",
        "/inclusie/acties/",
        "/inclusie/acties/overzicht/",
        "/inclusie/medewerkers/{employee}/",
        "/inclusie/vaardigheden/kloof/",
    ]
    assert hr[2] is LOG_ACTION
    assert (LOG_ACTION.method, LOG_ACTION.expect) == ("POST", 302)
    assert all(step.method == "GET" and step.expect == 200 for step in hr if step is not LOG_ACTION)


def test_a_page_the_role_may_not_open_is_not_a_step():
    with pytest.raises(ValueError, match="employee"):
        page_step("employee", DIRECTOR)
    with pytest.raises(ValueError):
        page_step("no such page", PM)


def test_think_times_lie_around_the_mean_and_repeat_with_the_seed():
    first = [think_time(random.Random("18-1"), 3.0) for _ in range(3)]
    rng = random.Random("18-1")
    pauses = [think_time(rng, 3.0) for _ in range(1000)]
    assert all(1.5 <= pause <= 4.5 for pause in pauses)
    assert 2.8 < sum(pauses) / len(pauses) < 3.2
    assert first == [think_time(random.Random("18-1"), 3.0) for _ in range(3)]
    assert think_time(random.Random(1), 0) == 0


# --- The form for logging skills actions -------------------------------------------------------

FORM = """
<form id="action-form" method="post" action="/inclusie/acties/">
  <input type="hidden" name="csrfmiddlewaretoken" value="TOKEN123">
  <select name="kind" class="utrecht-select" id="id_kind" autofocus>
    <option value="training" selected>training</option>
    <option value="intervisie">intervisie on practice cases</option>
  </select>
  <input type="date" name="held_on" value="2026-12-03" id="id_held_on">
  <select name="unit" id="id_unit"><option value="" selected>All units</option>
    <option value="7">Team Wmo</option></select>
  <input type="checkbox" name="competences" value="11" id="id_competences_0">
  <input type="checkbox" name="competences" value="12" id="id_competences_1">
  <input type="checkbox" name="competences" value="13" id="id_competences_2">
  <input type="search" id="employee-search" name="q" value="">
  <select name="status" id="id_status"><option value="planned">planned</option>
    <option value="done" selected>done</option><option value="cancelled">cancelled</option>
  </select>
  <select name="initiative" id="id_initiative"><option value="">No initiative</option></select>
</form>
"""


def test_the_form_gives_its_token_types_and_competences():
    assert action_form(FORM) == {
        "csrf": "TOKEN123",
        "kinds": ["training", "intervisie"],
        "competences": ["11", "12", "13"],
    }


def test_a_page_without_the_form_is_refused():
    with pytest.raises(ValueError):
        action_form('<input type="hidden" name="csrfmiddlewaretoken" value="T">')


def test_an_action_is_sent_for_one_employee_done_in_the_past():
    form = action_form(FORM)
    today = datetime.date(2026, 12, 3)
    for seed in range(50):
        fields = action_fields(form, 42, random.Random(seed), today, "note")
        sent = dict(fields)
        assert sent["csrfmiddlewaretoken"] == "TOKEN123"
        assert sent["kind"] in form["kinds"]
        assert sent["employees"] == "42"
        assert sent["status"] == "done"
        assert sent["unit"] == sent["initiative"] == ""
        held_on = datetime.date.fromisoformat(sent["held_on"])
        assert today - datetime.timedelta(days=89) <= held_on <= today
        competences = [value for name, value in fields if name == "competences"]
        assert 1 <= len(competences) <= 2
        assert set(competences) <= set(form["competences"])
    assert action_fields(form, 42, random.Random(5), today, "n") == action_fields(
        form, 42, random.Random(5), today, "n"
    )


def test_the_post_succeeds_only_with_the_redirect_back_to_the_form():
    assert succeeded(LOG_ACTION, 302, f"{LOG_PATH}?kind=training&held_on=2026-12-01")
    assert not succeeded(LOG_ACTION, 302, "/accounts/login/?next=/inclusie/acties/")
    assert not succeeded(LOG_ACTION, 200, "")  # the form back: a duplicate or an error
    page = Step("dashboard", "/dashboard/")
    assert succeeded(page, 200, "")
    assert not succeeded(page, 302, "/accounts/login/")
    assert not succeeded(page, 503, "")


def test_the_cookies_follow_the_responses():
    jar = cookie_jar("csrftoken=abc; sessionid=s1")
    assert jar == {"csrftoken": "abc", "sessionid": "s1"}
    update_jar(
        jar,
        [
            "sessionid=s2; expires=Thu, 03 Dec 2026 12:00:00 GMT; HttpOnly; Path=/",
            "messages=m1; Path=/",
        ],
    )
    assert jar == {"csrftoken": "abc", "sessionid": "s2", "messages": "m1"}
    update_jar(jar, ['messages=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/'])
    assert jar == {"csrftoken": "abc", "sessionid": "s2"}


def test_gunicorn_gets_threads_and_keep_alive():
    assert gunicorn_arguments(4, 5, 60) == (
        "--worker-class gthread --threads 4 --keep-alive 5 --timeout 60"
    )
    assert gunicorn_arguments(1, 5, 30).startswith("--worker-class sync ")


# --- Figures -----------------------------------------------------------------------------------


def test_percentiles_lie_between_the_closest_ranks():
    values = [float(n) for n in range(1, 101)]  # 1 … 100
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile(values, 99) == pytest.approx(99.01)
    assert percentile(values, 0) == 1
    assert percentile(values, 100) == 100
    assert percentile([7.0], 95) == 7
    assert percentile([3.0, 1.0, 2.0], 50) == 2
    assert percentile([], 50) is None


def record(role, step, ms, status=200, error=None):
    return {"role": role, "step": step, "status": status, "ms": ms, "error": error, "at": 0.0}


def records():
    found = [record(PM, "dashboard", float(ms)) for ms in range(10, 110, 10)]
    found += [record(PM, "programme", 200.0), record(PM, "programme", 400.0)]
    found += [record(HR, LOG_ACTION.name, 80.0, status=302) for _ in range(3)]
    found.append(record(HR, LOG_ACTION.name, 90.0, status=200, error="form back"))
    found.append(record(HR, "dashboard", 30000.0, status=None, error="dashboard: TimeoutError"))
    found.append(record(DIRECTOR, "reports", 120.0, status=503, error="reports: HTTP 503"))
    return found


PLANNED = {PM: 1, HR: 1, DIRECTOR: 1}


def test_the_summary_has_every_step_of_every_role_in_journey_order():
    summary = summarise(records(), 10.0, PLANNED)
    assert summary["overall"]["count"] == 18
    assert summary["overall"]["errors"] == 3
    assert summary["rps"] == pytest.approx(1.8)
    assert summary["statuses"] == {"200": 13, "302": 3, "503": 1, "failed": 1}
    assert summary["unavailable"] == 1
    assert summary["posted"] == 3
    rows = {(row["role"], row["step"]): row for row in summary["rows"]}
    assert len(summary["rows"]) == 18  # six steps of three roles, also those not taken
    assert [row["step"] for row in summary["rows"][:6]] == [step.name for step in journey(PM)]
    dashboard = rows[PM, "dashboard"]
    assert (dashboard["count"], dashboard["errors"]) == (10, 0)
    assert dashboard["p50"] == pytest.approx(55)
    assert rows[HR, LOG_ACTION.name]["errors"] == 1
    assert rows[DIRECTOR, "lessons"]["count"] == 0
    assert rows[DIRECTOR, "lessons"]["p95"] is None
    assert dict(summary["errors"])["reports: HTTP 503"] == 1


def test_a_role_without_users_has_no_rows():
    summary = summarise(records()[:10], 10.0, {PM: 1, HR: 0, DIRECTOR: 0})
    assert {row["role"] for row in summary["rows"]} == {PM}


def test_connections_peak_and_median():
    samples = [{"total": n, "gunicorn": n - 2} for n in (5, 9, 7, 12, 8)]
    assert connections(samples) == {
        "samples": 5,
        "peak": 12,
        "median": 8,
        "gunicorn_peak": 10,
        "gunicorn_median": 6,
    }
    assert connections([])["peak"] == 0


def clean_summary(p95_ms=250.0):
    found = [record(PM, "dashboard", 100.0) for _ in range(90)]
    found += [record(PM, "dashboard", p95_ms) for _ in range(10)]
    found += [record(HR, LOG_ACTION.name, 90.0, status=302) for _ in range(4)]
    return summarise(found, 60.0, PLANNED)


POOL = {"samples": 60, "peak": 14, "median": 11, "gunicorn_peak": 10, "gunicorn_median": 8}


def test_the_targets_are_met_by_a_clean_fast_run():
    verdicts = judge(clean_summary(), POOL, 100, {"before": 100, "after": 104})
    assert [verdict["met"] for verdict in verdicts] == [True, True, True]
    assert verdicts[0]["figure"].startswith("0 errors in 104 requests")
    assert verdicts[1]["figure"] == "p95 250 ms"
    assert "at most 14 connections" in verdicts[2]["figure"]


def test_each_target_is_missed_with_its_figure():
    slow = judge(clean_summary(p95_ms=400.0), POOL, 100, {"before": 100, "after": 104})
    assert [verdict["met"] for verdict in slow] == [True, False, True]
    assert slow[1]["figure"] == "p95 400 ms"
    # Actions missing from the database are an error even when every answer was right.
    lost = judge(clean_summary(), POOL, 100, {"before": 100, "after": 103})
    assert not lost[0]["met"]
    assert "grew by 3 for 4 successful POSTs" in lost[0]["figure"]
    broken = judge(summarise(records(), 10.0, PLANNED), POOL, 100, {"before": 0, "after": 3})
    assert [verdict["met"] for verdict in broken] == [False, False, False]
    assert "1 responses 503" in broken[2]["figure"]
    full = judge(clean_summary(), {**POOL, "peak": 100}, 100, {"before": 0, "after": 4})
    assert not full[2]["met"]


def info(summary):
    pool = POOL
    actions = {"before": 100, "after": 104}
    return {
        "when": "2026-12-03 05:00 UTC",
        "command": "bench/journey.py --scratch",
        "total": 720.0,
        "label": "Gemeente Grootstad (schaal 4), `grootstad-4`",
        "plan": PLANNED,
        "duration": 300.0,
        "think": 3.0,
        "seed": 18,
        "timeout": 30.0,
        "gunicorn": {"workers": 2, "threads": 4, "kind": "gthread", "keepalive": 5, "pool": 4},
        "counts": {"employees": 4000, "skills actions": 40080},
        "machine": {"CPUs": "2 x AMD EPYC", "gunicorn": "27.0.1, 2 gthread workers x 4 threads"},
        "connections": pool,
        "max_connections": 100,
        "actions": actions,
        "http": {"opened": 60, "retried": 2},
        "verdicts": judge(summary, pool, 100, actions),
    }


def test_the_results_say_what_ran_and_whether_the_targets_were_met():
    summary = clean_summary()
    text = markdown(summary, info(summary))
    assert text.startswith("# A mixed journey of concurrent users on the large organisation\n")
    assert "`bench/journey.py --scratch`" in text
    assert "2 workers x 4 threads (gthread, keep-alive 5 s)" in text
    assert "- programme manager: dashboard, programme, initiative, phase board" in text
    assert "| employees | 4,000 |" in text
    assert "- CPUs: 2 x AMD EPYC" in text
    assert "104 requests in 300 s, 1.7 requests/s; 0 errors" in text
    assert "| programme manager | dashboard | 100 | 0 | 100 | 250 | 250 |" in text
    assert "| HR adviser | log a skills action (POST) | 4 | 0 | 90 | 90 | 90 |" in text
    assert "| director | lessons | 0 | 0 | - | - | - |" in text
    assert "opened 60 connections to gunicorn for these 104 requests" in text
    assert "2 requests were sent once more" in text
    assert "at most **14**, median 11" in text
    assert "ceiling of 8 (2 workers x 4)" in text
    assert "- 0 errors: met (" in text
    assert "- p95 below 300 ms: met (p95 250 ms)" in text
    assert "- no connection exhaustion: met (0 responses 503" in text
    assert "The errors" not in text


def test_the_results_list_the_errors_and_the_targets_missed():
    summary = summarise(records(), 10.0, PLANNED)
    text = markdown(summary, info(summary))
    assert "The errors, most frequent first:" in text
    assert "- 1 x dashboard: TimeoutError" in text
    assert "Statuses: 200 13, 302 3, 503 1, failed 1." in text
    assert "- 0 errors: **not met** (3 errors in 18 requests" in text
    assert "- no connection exhaustion: **not met** (1 responses 503" in text


def test_the_organisation_is_the_large_one_or_at_scale_one_the_demo():
    assert organisation_slug(4) == "grootstad-4"
    assert organisation_slug(0.5) == "grootstad-0-5"
    assert organisation_slug(1) == "voorbeeldstad"


# --- The virtual user's browser, against a little server of this process ------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive

    def do_GET(self):
        body = self.headers.get("Cookie", "").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "sessionid=s2; HttpOnly; Path=/")
        self.end_headers()
        self.wfile.write(body)
        # As gunicorn closes an idle keep-alive connection: without saying so before.
        self.close_connection = self.path == "/closing/"

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(302)
        self.send_header("Location", "/inclusie/acties/?kind=training")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def little_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_browser_keeps_its_connection_and_its_cookies(little_server):
    browser = Browser(little_server, "csrftoken=abc; sessionid=s1", timeout=5, keepalive=5)
    assert browser.send("GET", "/dashboard/") == (200, "", "csrftoken=abc; sessionid=s1")
    assert browser.send("GET", "/dashboard/")[2] == "csrftoken=abc; sessionid=s2"
    status, location, _ = browser.send("POST", LOG_PATH, [("kind", "training")])
    assert (status, location) == (302, "/inclusie/acties/?kind=training")
    assert (browser.opened, browser.retried) == (1, 0)
    browser.close()


def test_the_browser_opens_a_new_connection_after_an_idle_keep_alive(little_server):
    browser = Browser(little_server, "sessionid=s1", timeout=5, keepalive=0.6)
    browser.send("GET", "/dashboard/")
    time.sleep(0.2)
    browser.send("GET", "/dashboard/")
    assert browser.opened == 2
    browser.close()


def test_the_browser_sends_once_more_when_the_server_closed_the_connection(little_server):
    browser = Browser(little_server, "sessionid=s1", timeout=5, keepalive=5)
    browser.send("GET", "/closing/")
    time.sleep(0.1)
    assert browser.send("GET", "/dashboard/")[0] == 200
    assert (browser.opened, browser.retried) == (2, 1)
    browser.close()
