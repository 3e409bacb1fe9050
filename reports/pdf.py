"""HTML to an archival, accessible PDF. The only module that imports WeasyPrint.

Only the worker (and `manage.py make_report`) imports this module: WeasyPrint is
slow to import and large, and the web process never renders a document.

The documents are PDF/A-2a: PDF/A for archiving (Forum Standaardisatie), level
"a" because that level requires a tagged, accessible structure. Title, language
and author come from the HTML's <title>, <html lang> and <meta name="author">.

What does not change from one report to the next is made once per process and
kept: the font configuration with the embedded font (decoding the WOFF2 files and
registering them with Fontconfig took half a second or more per report), the parsed
stylesheets, and WeasyPrint's own stylesheet for HTML without the rules of footnotes and
notes, which the reports never have (`_user_agent_stylesheet`: those rules styled five
pseudo-elements of every element). A worker process calls `prepare()` when it starts,
through `reports.services.worker_prepare` (reports/tasks.py), so that its first report
does not pay for them either. Only the subset of the font a document uses goes into its
PDF, as before. Two libraries under WeasyPrint that mean to keep what they make, but make
it again for every use, are set right when this module is imported: the HTML parser's
regular expressions, the PDF writer's tuple of page references, and the bytes of each PDF
object, which the writer made twice for a PDF/A file (`_keep_what_the_libraries_make`).
"""

from __future__ import annotations

import atexit
import gc
import inspect
import io
import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, wraps
from pathlib import Path

import pydyf
import tinyhtml5.inputstream
from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint import html as weasyprint_html
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/a-2a"
# How every report is written; the benchmark's archival yardstick is written the same way.
ARCHIVAL = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
STYLESHEET = Path(settings.BASE_DIR) / "reports" / "pdf" / "report.css"
# The pages' font (Noto Sans from node_modules, settings.NPM_STATIC_FILES), embedded.
FONT_FILES = {
    (Path(settings.NPM_ROOT) / source).resolve().as_uri(): Path(settings.NPM_ROOT) / source
    for public, source in settings.NPM_STATIC_FILES.items()
    if public.startswith("fonts/noto-sans/")
}


def _font_faces() -> str:
    faces = []
    for uri in FONT_FILES:
        weight = 700 if "-700-" in uri else 400
        faces.append(
            f'@font-face {{ font-family: "Noto Sans"; font-weight: {weight};'
            f' font-style: normal; src: url("{uri}") format("woff2"); }}'
        )
    return "\n".join(faces)


class _Fetcher(URLFetcher):
    """Inline data (the charts) and the named font files; nothing else is fetched."""

    def fetch(self, url, headers=None):
        if url in FONT_FILES:
            body = FONT_FILES[url].read_bytes()
            return URLFetcherResponse(url, body=body, headers={"Content-Type": "font/woff2"})
        return super().fetch(url, headers)


@dataclass(frozen=True)
class _Fonts:
    configuration: FontConfiguration
    faces: CSS


@cache
def _fonts() -> _Fonts:
    """The process's font configuration, with Noto Sans decoded and registered once.

    WeasyPrint keeps the decoded files in a temporary folder that lives as long as
    the configuration; it is dropped (and the folder removed) when the process ends.
    A worker process makes one report at a time, so nothing shares it concurrently.
    """
    configuration = FontConfiguration()
    faces = CSS(
        string=_font_faces(),
        url_fetcher=_Fetcher(allowed_protocols={"data"}),
        font_config=configuration,
    )
    return _Fonts(configuration, faces)


atexit.register(_fonts.cache_clear)


@cache
def _stylesheet(path: Path) -> CSS:
    """A stylesheet of reports/pdf, parsed once per process (they change with a deploy,
    which restarts the workers)."""
    return CSS(filename=str(path))


# WeasyPrint's own stylesheet styles five pseudo-elements of footnotes and notes for every
# element of a document, whether it has footnotes or not: five of every six styles it
# computes for a report of long tables, a seventh of a large report's layout. The reports
# have neither footnotes nor notes (no `float: footnote`, no `footnote-*` or `note-*`), so
# they are laid out with WeasyPrint's stylesheet without those five rules: the same pages.
_UNUSED_PSEUDO_ELEMENTS = (
    "footnote-call",
    "footnote-marker",
    "note-call",
    "note-marker",
    "note-callback",
)
_UNUSED_RULES = re.compile(
    rf"^::(?:{'|'.join(_UNUSED_PSEUDO_ELEMENTS)})\s*\{{[^}}]*\}}[ \t]*\n?", re.MULTILINE
)


@cache
def _user_agent_stylesheet() -> CSS:
    """WeasyPrint's stylesheet for HTML without the rules of _UNUSED_PSEUDO_ELEMENTS; the
    whole of it, as WeasyPrint has it, if they are not exactly those five rules any more."""
    lean, removed = _UNUSED_RULES.subn("", weasyprint_html.UA)
    if removed != len(_UNUSED_PSEUDO_ELEMENTS):
        logger.warning(
            "WeasyPrint's stylesheet has %s of the %s rules the reports leave out; "
            "the reports use it whole.",
            removed,
            len(_UNUSED_PSEUDO_ELEMENTS),
        )
        return weasyprint_html.UA_STYLESHEET
    # A counter style of its own: WeasyPrint's (the @counter-style rules) stays as it is.
    return CSS(string=lean, counter_style=CounterStyle())


