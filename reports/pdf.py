"""HTML to an archival, accessible PDF. The only module that imports WeasyPrint.

Only the worker (and `manage.py make_report`) imports this module: WeasyPrint is
slow to import and large, and the web process never renders a document.

The documents are PDF/A-2a: PDF/A for archiving (Forum Standaardisatie), level
"a" because that level requires a tagged, accessible structure. Title, language
and author come from the HTML's <title>, <html lang> and <meta name="author">.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_VARIANT = "pdf/a-2a"
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
class Rendered:
    page_count: int


def render(
    html: str,
    target: Path,
    *,
    theme_colour: str,
    stylesheets: tuple[Path, ...] = (),
    laid_out: Callable[[int], None] | None = None,
) -> Rendered:
    """Lay out `html` and write the PDF to `target`; `laid_out(pages)` is called between."""
    theme = CSS(string=f":root {{ --theme: {theme_colour}; }}")
    # Documents carry their charts inline: nothing is fetched from elsewhere.
    fetcher = _Fetcher(allowed_protocols={"data"})
    fonts = FontConfiguration()
    document = HTML(string=html, url_fetcher=fetcher).render(
        font_config=fonts,
        stylesheets=[
            CSS(string=_font_faces(), url_fetcher=fetcher, font_config=fonts),
            CSS(filename=str(STYLESHEET)),
            *(CSS(filename=str(extra)) for extra in stylesheets),
            theme,
        ],
    )
    if laid_out:
        laid_out(len(document.pages))
    document.write_pdf(target, pdf_variant=PDF_VARIANT, pdf_tags=True)
    return Rendered(page_count=len(document.pages))


def render_plain(html: str, target: Path) -> Rendered:
    """The same engine without our stylesheet or variant: the benchmark's yardstick."""
    document = HTML(string=html).render()
    document.write_pdf(target)
    return Rendered(page_count=len(document.pages))
