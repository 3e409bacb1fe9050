"""The NL Design System's CSS is published file by file from node_modules; of the
component library only the components the pages use; in production compressed and
cached for good under hashed names."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client, override_settings

from organisations.staticfiles import NpmFinder, join_stylesheets

ROOT = Path(django_settings.BASE_DIR)
COMPONENTS = "nlds/components.css"
# `utrecht-theme` is the design tokens' class (nlds/tokens/theme.css), not a component.
NOT_COMPONENTS = {"theme"}


def test_the_pages_stylesheets_are_found_in_node_modules(settings):
    for public, name in settings.NPM_STATIC_FILES.items():
        assert finders.find(public) == str(settings.NPM_ROOT / name)


def test_only_the_named_files_are_published(settings):
    published = {
        f"{storage.prefix}/{path}" for path, storage in NpmFinder().list(ignore_patterns=[])
    }
    assert published == set(settings.NPM_STATIC_FILES) | set(settings.NPM_STATIC_BUNDLES)
    # The token package's other stylesheets point at images it does not ship.
    assert finders.find("nlds/tokens/background-image-icon.css") is None
    # Nor the whole component library.
    assert finders.find("nlds/components/index.css") is None


def test_a_missing_npm_install_is_a_check_error(settings, tmp_path):
    settings.NPM_ROOT = tmp_path
    errors = NpmFinder().check()
    assert [error.id for error in errors] == ["organisations.E001"]
    assert "npm ci" in errors[0].hint
    assert "@utrecht/button-css/dist/index.css" in errors[0].msg


def test_the_components_stylesheet_holds_the_listed_components_only(settings, tmp_path):
    settings.NPM_BUILD_ROOT = tmp_path
    settings.NLDS_COMPONENTS = ["button", "heading-1"]
    settings.NPM_STATIC_BUNDLES = {
        COMPONENTS: ["@utrecht/button-css/dist/index.css", "@utrecht/heading-1-css/dist/index.css"]
    }
    built = Path(NpmFinder().find(COMPONENTS))
    assert built == tmp_path / COMPONENTS
    css = built.read_text()
    assert ".utrecht-button {" in css and ".utrecht-heading-1 {" in css
    assert css.index(".utrecht-button {") < css.index(".utrecht-heading-1 {")
    assert ".utrecht-heading-2" not in css and ".utrecht-accordion" not in css
    assert "@license EUPL-1.2" in css  # each package's notice stays with its rules


def test_the_components_stylesheet_is_written_again_only_when_a_package_changed(settings, tmp_path):
    node_modules = tmp_path / "node_modules"
    part = node_modules / "@utrecht/link-css/dist/index.css"
    part.parent.mkdir(parents=True)
    part.write_text(".utrecht-link { color: blue; }\n")
    settings.NPM_ROOT, settings.NPM_BUILD_ROOT = node_modules, tmp_path / "build"
    settings.NPM_STATIC_FILES = {}
    settings.NPM_STATIC_BUNDLES = {COMPONENTS: ["@utrecht/link-css/dist/index.css"]}
    finder = NpmFinder()
    built = finder.build(COMPONENTS)
    written = built.stat().st_mtime_ns
    assert finder.build(COMPONENTS).stat().st_mtime_ns == written
    part.write_text(".utrecht-link { color: navy; }\n")
    assert "navy" in finder.build(COMPONENTS).read_text()


def test_joined_stylesheets_declare_their_charset_once_at_the_top():
    joined = join_stylesheets(['@charset "UTF-8";\n.a { content: "…"; }', ".b { color: red; }"])
    assert joined.startswith('@charset "UTF-8";\n')
    assert joined.count("@charset") == 1
    assert joined.index(".a") < joined.index(".b")
    assert join_stylesheets([".b { color: red; }"]) == ".b { color: red; }\n"


# Which components the pages use: the classes in the templates, our scripts and the forms'
# widgets. `utrecht-heading-{{ level }}` leaves the prefix `utrecht-heading-`.
CLASS = re.compile(r"(?<![\w-])utrecht-([a-z0-9_-]+)")


def sources() -> list[Path]:
    files = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]
    files += ROOT.glob("static/js/**/*.js")
    for app in ("organisations", "transformation", "adoption", "inclusion", "reports", "privacy"):
        files += (path for path in ROOT.glob(f"{app}/**/*.py") if "migrations" not in path.parts)
    return files


def used_blocks(text: str) -> set[str]:
    """`utrecht-form-field__label` and `utrecht-button--subtle` belong to the blocks
    `form-field` and `button`."""
    return {re.split("__|--", match)[0] for match in CLASS.findall(text)} - NOT_COMPONENTS


def test_used_blocks_are_read_from_classes():
    html = (
        '<div class="utrecht-form-field utrecht-form-field--{% if a %}x{% endif %}">'
        '<label class="utrecht-form-field__label"><h2 class="utrecht-heading-{{ level }}">'
        '<html class="utrecht-theme"><p class="mw-utrecht-like">'
    )
    assert used_blocks(html) == {"form-field", "heading-"}


@pytest.fixture(scope="module")
def used() -> dict[str, set[Path]]:
    blocks: dict[str, set[Path]] = {}
    for path in sources():
        for block in used_blocks(path.read_text(encoding="utf-8")):
            blocks.setdefault(block, set()).add(path.relative_to(ROOT))
    return blocks


def test_every_component_the_pages_use_is_published(settings, used):
    listed = set(settings.NLDS_COMPONENTS)
    for block, where in sorted(used.items()):
        if block.endswith("-"):  # a class made in the template: some listed component fits
            assert any(name.startswith(block) for name in listed), (block, where)
            continue
        assert (settings.NPM_ROOT / f"@utrecht/{block}-css").is_dir(), (
            f"utrecht-{block} (in {sorted(map(str, where))}) is no NL Design System component"
        )
        assert block in listed, (
            f"utrecht-{block} is used in {sorted(map(str, where))}: add it to NLDS_COMPONENTS"
        )


def test_every_published_component_is_used(settings, used):
    unused = [name for name in settings.NLDS_COMPONENTS if name not in used]
    assert not unused, f"No page uses these, take them out of NLDS_COMPONENTS: {unused}"
    assert sorted(settings.NLDS_COMPONENTS) == settings.NLDS_COMPONENTS  # the library's order


# Production: collectstatic with the compressing manifest storage (the files of our pages,
# not the admin's or axe-core: those take seconds to compress), served by whitenoise.
@pytest.fixture(scope="module")
def production(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    overrides = {
        "STATIC_ROOT": root,
        "STORAGES": {
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        "WHITENOISE_USE_FINDERS": False,
        "WHITENOISE_AUTOREFRESH": False,
    }
    with override_settings(**overrides):
        ignored = ["admin", "tests", "ext", "htmax-*", "htmx-4*", "htmx-2.js"]  # not on our pages
        call_command(
            "collectstatic", "--noinput", *(f"--ignore={name}" for name in ignored), verbosity=0
        )
        from django.contrib.staticfiles.storage import staticfiles_storage

        urls = {
            name: staticfiles_storage.url(name)
            for name in [
                "nlds/tokens/theme.css",
                COMPONENTS,
                "css/mensenwerk.css",
                "fonts/noto-sans/noto-sans-latin-400-normal.woff2",
                "django_htmx/htmx-2.min.js",
            ]
        }
    return root, overrides, urls


def test_collectstatic_with_a_manifest_finds_every_reference(production):
    """What failed the image's build: a published stylesheet pointing at a missing file."""
    root, _, urls = production
    assert (root / "staticfiles.json").is_file()
    for url in urls.values():
        # Hashed names, so that they can be cached for good.
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|woff2)$", url), url
        assert (root / url.removeprefix("/static/")).is_file()


