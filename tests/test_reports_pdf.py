"""reports.pdf: what stays loaded from one report to the next in a worker process (the
fonts, the stylesheets), the indentation the templates leave that it drops,
WeasyPrint's stylesheet without the rules the reports never need, and the caches it sets
right in the libraries under WeasyPrint (and that the documents stay the same)."""

import gc
import io
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pydyf
import pytest
import tinyhtml5.inputstream
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint import html as weasyprint_html

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
    paths = list(Path(pdf.STYLESHEET).parent.glob("*.css"))
    assert {path.name for path in paths} >= {"report.css", "management.css", "hr.css"}
    for path in paths:
        assert pdf._stylesheet(path.resolve()) is pdf._stylesheet(path.resolve())
    assert pdf._stylesheet.cache_info().currsize >= len(paths)


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


# --- WeasyPrint's stylesheet without the rules of footnotes and notes --------------------------

LAID_OUT = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Test</title></head><body>'
    "<header class='running'><span>Mensenwerk</span></header><div class='body'>"
    "<section class='chapter'><h2>Een</h2><p>Één <strong>twee</strong> drie.</p>"
    "<ol><li>Eerste</li><li>Tweede <q>citaat</q></li></ol><ul><li>Punt</li></ul>"
    "<table class='compact'><caption>Tabel</caption><thead><tr><th scope='col'>Naam</th>"
    "<th scope='col' class='number'>Aantal medewerkers</th></tr></thead><tbody>"
    + "".join(
        f"<tr><th scope='row'>Team {n}</th><td class='number'>{n * 7}</td></tr>" for n in range(60)
    )
    + "</tbody></table></section></div></body></html>"
)


def boxes(document) -> list[tuple]:
    """Every box of every page: its kind, its element and where it stands."""
    return [
        (
            type(box).__name__,
            box.element_tag,
            round(box.position_x, 3),
            round(box.position_y, 3),
            round(box.width, 3) if isinstance(box.width, float | int) else box.width,
            round(box.height, 3) if isinstance(box.height, float | int) else box.height,
            getattr(box, "text", None),
        )
        for page in document.pages
        for box in page._page_box.descendants()
    ]


def test_the_reports_leave_out_only_the_footnote_and_note_rules_of_weasyprints_stylesheet():
    # Fails when a WeasyPrint upgrade changes those rules: the reports then use the
    # stylesheet whole (the same pages, a little slower) until the list is brought up to date.
    assert pdf._user_agent_stylesheet() is not weasyprint_html.UA_STYLESHEET
    left_out = pdf._UNUSED_RULES.findall(weasyprint_html.UA)
    assert [rule.split()[0] for rule in left_out] == [
        f"::{name}" for name in pdf._UNUSED_PSEUDO_ELEMENTS
    ]


def test_no_report_uses_footnotes_or_notes():
    templates = Path(pdf.STYLESHEET).parent.parent / "templates"
    sources = [*Path(pdf.STYLESHEET).parent.glob("*.css"), *templates.rglob("*.html")]
    assert len(sources) > 10
    for source in sources:
        text = source.read_text()
        assert "footnote" not in text, source
        assert not re.search(r"float:\s*note|::note-|@note", text), source


def test_a_report_is_laid_out_with_that_stylesheet_and_looks_the_same(monkeypatch):
    used = []
    original = pdf._Document._ua_stylesheets

    def spied(self, forms=False):
        sheets = original(self, forms)
        used.extend(sheets)
        return sheets

    monkeypatch.setattr(pdf._Document, "_ua_stylesheets", spied)
    stylesheets = [pdf._fonts().faces, pdf._stylesheet(pdf.STYLESHEET.resolve())]
    options = {"font_config": pdf._fonts().configuration, "stylesheets": stylesheets}

    lean = pdf._Document(string=LAID_OUT).render(**options)
    whole = HTML(string=LAID_OUT).render(**options)

    assert used == [pdf._user_agent_stylesheet()]
    assert len(lean.pages) == len(whole.pages) > 1
    assert boxes(lean) == boxes(whole)
    # And it goes through pdf.render.
    used.clear()
    pdf.render(LAID_OUT, io.BytesIO(), theme_colour="#1f4e8c")
    assert used == [pdf._user_agent_stylesheet()]


# --- The cycle collector: held off while a document is made, run once when it is done ----------


