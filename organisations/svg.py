"""The frame every server-drawn SVG shares (charts, the power-interest grid).

Plain SVG 1.1 with presentation attributes only: pages are served under a
Content-Security-Policy that blocks inline styles, and WeasyPrint puts the same
markup into the PDF reports. Screen readers get a title and a one-sentence
description; ids follow from the input, so the output is reproducible.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Each colour has at least 3:1 contrast against white (WCAG 1.4.11).
PALETTE = ("#1f4e8c", "#a64d00", "#2e6b30", "#7a2e7e")
TEXT_COLOUR = "#1a1a1a"
AXIS_COLOUR = "#595959"
GRID_COLOUR = "#d9d9d9"
FONT_SIZE = 12
# The pages' and the reports' font, named, so that a PDF embeds no second font for
# its charts' text.
FONT_FAMILY = "'Noto Sans', sans-serif"


def svg_document(
    ident: str, title: str, description: str, width: int, height: int, body: str
) -> SafeString:
    """`body` (markup the caller escaped) in an accessible, scalable <svg>."""
    ident = escape(ident)
    return mark_safe(  # noqa: S308 - every piece of user text in here went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%"'
        f' preserveAspectRatio="xMidYMid meet" role="img"'
        f' aria-labelledby="{ident}-title {ident}-desc" class="mw-chart">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
        f'<g font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">'
        f"{body}</g></svg>"
    )
