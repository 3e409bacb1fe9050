"""reports.pdf: what stays loaded from one report to the next in a worker process (the
fonts, the stylesheets), and the indentation the templates leave that it drops."""

import io
from pathlib import Path

from pypdf import PdfReader

from reports import pdf

PAGE = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Test</title></head>'
    "<body>\n  <div class='body'>\n    <p>Één <strong>twee</strong> drie</p>\n  </div>\n"
    "</body></html>"
)


def fonts_in(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_reports_in_one_process_share_one_font_configuration_and_embed_noto_sans():
    first, second = io.BytesIO(), io.BytesIO()
    pdf.render(PAGE, first, theme_colour="#1f4e8c")
    fonts = pdf._fonts()
    pdf.render(PAGE, second, theme_colour="#7a2e7e")
    assert pdf._fonts() is fonts
    for data in (first.getvalue(), second.getvalue()):
        embedded = fonts_in(data)
        # Regular and bold, subset (a tag before the name), never the fallback.
        assert len(embedded) == 2
        assert all("+Noto-Sans" in name for name in embedded), embedded


def test_prepare_loads_every_stylesheet_of_the_reports_once():
    pdf.prepare()
    for path in (Path(pdf.STYLESHEET).parent).glob("*.css"):
        assert pdf._stylesheet(path.resolve()) is pdf._stylesheet(path.resolve())
    assert pdf._stylesheet.cache_info().currsize >= 4


def test_indentation_beside_block_tags_goes_and_spaces_between_words_stay():
    html = (
        "<table>\n  <tr>\n    <th scope='row'>Team <span class='sub'>Noord</span></th>\n"
        "    <td class='number'> 12 </td>\n  </tr>\n</table>\n<p>Een <strong>twee</strong>\n"
        "<em>drie</em></p>\n<svg>\n  <g>\n    <text x='1'>1 mei</text>\n  </g>\n</svg>"
    )
    assert pdf._without_indentation(html) == (
        "<table><tr><th scope='row'>Team <span class='sub'>Noord</span></th>"
        "<td class='number'>12</td></tr></table><p>Een <strong>twee</strong>\n"
        "<em>drie</em></p><svg><g><text x='1'>1 mei</text></g></svg>"
    )


def test_the_words_of_a_page_survive_without_its_indentation():
    target = io.BytesIO()
    pdf.render(PAGE, target, theme_colour="#1f4e8c")
    text = PdfReader(io.BytesIO(target.getvalue())).pages[0].extract_text()
    assert "Één twee drie" in text


def test_a_chart_and_the_benefit_lines_need_no_second_font():
    """The charts name the pages' font, and the report's own words use no character it
    lacks: a fallback font would be embedded, and subset, in every report."""
    from django.template.loader import render_to_string

    from organisations.svg import svg_document

    chart = svg_document("c", "Grafiek", "Uitleg", 200, 40, '<text x="4" y="20">1 december</text>')
    lines = render_to_string(
        "reports/pdf/_management_benefits.html",
        {
            "number": {"benefits": 5},
            "benefits": ["one"],
            "benefit_counts": [],
            "benefit_view": {
                "listed": [
                    {
                        "mark": "red",
                        "label": "Niet op koers",
                        "rows": [
                            {"initiative_number": 1, "title": "Doorlooptijd", "target": "89 dagen"}
                        ],
                    }
                ],
                "listed_count": 1,
            },
        },
    )
    data = io.BytesIO()
    pdf.render(PAGE.replace("</body>", f"{chart}{lines}</body>"), data, theme_colour="#1f4e8c")
    assert all("+Noto-Sans" in name for name in fonts_in(data.getvalue()))


def test_a_status_change_is_said_in_words():
    from django.template.loader import render_to_string
    from django.utils import translation

    change = {"on": None, "initiative": "Chatbot", "from": "groen", "to": "Rood", "to_mark": "red"}
    with translation.override("nl"):
        html = render_to_string(
            "reports/pdf/_management_initiatives.html",
            {"number": {"initiatives": 2}, "status_changes": [change]},
        )
    assert 'Van groen naar <span class="status status--red">Rood</span>' in html