class _Document(HTML):
    """A report's HTML, styled by _user_agent_stylesheet() where WeasyPrint would use its own
    stylesheet for HTML (the documents have no forms)."""

    def _ua_stylesheets(self, forms=False):
        if forms:
            return [_user_agent_stylesheet(), weasyprint_html.UA_FORM_STYLESHEET]
        return [_user_agent_stylesheet()]


# Elements laid out as blocks, table parts or SVG shapes: whitespace beside their tags is
# never drawn (white-space is "normal" throughout the reports), but the templates'
# indentation would still be parsed and turned into boxes, a quarter of a large report.
_BLOCK_TAGS = re.compile(
    r"\s*(</?(?:html|head|body|meta|title|style|header|nav|section|div|p|h[1-6]|ul|ol|li"
    r"|dl|dt|dd|table|caption|colgroup|col|thead|tbody|tfoot|tr|th|td|figure|figcaption"
    r"|g|line|polyline|polygon|circle|rect|path|text|desc)\b[^>]*>)\s*"
)


def _without_indentation(html: str) -> str:
    """`html` without the whitespace around block-level tags (see _BLOCK_TAGS)."""
    return _BLOCK_TAGS.sub(r"\1", html)


# Two libraries under WeasyPrint make the same thing again and again where they mean to
# keep it; both are set right when this module is imported (`_keep_what_the_libraries_make`),
# and the documents come out the same.
#
# tinyhtml5, the HTML parser: its tokenizer reads up to one of a set of characters with a
# regular expression made from the set, kept in the module's `characters_until_regex`
# under the set. Version 2.1.0 stores it under the expression instead (a chained
# assignment rebinds the name first), so every read misses and makes the expression
# again: half the time of parsing a large report.
class _ExpressionsBySet(dict):
    """tinyhtml5's cache of expressions that makes each one, the same as tinyhtml5 makes
    it, the first time its (characters, opposite) are asked for, and keeps it under them."""

    def __missing__(self, key):
        characters, opposite = key
        escaped = "".join(f"\\x{ord(character):02x}" for character in characters)
        expression = re.compile(f"[{escaped if opposite else '^' + escaped}]+")
        self[key] = expression
        return expression


class _KeptPageReferences:
    """pydyf's `PDF.page_references` makes the tuple of every page's reference anew each time
    it is read, and WeasyPrint's tags read it for every tagged element: 14,000 tuples of 43
    for a large HR report, and more with every page. This one keeps the tuple pydyf makes
    until the document has another page."""

    def __init__(self, made: property):
        self.made = made

    def __get__(self, document: pydyf.PDF | None, owner=None):
        if document is None:
            return self
        kids = len(document.pages["Kids"])
        kept = document.__dict__.get("_kept_page_references")
        if kept is None or kept[0] != kids:
            kept = (kids, self.made.__get__(document, owner))
            document.__dict__["_kept_page_references"] = kept
        return kept[1]


# pydyf again: a PDF/A file needs an identifier, which pydyf makes as a hash of the bytes of
# every object, after it has written them all; so it serialises every object a second time
# for the hash, and compresses every stream (the pages, the fonts, the charts) again. While a
# PDF is written, each object's bytes are now made once and kept until the file is written.
_writing = threading.local()
_SERIALISED_CLASSES = (pydyf.Dictionary, pydyf.Array, pydyf.String, pydyf.Stream)


class _SerialisedOnce:
    """A pydyf class's `data` (an object's bytes), made once for each object while a PDF is
    written (`_written_once`), and made anew for every read at any other time."""

    def __init__(self, made: property):
        self.made = made

    def __get__(self, pdf_object: pydyf.Object | None, owner=None):
        if pdf_object is None:
            return self
        kept = getattr(_writing, "kept", None)
        if kept is None:
            return self.made.__get__(pdf_object, owner)
        entry = kept.get(id(pdf_object))
        if entry is None:
            # The object is held with its bytes: its id cannot be another's until the end.
            entry = kept[id(pdf_object)] = (pdf_object, self.made.__get__(pdf_object, owner))
        return entry[1]


def _written_once(write: Callable) -> Callable:
    """pydyf's `PDF.write`, keeping each object's bytes while it writes a file with an
    identifier (`_SerialisedOnce`); any other file is written exactly as pydyf writes it."""
    signature = inspect.signature(write)

    @wraps(write)
    def written(document: pydyf.PDF, *args, **kwargs):
        if not signature.bind(document, *args, **kwargs).arguments.get("identifier"):
            return write(document, *args, **kwargs)
        _writing.kept = {}
        try:
            return write(document, *args, **kwargs)
        finally:
            _writing.kept = None

    written.made = write
    return written


