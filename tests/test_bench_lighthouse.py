"""The pure parts of bench/lighthouse.py: reading the login form and Lighthouse's report,
choosing the median run and writing the results."""

from bench.lighthouse import (
    PAGES,
    cookies,
    csrf_token,
    markdown,
    median_run,
    missed,
    stylesheets,
    summarise,
)


def report(performance=0.99, accessibility=1, lcp=1600, failed_audit_score=1, shifted=()):
    return {
        "categories": {
            "performance": {"score": performance, "auditRefs": []},
            "accessibility": {
                "score": accessibility,
                "auditRefs": [
                    {"id": "target-size", "weight": 7},
                    {"id": "meta-viewport", "weight": 0},
                ],
            },
            "best-practices": {"score": 1, "auditRefs": [{"id": "errors-in-console", "weight": 1}]},
        },
        "audits": {
            "resource-summary": {
                "details": {
                    "items": [
                        {"resourceType": "total", "transferSize": 102400},
                        {"resourceType": "stylesheet", "transferSize": 24576},
                    ]
                }
            },
            "largest-contentful-paint": {"numericValue": lcp},
            "first-contentful-paint": {"numericValue": 1100},
            "total-blocking-time": {"numericValue": 40},
            "cumulative-layout-shift": {"numericValue": 0.05 if shifted else 0},
            "render-blocking-resources": {"numericValue": 150},
            "unused-css-rules": {"details": {"overallSavingsBytes": 2048}},
            "target-size": {"score": failed_audit_score},
            "meta-viewport": {"score": 0},  # weight 0: not counted
            "errors-in-console": {"score": None},  # not applicable
            "layout-shifts": {
                "details": {"items": [{"node": {"selector": name}} for name in shifted]}
            },
        },
    }


def test_a_report_becomes_the_figures_of_the_table():
    figures = summarise(report(performance=0.943, lcp=4012, shifted=["main > form"]))
    assert figures["performance"] == 94
    assert figures["accessibility"] == 100
    assert figures["best-practices"] == 100
    assert figures["lcp"] == 4.012
    assert figures["css_kb"] == 24
    assert figures["total_kb"] == 100
    assert figures["unused_css_kb"] == 2
    assert figures["failed"] == []
    assert figures["shifts"] == ["main > form"]


def test_failed_audits_are_those_that_count_and_failed():
    figures = summarise(report(accessibility=0.97, failed_audit_score=0))
    assert figures["failed"] == ["target-size"]
    assert missed(figures) == ["accessibility 97 (3 below 100)"]


def test_the_median_run_is_the_middle_performance_score():
    runs = [summarise(report(performance=score)) for score in (0.97, 0.91, 0.99)]
    assert median_run(runs)["performance"] == 97
    # An even count: the lower of the two in the middle.
    assert median_run(runs[:2])["performance"] == 91


def test_the_login_form_is_read():
    html = '<form><input type="hidden" name="csrfmiddlewaretoken" value="abc123"></form>'
    assert csrf_token(html) == "abc123"
    jar = cookies(["csrftoken=xyz; expires=Thu; Secure; Path=/", "sessionid=s1; HttpOnly"])
    assert jar == {"csrftoken": "xyz", "sessionid": "s1"}
    page = '<link rel="stylesheet" href="/static/a.1.css"><link rel="icon" href="/static/i.svg">'
    assert stylesheets(page) == ["/static/a.1.css"]


def test_the_results_say_which_page_missed_a_target_and_why():
    good = {**summarise(report()), "label": "dashboard", "user": "hr"}
    slow = {
        **summarise(report(performance=0.9, shifted=["main > form"])),
        "label": "skills gap",
        "user": "hr",
    }
    for row in (good, slow):
        row["runs"] = [row]
    info = {"when": "2026-12-01 10:00 UTC", "command": "bench/lighthouse.py", "runs": 1}
    sheet = {"name": "nlds/components.abc.css", "size": 145408, "gzip": 14336, "brotli": 11264}
    text = markdown([good, slow], [sheet], {**info, "machine": {"CPUs": "2"}})
    assert "| dashboard | hr | 99 | 100 | 100 | 1.6 |" in text
    assert "| `nlds/components.abc.css` | 142.0 | 14.0 | 11.0 |" in text
    assert "- skills gap: performance 90 (5 below 95)" in text
    assert "- skills gap: audits none; shifted `main > form`" in text
    assert "- dashboard:" not in text.split("## Targets")[1]
    assert "what shifted" not in markdown([good], [sheet], {**info, "machine": {}})


def test_the_pages_are_the_dashboards_of_each_role_the_programme_and_inclusion():
    dashboards = {page.user for page in PAGES if page.path == "/dashboard/"}
    assert dashboards == {"programma", "hr", "directeur", "beheer"}
    assert any("{programme}" in page.path for page in PAGES)
    assert sum(page.path.startswith("/inclusie/") for page in PAGES) >= 5