@pytest.fixture
def collector_runs():
    """The collector's runs while the test runs, as ("start" | "laid out", generation)."""
    seen = []

    def watch(phase, info):
        if phase == "start":
            seen.append(("start", info["generation"]))

    gc.callbacks.append(watch)
    yield seen
    gc.callbacks.remove(watch)


def test_a_document_is_made_without_the_cycle_collector_and_collected_once_after(collector_runs):
    assert gc.isenabled()
    during = []

    def laid_out(pages):
        during.append(gc.isenabled())
        collector_runs.append(("laid out", None))

    pdf.render(LAID_OUT, io.BytesIO(), theme_colour="#1f4e8c", laid_out=laid_out)

    assert during == [False]
    assert gc.isenabled()
    # Nothing collected while the document was made; one whole collection afterwards.
    assert collector_runs == [("laid out", None), ("start", 2)]


def test_the_collector_is_back_after_a_document_that_failed_and_stays_off_if_it_was(
    collector_runs,
):
    def fail(pages):
        raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError):
        pdf.render(LAID_OUT, io.BytesIO(), theme_colour="#1f4e8c", laid_out=fail)
    assert gc.isenabled()
    assert collector_runs == [("start", 2)]

    gc.disable()
    try:
        pdf.render(PAGE, io.BytesIO(), theme_colour="#1f4e8c")
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- What the libraries under WeasyPrint make once instead of again and again ---------------

PARSED = (
    "<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>Één</title></head><body>"
    "<!-- een opmerking --><p class=\"a b\" data-x='1 &amp; 2' hidden>Tekst &lt;met&gt; &eacute; "
    "<a href=x>link</a></p><table><tr><td colspan=2>Cel</td></tr></table>"
    "<svg viewBox='0 0 1 1'><text x='0'>1 mei</text></svg></body></html>"
)


def parsed(cache: dict) -> tuple[bytes, dict]:
    """The tree tinyhtml5 makes of PARSED with `cache` as its cache of expressions, and the
    cache afterwards."""
    original = tinyhtml5.inputstream.characters_until_regex
    tinyhtml5.inputstream.characters_until_regex = cache
    try:
        return ElementTree.tostring(tinyhtml5.parse(PARSED)), cache
    finally:
        tinyhtml5.inputstream.characters_until_regex = original


def test_the_html_parser_keeps_each_expression_under_the_characters_it_reads_up_to():
    # Fails when an upgrade of tinyhtml5 keeps its cache in another way: then look whether
    # it still makes its expressions again for every read.
    assert isinstance(tinyhtml5.inputstream.characters_until_regex, pdf._ExpressionsBySet)

    tree, ours = parsed(pdf._ExpressionsBySet())
    kept = dict(ours)
    assert kept and all(
        not isinstance(characters, re.Pattern) and isinstance(opposite, bool)
        for characters, opposite in kept
    )
    # Parsed again: every expression read from the cache, none made.
    assert parsed(ours) == (tree, kept) and all(ours[key] is kept[key] for key in kept)

    # The same tree and the same expressions as tinyhtml5's own cache gives.
    own_tree, own = parsed({})
    assert own_tree == tree
    assert {expression.pattern for expression in own.values()} == {
        expression.pattern for expression in kept.values()
    }


def test_the_tuple_of_page_references_is_kept_until_the_document_has_another_page():
    # Fails when an upgrade of pydyf no longer has this property: then look whether it still
    # makes the tuple anew for every read.
    kept = vars(pydyf.PDF)["page_references"]
    assert isinstance(kept, pdf._KeptPageReferences)

    document = pydyf.PDF()
    for _ in range(2):
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    references = document.page_references
    assert references == kept.made.__get__(document) and len(references) == 2
    assert document.page_references is references
    document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert document.page_references == kept.made.__get__(document)
    assert len(document.page_references) == 3


def a_small_pdf() -> pydyf.PDF:
    document = pydyf.PDF()
    for text in ("Één", "twee"):
        content = pydyf.Stream(compress=True)
        content.begin_text()
        content.show_text_string(text)
        content.end_text()
        document.add_object(content)
        document.add_page(
            pydyf.Dictionary(
                {
                    "Type": "/Page",
                    "Parent": document.pages.reference,
                    "MediaBox": pydyf.Array([0, 0, 200, 200]),
                    "Contents": content.reference,
                }
            )
        )
    return document