def _keep_what_the_libraries_make() -> None:
    # Left as they are if a version of either library keeps them differently (a test says so).
    if type(getattr(tinyhtml5.inputstream, "characters_until_regex", None)) is dict:
        tinyhtml5.inputstream.characters_until_regex = _ExpressionsBySet()
    if isinstance(vars(pydyf.PDF).get("page_references"), property):
        pydyf.PDF.page_references = _KeptPageReferences(pydyf.PDF.page_references)
    serialisers = [vars(kind).get("data") for kind in _SERIALISED_CLASSES]
    write = vars(pydyf.PDF).get("write")
    if all(isinstance(data, property) for data in serialisers) and inspect.isfunction(write):
        for kind, data in zip(_SERIALISED_CLASSES, serialisers, strict=True):
            kind.data = _SerialisedOnce(data)
        pydyf.PDF.write = _written_once(write)


_keep_what_the_libraries_make()


@dataclass(frozen=True)
class Rendered:
    page_count: int


@contextmanager
def _collected_once() -> Iterator[None]:
    """Python's cycle collector held off while a document is laid out and written, and run
    once when it is done.

    Laying out makes hundreds of thousands of boxes, and the collector, which runs after
    every few hundred new objects, walked them again and again: a sixth of a large report's
    time. Held off, the boxes wait until the document is dropped and are then collected in
    one pass, so that the worker is back to the memory it had before the document (without
    that pass a large report left 200 MB behind until the collector came round)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect()


def render(
    html: str,
    target: Path | io.BytesIO,
    *,
    theme_colour: str,
    stylesheets: tuple[Path, ...] = (),
    laid_out: Callable[[int], None] | None = None,
) -> Rendered:
    """Lay out `html` and write the PDF to `target`; `laid_out(pages)` is called between."""
    with _collected_once():
        pages = _write(html, target, theme_colour, stylesheets, laid_out)
    return Rendered(page_count=pages)


def _write(html, target, theme_colour, stylesheets, laid_out) -> int:
    """render()'s work; the document is dropped when it returns. Returns the pages."""
    fonts = _fonts()
    theme = CSS(string=f":root {{ --theme: {theme_colour}; }}")
    # Documents carry their charts inline: nothing is fetched from elsewhere.
    fetcher = _Fetcher(allowed_protocols={"data"})
    document = _Document(string=_without_indentation(html), url_fetcher=fetcher).render(
        font_config=fonts.configuration,
        stylesheets=[
            fonts.faces,
            _stylesheet(STYLESHEET.resolve()),
            *(_stylesheet(Path(extra).resolve()) for extra in stylesheets),
            theme,
        ],
    )
    if laid_out:
        laid_out(len(document.pages))
    document.write_pdf(target, **ARCHIVAL)
    return len(document.pages)


# A page of what the reports are made of: running header, cover, contents with page
# numbers, a table with figures and a status, a chart, in regular and bold.
_SAMPLE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Mensenwerk</title>
</head><body><header class="running"><span class="running__organisation">Mensenwerk</span>
<span>Rapportage</span></header><section class="cover"><h1 class="cover__title">Mensenwerk</h1>
</section><nav class="contents"><ol><li><a href="#a">Samenvatting</a></li></ol></nav>
<div class="body"><section class="chapter"><h2 id="a">Samenvatting</h2><p>Één <strong>twee</strong>
&ndash; drie.</p><table><thead><tr><th scope="col">Naam</th>
<th scope="col" class="number">Aantal</th></tr></thead><tbody><tr><th scope="row">IJsselstein</th>
<td class="number">1.234 <span class="status status--green">op koers</span></td></tr>
</tbody></table><figure>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40" role="img"><title>Grafiek</title>
<g font-family="'Noto Sans', sans-serif" font-size="12">
<line x1="0" y1="30" x2="100" y2="30" stroke="#595959"/>
<text x="4" y="20">1 december 2026</text></g></svg></figure></section></div></body></html>"""


def prepare() -> None:
    """The renderer's part of what a worker process does once, before its first report
    (`reports.services.worker_prepare` also compiles the templates): the fonts and every
    stylesheet in reports/pdf loaded, and a page of the reports' parts laid out and
    written as PDF/A-2a (which loads the rest of WeasyPrint: shaping, subsetting, the
    colour profile)."""
    for path in STYLESHEET.parent.glob("*.css"):
        _stylesheet(path.resolve())
    render(_SAMPLE, io.BytesIO(), theme_colour="#000000")


def render_plain(html: str, target: Path, *, archival: bool = False) -> Rendered:
    """The same engine without our stylesheet or variant: the benchmark's yardstick; with
    `archival`, written as the reports are (PDF/A-2a with tags), still without our styles."""
    document = HTML(string=html).render()
    document.write_pdf(target, **(ARCHIVAL if archival else {}))
    return Rendered(page_count=len(document.pages))
