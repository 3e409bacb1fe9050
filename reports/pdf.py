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
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/a-2a"
STYLESHEET = Path(settings.BASE_DIR) / "reports" / "pdf" / "report.css"


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
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[
            CSS(filename=str(STYLESHEET)),
            *(CSS(filename=str(extra)) for extra in stylesheets),
            theme,
        ]
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
