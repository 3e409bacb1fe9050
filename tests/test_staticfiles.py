"""The NL Design System's CSS is published file by file from node_modules."""

from django.contrib.staticfiles import finders
from django.core.management import call_command

from organisations.staticfiles import NpmFinder


def test_the_pages_stylesheets_are_found_in_node_modules(settings):
    for public, name in settings.NPM_STATIC_FILES.items():
        assert finders.find(public) == str(settings.NPM_ROOT / name)


def test_only_the_named_files_are_published(settings):
    published = {
        f"{storage.prefix}/{path}" for path, storage in NpmFinder().list(ignore_patterns=[])
    }
    assert published == set(settings.NPM_STATIC_FILES)
    # The token package's other stylesheets point at images it does not ship.
    assert finders.find("nlds/tokens/background-image-icon.css") is None


def test_a_missing_npm_install_is_a_check_error(settings, tmp_path):
    settings.NPM_ROOT = tmp_path
    errors = NpmFinder().check()
    assert [error.id for error in errors] == ["organisations.E001"]
    assert "npm ci" in errors[0].hint


def test_collectstatic_with_a_manifest_finds_every_reference(settings, tmp_path):
    """What failed the image's build: a published stylesheet pointing at a missing file.
    (The production smoke test collects with the compressing storage itself.)"""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "static/nlds/tokens/theme.css").is_file()
    assert (tmp_path / "static/staticfiles.json").is_file()