def written(document: pydyf.PDF, write) -> bytes:
    output = io.BytesIO()
    write(document, output, b"1.7", identifier=True, compress=True)
    return output.getvalue()


def test_while_a_pdf_is_written_each_objects_bytes_are_made_once(monkeypatch):
    # Fails when an upgrade of pydyf serialises its objects in another way: then look whether
    # it still serialises each one twice for the identifier of a PDF/A file.
    write = vars(pydyf.PDF)["write"]
    serialisers = {kind: vars(kind)["data"] for kind in pdf._SERIALISED_CLASSES}
    assert all(isinstance(data, pdf._SerialisedOnce) for data in serialisers.values())

    made, keeping = Counter(), set()
    for data in serialisers.values():

        def counted(pdf_object, made_by=data.made):
            made[id(pdf_object)] += 1
            keeping.add(getattr(pdf._writing, "kept", None) is not None)
            return made_by.__get__(pdf_object)

        monkeypatch.setattr(data, "made", property(counted))

    def made_while_written(write) -> bytes:
        document = a_small_pdf()  # its text is serialised as it is drawn
        made.clear()
        keeping.clear()
        return written(document, write)

    ours = made_while_written(write)
    assert made and set(made.values()) == {1} and keeping == {True}

    # A file without an identifier has no second pass: pydyf writes it as it would.
    document = a_small_pdf()
    keeping.clear()
    output = io.BytesIO()
    write(document, output, b"1.7", False, True)
    assert keeping == {False} and len(PdfReader(output).pages) == 2

    # pydyf's own: every object made at least twice, and the same bytes.
    own = made_while_written(write.made)
    assert max(made.values()) >= 2
    assert own == ours and len(PdfReader(io.BytesIO(ours)).pages) == 2


def test_before_and_after_a_write_an_objects_bytes_follow_the_object():
    document = a_small_pdf()
    content = next(kept for kept in document.objects if isinstance(kept, pydyf.Stream))
    before = content.data
    content.stream.append(b"Q")
    assert content.data != before
    written(document, pydyf.PDF.write)
    after = content.data

    content.stream.append(b"q")
    assert content.data != after
    assert getattr(pdf._writing, "kept", None) is None


def test_a_tagged_report_is_written_byte_for_byte_as_without_the_kept_caches(monkeypatch):
    ours = io.BytesIO()
    pdf.render(LAID_OUT, ours, theme_colour="#1f4e8c")

    for kind in pdf._SERIALISED_CLASSES:
        monkeypatch.setattr(kind, "data", vars(kind)["data"].made)
    monkeypatch.setattr(pydyf.PDF, "write", vars(pydyf.PDF)["write"].made)
    monkeypatch.setattr(pydyf.PDF, "page_references", vars(pydyf.PDF)["page_references"].made)
    monkeypatch.setattr(tinyhtml5.inputstream, "characters_until_regex", {})
    own = io.BytesIO()
    pdf.render(LAID_OUT, own, theme_colour="#1f4e8c")

    assert len(PdfReader(io.BytesIO(own.getvalue())).pages) > 1
    assert ours.getvalue() == own.getvalue()


def after_lines(lines: int, html: str) -> str:
    """A report's page: `lines` paragraphs, then `html`."""
    filler = "".join(f"<p>Regel {line} van de tekst.</p>" for line in range(lines))
    return (
        "<!doctype html><html lang='nl'><head><meta charset='utf-8'><title>Tabel</title></head>"
        f"<body><div class='body'>{filler}{html}</div></body></html>"
    )


def rows(names, start: int = 1) -> str:
    return "".join(
        f"<tr><th scope='row'>{name}</th><td class='number'>{number}</td></tr>"
        for number, name in enumerate(names, start=start)
    )


HEAD = "<thead><tr><th scope='col'>Naam</th><th scope='col' class='number'>Aantal</th></tr></thead>"


def table_of(count: int) -> str:
    body = rows([f"Rij {row}" for row in range(count)], start=0)
    total = "<tfoot><tr><th scope='row'>Totaal</th><td class='number'>1</td></tr></tfoot>"
    return after_lines(0, f"<table>{HEAD}<tbody>{body}</tbody>{total}</table>")


