"""Static files from npm packages, one named file at a time.

The NL Design System's CSS comes from the npm registry (package-lock.json) and is
served from node_modules, never copied into git. Only the files the pages link are
published: a package's whole `dist` folder also holds stylesheets that point at
images the package does not ship, and the manifest storage (rightly) refuses to
collect a stylesheet whose references cannot be found.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.contrib.staticfiles.utils import matches_patterns
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage


class NpmFinder(BaseFinder):
    """Finds the files named in `NPM_STATIC_FILES` (public path: path in node_modules)."""

    def __init__(self, *args, **kwargs):
        self.root = Path(settings.NPM_ROOT)
        self.files = dict(settings.NPM_STATIC_FILES)
        super().__init__(*args, **kwargs)

    def source(self, path: str) -> Path | None:
        name = self.files.get(path)
        return self.root / name if name else None

    def check(self, **kwargs):
        missing = [name for name in self.files.values() if not (self.root / name).is_file()]
        if not missing:
            return []
        return [
            Error(
                f"Front-end files are missing from {self.root}: {', '.join(missing)}.",
                hint="Install the locked npm packages: `npm ci` (part of `make run`).",
                id="organisations.E001",
            )
        ]

    def find(self, path, find_all=False, **kwargs):
        source = self.source(path)
        if source is None or not source.is_file():
            return []
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns):
        for public, name in self.files.items():
            source = self.root / name
            public_path = PurePosixPath(public)
            if not source.is_file() or matches_patterns(public, ignore_patterns):
                continue
            storage = FileSystemStorage(location=source.parent)
            # collectstatic publishes the file under prefix/name.
            storage.prefix = str(public_path.parent)
            yield public_path.name, storage
