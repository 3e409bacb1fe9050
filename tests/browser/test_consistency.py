"""Consistent, calm, readable: the main pages of each role on a phone (390 x 844) and a
desktop (1366 x 900) never scroll sideways, every tap target is at least 24 by 24 px
(WCAG 2.2, 2.5.8), the text is set in the Noto Sans the stylesheet loads, and the
organisation admin's settings pages meet WCAG 2.1 AA."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from organisations.models import Role
from tests.browser.helpers import MAIN_FORM, log_in, submit, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# Interactive elements smaller than 24 x 24 px, leaving out the two exceptions of
# WCAG 2.5.8 that apply here: a link inside a sentence (inline, with text around it)
# and what is hidden for the eye (text for screen readers only).
SMALL_TARGETS = """() => {
  const small = [];
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || el.closest('.mw-visually-hidden')) continue;
    // Hidden from everyone (a form's default button, clipped away): no target at all.
    if (el.closest('[aria-hidden="true"]') && el.tabIndex < 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const inSentence = style.display === 'inline' && [...el.parentElement.childNodes].some(
      node => node !== el && node.nodeType === Node.TEXT_NODE && node.textContent.trim());
    if (inSentence) continue;
    if (box.width < 23.5 || box.height < 23.5) {
      small.push(`${el.tagName} "${(el.textContent || el.name || '').trim().slice(0, 40)}" `
        + `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""

NOTO_SANS = """() => ({
  family: getComputedStyle(document.body).fontFamily,
  loaded: [...document.fonts].some(f => f.family.replace(/"/g, '') === 'Noto Sans'
                                        && f.status === 'loaded'),
  check: document.fonts.check('12px "Noto Sans"'),
})"""


def main_pages(world) -> dict:
    programme = world["programme"].pk
    common = [("organisations:dashboard", []), ("transformation:programme_detail", [programme])]
    return {
        Role.PROGRAMME_MANAGER: [
            *common,
            ("adoption:board", [programme]),
            ("adoption:track_detail", [world["track"].pk]),
        ],
        Role.DIRECTOR: [*common, ("inclusion:overview", [])],
        Role.HR_ADVISER: [
            ("organisations:dashboard", []),
            ("inclusion:overview", []),
            ("inclusion:skills:heatmap", []),
            ("inclusion:employees:list", []),
            ("inclusion:actions:log", []),
        ],
        Role.ORGANISATION_ADMIN: [
            ("organisations:dashboard", []),
            ("organisations:settings", []),
            ("transformation:settings_questions", []),
            ("transformation:settings_question_create", []),
            ("inclusion:settings", []),
        ],
    }


@pytest.fixture
def world(adoption_world, employees, logged_actions):
    return adoption_world


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_on_a_phone_no_page_scrolls_sideways_and_every_target_is_large_enough(
    page, live_server, members, world, role, viewport
):
    viewport(PHONE)
    log_in(page, live_server, members[role].username, landing=False)
    for name, args in main_pages(world)[role]:
        visit(page, live_server, name, *args)
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} is {width} px wide"
        assert page.evaluate(SMALL_TARGETS) == [], name
        # The header keeps to a few lines: brand, organisation, language, user, log out.
        header = page.locator(".mw-header__inner").bounding_box()
        assert header["height"] <= 130, f"{name}: the header is {header['height']} px tall"


@pytest.mark.parametrize("role", [Role.HR_ADVISER, Role.PROGRAMME_MANAGER], ids=str)
def test_on_a_desktop_wide_tables_stay_in_their_frame(
    page, live_server, members, world, role, viewport
):
    viewport(DESKTOP)
    log_in(page, live_server, members[role].username, landing=False)
    for name, args in main_pages(world)[role]:
        visit(page, live_server, name, *args)
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"], name
        assert page.evaluate(SMALL_TARGETS) == [], name


def test_the_text_is_set_in_the_noto_sans_the_stylesheet_loads(page, live_server, pm, world):
    log_in(page, live_server, pm.username)
    page.evaluate("async () => { await document.fonts.ready; }")
    font = page.evaluate(NOTO_SANS)
    assert font["family"].startswith('"Noto Sans"'), font
    assert font["loaded"] and font["check"], font


def test_the_settings_pages_meet_wcag_21_aa(page, live_server, members, world, accessible):
    log_in(page, live_server, members[Role.ORGANISATION_ADMIN].username, landing=False)
    question = world["programme"].organisation.codeterminationquestion_set.first()
    for name, args in [
        ("organisations:settings", []),
        ("transformation:settings_themes", []),
        ("transformation:settings_theme_create", []),
        ("transformation:settings_questions", []),
        ("transformation:settings_question_edit", [question.pk]),
        ("transformation:settings_question_delete", [question.pk]),
        ("transformation:settings_bodies", []),
        ("transformation:settings_body_create", []),
        ("inclusion:settings", []),
    ]:
        visit(page, live_server, name, *args)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        accessible(page)


def test_a_setting_out_of_bounds_is_shown_at_its_field(
    page, live_server, members, world, accessible
):
    log_in(page, live_server, members[Role.ORGANISATION_ADMIN].username, landing=False)
    visit(page, live_server, "inclusion:settings")
    field = page.locator(MAIN_FORM).locator("input[name=min_group_size]")
    field.fill("3")
    submit(page)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_min_group_size_error")).to_be_visible()
    accessible(page)
    # From the navigation, the admin finds the settings again.
    page.get_by_role("navigation").get_by_role("link", name="Instellingen").click()
    expect(page).to_have_url(live_server.url + reverse("organisations:settings"))


def test_on_a_phone_a_long_name_keeps_the_header_short(page, live_server, members, viewport):
    director = members[Role.DIRECTOR]
    director.first_name, director.last_name = "Jente-Marieke", "van den Wittenboer-Oosterhuis"
    director.save()
    viewport(PHONE)
    log_in(page, live_server, director.username, landing=False)
    visit(page, live_server, "organisations:dashboard")
    header = page.locator(".mw-header__inner").bounding_box()
    assert header["height"] <= 130, f"the header is {header['height']} px tall"