@pytest.mark.parametrize(
    "name", ["nlds/tokens/theme.css", COMPONENTS, "css/mensenwerk.css", "django_htmx/htmx-2.min.js"]
)
def test_stylesheets_and_htmx_are_served_compressed_and_cached_for_good(production, name):
    _, overrides, urls = production
    with override_settings(**overrides):
        client = Client()
        brotli = client.get(urls[name], headers={"accept-encoding": "gzip, br"})
        gzipped = client.get(urls[name], headers={"accept-encoding": "gzip"})
        plain = client.get(urls[name])
    assert brotli.status_code == gzipped.status_code == plain.status_code == 200
    assert brotli["Content-Encoding"] == "br"
    assert gzipped["Content-Encoding"] == "gzip"
    assert not plain.has_header("Content-Encoding")
    assert int(brotli["Content-Length"]) < int(gzipped["Content-Length"])
    assert int(gzipped["Content-Length"]) < int(plain["Content-Length"]) / 3
    for response in (brotli, gzipped, plain):
        assert response["Cache-Control"] == "max-age=315360000, public, immutable"
        assert response["Vary"] == "Accept-Encoding"


def test_fonts_are_cached_for_good_and_not_compressed_again(production):
    """woff2 is compressed already."""
    _, overrides, urls = production
    with override_settings(**overrides):
        response = Client().get(urls["fonts/noto-sans/noto-sans-latin-400-normal.woff2"])
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert not response.has_header("Content-Encoding")


def test_the_components_stylesheet_is_a_fraction_of_the_library(production, settings):
    root, _, urls = production
    published = root / urls[COMPONENTS].removeprefix("/static/")
    library = settings.NPM_ROOT / "@utrecht/component-library-css/dist/index.css"
    assert published.stat().st_size < library.stat().st_size / 2
    assert Path(f"{published}.br").stat().st_size < 20_000


def test_unhashed_names_are_not_cached_for_good(production):
    """The name without its hash may change meaning with the next release."""
    _, overrides, _ = production
    with override_settings(**overrides):
        response = Client().get(f"/static/{COMPONENTS}")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
