"""One way to write a date, one font, on every page and in every PDF.

The demo is seeded once for the module and each role walks the pages it can reach
from its dashboard, in Dutch and in English: wherever a date is shown, it is written
the way the locale says ("2 december 2026"), never as ISO (2026-12-02), with digits
only (2-12-2026) or with an English month in Dutch.
"""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.template import Context, Template
from django.templatetags.static import static
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import formats, translation

from organisations.models import Organisation, User
from tests import worlds
from tests.factories_twofactor import pass_second_factor

PASSWORD = "demo-Mensenwerk-2026"
DEMO_USERS = ["beheer", "programma", "hr", "directeur"]
# Pages that are not pages: files, actions behind a GET confirmation, other apps.
SKIPPED_NAMES = {"download", "logout", "set_language", "usage_csv"}
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
DIGIT_DATE = re.compile(r"\b\d{1,2}[-/]\d{1,2}[-/]\d{2,4}\b")
ENGLISH_MONTH = re.compile(
    r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{4}\b"
)
DUTCH_MONTH = re.compile(
    r"\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober"
    r"|november|december) \d{4}\b"
)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class VisibleText(HTMLParser):
    """The text a person reads: no attributes, scripts or styles, and no help text
    of a field (which shows how to type a date: 12-03-2026)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._open: list[tuple[str, bool]] = []

    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self._open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a":
            href = attributes.get("href") or ""
            if href.startswith("/") and "download" not in attributes:
                self.links.append(href)
        if tag in VOID:
            return
        hidden = tag in {"script", "style", "template"} or (attributes.get("id") or "").endswith(
            "_helptext"
        )
        self._open.append((tag, hidden))

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def read(html: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with worlds.kept_for_the_module(django_db_blocker):
        with mock.patch("reports.demo.services.report_make_now"):
            call_command("seed_demo", password=PASSWORD)
        yield Organisation.objects.get(slug="voorbeeldstad")


def walk(client: Client, limit: int = 60) -> dict[str, str]:
    """Visible text of the pages reachable from the dashboard, one page per view."""
    seen_views: set[str] = set()
    queue, pages = ["/dashboard/"], {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.url_name in SKIPPED_NAMES or match.namespace == "admin":
            continue
        if match.view_name in seen_views:
            continue
        seen_views.add(match.view_name)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = read(response.text)
        pages[url] = page.text
        queue.extend(link for link in page.links if link not in pages)
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("username", DEMO_USERS)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_date_a_page_shows_is_written_the_locales_way(demo, username, language):
    # A page that fails is another test's business; this one reads the pages that work.
    client = Client(raise_request_exception=False)
    user = User.objects.get(username=username)
    client.force_login(user)
    session = client.session
    pass_second_factor(session, user)  # HR and the admin passed it, as after a real login
    session.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = walk(client)
    assert len(pages) > 5
    wrong = {}
    for url, text in pages.items():
        found = ISO_DATE.findall(text) + DIGIT_DATE.findall(text)
        if language == "nl":
            found += [m.group(0) for m in ENGLISH_MONTH.finditer(text)]
        if found:
            wrong[url] = found
    assert wrong == {}
    # The pages do show dates, written out.
    assert any(DUTCH_MONTH.search(text) for text in pages.values()) == (language == "nl")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "2 december 2026"), ("en", "2 December 2026")],
)
def test_a_date_is_written_with_the_month_in_full(language, expected):
    day = datetime.date(2026, 12, 2)
    with translation.override(language):
        assert formats.date_format(day) == expected
        assert Template("{{ day|date }}").render(Context({"day": day})) == expected
        moment = datetime.datetime(2026, 12, 2, 15, 20)
        assert formats.date_format(moment, "DATETIME_FORMAT") == f"{expected}, 15:20"
        assert formats.date_format(day, "YEAR_MONTH_FORMAT").lower() == "december 2026"


@pytest.mark.parametrize("typed", ["2-12-2026", "02-12-2026", "2026-12-02", "02/12/2026"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_date_field_takes_the_dutch_order_and_iso(language, typed):
    from django import forms

    with translation.override(language):
        field = forms.DateField()
        assert field.clean(typed) == datetime.date(2026, 12, 2)


def test_no_template_writes_its_own_date_format():
    """Dates go through the locale: `|date`, or a format's name, never a pattern."""
    own = re.compile(r"""\|date:["'](?![A-Z_]+["'])(?!c["'])""")
    offenders = []
    for folder in [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]:
        for template in folder.rglob("*.*"):
            if template.suffix in {".html", ".txt"} and own.search(template.read_text()):
                offenders.append(str(template.relative_to(settings.BASE_DIR)))
    assert offenders == []


# --- The font --------------------------------------------------------------------------------


def test_the_font_files_are_published_and_named_by_the_stylesheet(client):
    css = (settings.BASE_DIR / "static/css/mensenwerk.css").read_text()
    fonts = [public for public in settings.NPM_STATIC_FILES if public.startswith("fonts/")]
    assert len(fonts) == 4
    for public in fonts:
        assert finders.find(public), public
        assert f"../{public}" in css
        response = client.get(static(public))
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:4] == b"wOF2"
    assert '--utrecht-typography-sans-serif-font-family: "Noto Sans"' in css


def test_the_pdfs_embed_the_pages_font(tmp_path):
    from pypdf import PdfReader

    from reports.pdf import render

    html = (
        '<html lang="nl"><head><title>Proef</title></head>'
        "<body><p>Zoë <b>Çelik</b></p></body></html>"
    )
    render(html, tmp_path / "proef.pdf", theme_colour="#1d3a6e")
    reader = PdfReader(tmp_path / "proef.pdf")
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Noto-Sans" in name for name in fonts), fonts
    assert any("Bold" in name for name in fonts)