def test_a_long_tables_total_is_shown_once_under_its_last_row_never_alone():
    # Repeated at the foot of every page, a total reads as that page's subtotal.
    alone_otherwise = False
    for rows in range(24, 64):
        output = io.BytesIO()
        pdf.render(table_of(rows), output, theme_colour="#1f4e8c")
        pages = [page.extract_text().splitlines() for page in PdfReader(output).pages]
        if len(pages) == 1:
            continue
        assert [line for page in pages for line in page if line.startswith("Totaal")] == [
            "Totaal 1"
        ]
        last = [line for line in pages[-1] if line.startswith(("Rij", "Totaal"))]
        assert last[-1] == "Totaal 1" and len(last) >= 2
        assert f"Rij {rows - 1} {rows - 1}" in last
        if len(last) == 2:  # the page would have begun with the total
            alone_otherwise = True
            break
    assert alone_otherwise


GROUPED = (
    f"<table class='compact'>{HEAD}<tbody><tr class='group'><th colspan='2'>Groep A</th></tr>"
    f"{rows(['A1', 'A2', 'A3'])}</tbody><tbody><tr class='group'><th colspan='2'>Groep B</th>"
    f"</tr>{rows(['B1', 'B2', 'B3'])}</tbody></table>"
)


@pytest.mark.parametrize(
    ("html", "title", "kept_with", "alone"),
    [
        # Left alone, a caption ends one page and its table begins the next ...
        (
            f"<table><caption>Bijschrift</caption>{HEAD}<tbody>{rows(['Eerste'])}</tbody></table>",
            "Bijschrift",
            ["Naam Aantal", "Eerste 1"],
            ["Bijschrift"],
        ),
        # ... a group's heading row ends a page and its rows begin the next ...
        (GROUPED, "Groep B", ["B1 1"], ["Naam Aantal", "Groep B"]),
        # ... a legend ends a page and what it explains begins the next ...
        (
            f"<p class='note note--ahead'>Legenda</p><table>{HEAD}<tbody>{rows(['R1'])}</tbody>"
            "</table>",
            "Legenda",
            ["Naam Aantal", "R1 1"],
            ["Legenda"],
        ),
        # ... and a note under a table begins a page on its own.
        (
            f"<table>{HEAD}<tbody>{rows(['R1', 'R2', 'R3', 'R4'])}</tbody></table>"
            "<p class='note'>Toelichting bij de tabel.</p>",
            "Toelichting bij de tabel.",
            ["R4 4"],
            ["Naam Aantal", "R4 4"],
        ),
    ],
    ids=["caption", "group-row", "legend", "note"],
)
def test_what_belongs_together_is_never_split_over_two_pages(html, title, kept_with, alone):
    moved = False
    for lines in range(20, 52):
        output = io.BytesIO()
        pdf.render(after_lines(lines, html), output, theme_colour="#1f4e8c")
        pages = [page.extract_text().splitlines() for page in PdfReader(output).pages]
        (page,) = [page for page in pages if title in page]
        for line in kept_with:
            assert line in page, (lines, page)
        # Kept together on the next page, where it would have been alone at a page's edge.
        if page is not pages[0] and page[: len(alone)] == alone:
            moved = True
            break
    assert moved


def test_chapters_follow_on_from_each_other_rather_than_each_begin_a_page():
    # Each chapter on a page of its own left pages mostly empty (a table one row too long
    # filled a page with that row); the opening of the management report and the annex
    # are the exceptions (management.css).
    chapters = "".join(
        f"<section class='chapter'><h2>Hoofdstuk {number}</h2><p>Een korte alinea.</p></section>"
        for number in (1, 2, 3)
    )
    output = io.BytesIO()
    pdf.render(after_lines(0, chapters), output, theme_colour="#1f4e8c")

    (page,) = PdfReader(output).pages
    assert [line for line in page.extract_text().splitlines() if line.startswith("Hoofdstuk")] == [
        "Hoofdstuk 1",
        "Hoofdstuk 2",
        "Hoofdstuk 3",
    ]


def test_the_yardstick_is_written_plain_or_as_the_reports_are(tmp_path):
    plain, archival = tmp_path / "plain.pdf", tmp_path / "archival.pdf"
    pdf.render_plain(PAGE, plain)
    pdf.render_plain(PAGE, archival, archival=True)
    assert "/StructTreeRoot" not in PdfReader(plain).trailer["/Root"]
    catalog = PdfReader(archival).trailer["/Root"]
    assert "/StructTreeRoot" in catalog and b"pdfaid:part" in catalog["/Metadata"].get_data()
