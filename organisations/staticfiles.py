"""Static files from npm packages, one named file at a time.

The NL Design System's CSS comes from the npm registry (package-lock.json) and is
served from node_modules, never copied into git. Only the files the pages link are
published: a package's whole `dist` folder also holds stylesheets that point at
images the package does not ship, and the manifest storage (rightly) refuses to
collect a stylesheet whose references cannot be found.

Of the component library only the components the pages use are published, joined
into one stylesheet (`NPM_STATIC_BUNDLES`): the whole library is 400 KB, of which a
page used about 10 KB. The joined file is built from node_modules into
`NPM_BUILD_ROOT` whenever a finder is asked for it (collectstatic, or every request
while developing), so it follows the installed packages and is never committed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.contrib.staticfiles.utils import matches_patterns
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage

CHARSET = '@charset "UTF-8";'


def join_stylesheets(parts: list[str]) -> str:
    """One stylesheet of several, in their order. `@charset` is only valid as the first
    bytes of a file: one at the top, when any part declares it."""
    charset = any(CHARSET in part for part in parts)
    body = "\n".join(part.replace(CHARSET, "").strip() + "\n" for part in parts)
    return f"{CHARSET}\n{body}" if charset else body


class NpmFinder(BaseFinder):
    """Finds the files named in `NPM_STATIC_FILES` (public path: path in node_modules)
    and the stylesheets of `NPM_STATIC_BUNDLES` (public path: paths in node_modules)."""

    def __init__(self, *args, **kwargs):
        self.root = Path(settings.NPM_ROOT)
        self.build_root = Path(settings.NPM_BUILD_ROOT)
        self.files = dict(settings.NPM_STATIC_FILES)
        self.bundles = {
            public: list(names) for public, names in settings.NPM_STATIC_BUNDLES.items()
        }
        super().__init__(*args, **kwargs)

    def source(self, path: str) -> Path | None:
        name = self.files.get(path)
        return self.root / name if name else None

    def check(self, **kwargs):
        names = [*self.files.values(), *(name for names in self.bundles.values() for name in names)]
        missing = [name for name in names if not (self.root / name).is_file()]
        if not missing:
            return []
        return [
            Error(
                f"Front-end files are missing from {self.root}: {', '.join(missing)}.",
                hint="Install the locked npm packages: `npm ci` (part of `make run`).",
                id="organisations.E001",
            )
        ]

    def build(self, public: str) -> Path | None:
        """The joined stylesheet, written again only when its parts changed; None when a
        part is missing (the check names it)."""
        sources = [self.root / name for name in self.bundles[public]]
        if not all(source.is_file() for source in sources):
            return None
        content = join_stylesheets([source.read_text(encoding="utf-8") for source in sources])
        target = self.build_root / public
        if target.is_file() and target.read_text(encoding="utf-8") == content:
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and moved into place: another process may be reading it.
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(content)
        os.replace(temporary, target)
        return target

    def find(self, path, find_all=False, **kwargs):
        source = self.build(path) if path in self.bundles else self.source(path)
        if source is None or not source.is_file():
            return []
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns):
        published = {public: self.root / name for public, name in self.files.items()}
        published |= {public: self.build(public) for public in self.bundles}
        for public, source in published.items():
            public_path = PurePosixPath(public)
            if source is None or not source.is_file() or matches_patterns(public, ignore_patterns):
                continue
            storage = FileSystemStorage(location=source.parent)
            # collectstatic publishes the file under prefix/name.
            storage.prefix = str(public_path.parent)
            yield public_path.name, storage
