"""Settings come from the environment; production passes Django's deploy check."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def environment(**env) -> dict:
    """This process's environment without any setting of ours, plus `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.pop("REDIS_URL", None)
    return {**clean, **env}


def run_manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_values(*expressions, **env) -> list[str]:
    """Each expression's value as JSON, read in one new process with `env`."""
    printed = "; ".join(f"print(json.dumps({e}, default=str))" for e in expressions)
    code = f"import django, json; django.setup(); from django.conf import settings; {printed}"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment(DJANGO_SETTINGS_MODULE="config.settings.dev", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().split("\n")


def settings_value(expression, **env):
    return settings_values(expression, **env)[0]


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-of-more-than-fifty-characters-x",
    "DJANGO_ALLOWED_HOSTS": "mensenwerk.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/mensenwerk",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def test_production_settings_pass_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_embedded_default_needs_no_service():
    engine, eager, email = settings_values(
        'settings.DATABASES["default"]["ENGINE"]',
        "settings.CELERY_TASK_ALWAYS_EAGER",
        "settings.EMAIL_BACKEND",
    )
    assert "sqlite3" in engine
    assert eager == "true"
    assert "console" in email


def test_database_url_gives_postgresql_with_a_pool_and_health_checks():
    value = settings_value(
        'settings.DATABASES["default"]',
        DATABASE_URL="postgres://mw:secret@db.example.org:5432/mensenwerk",
    )
    assert '"ENGINE": "django.db.backends.postgresql"' in value
    assert '"CONN_HEALTH_CHECKS": true' in value
    assert '"CONN_MAX_AGE": 0' in value
    assert '"pool": {' in value
    assert '"options": "-c jit=off"' in value


def test_options_named_in_the_database_url_are_kept_beside_jit_off():
    value = settings_value(
        'settings.DATABASES["default"]["OPTIONS"]["options"]',
        DATABASE_URL="postgres://mw@db.example.org/mensenwerk?options=-c%20work_mem%3D64MB",
    )
    assert value == '"-c work_mem=64MB -c jit=off"'


@pytest.mark.services
@pytest.mark.django_db
def test_the_connections_to_postgresql_compile_no_queries_just_in_time():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.fail("services tests run against PostgreSQL (DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_redis_url_puts_celery_on_redis():
    env = {"REDIS_URL": "redis://cache.example.org:6379/1"}
    broker, eager = settings_values(
        "settings.CELERY_BROKER_URL", "settings.CELERY_TASK_ALWAYS_EAGER", **env
    )
    assert broker == '"redis://cache.example.org:6379/1"'
    assert eager == "false"


def test_email_settings_come_from_the_environment():
    env = {"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "2525"}
    backend, port = settings_values("settings.EMAIL_BACKEND", "settings.EMAIL_PORT", **env)
    assert "smtp" in backend
    assert port == "2525"


def environment_names_read_by_the_settings() -> set[str]:
    source = "\n".join(path.read_text() for path in (BASE_DIR / "config").rglob("*.py"))
    return set(re.findall(r'env(?:_int|_bool|_list|_required)?\(\s*"([A-Z_]+)"', source))


def test_every_setting_from_the_environment_is_documented_and_in_the_example():
    names = environment_names_read_by_the_settings()
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_TRUSTED_PROXY_COUNT"} <= names
    readme = (BASE_DIR / "README.md").read_text()
    example = (BASE_DIR / ".env.example").read_text()
    assert [name for name in sorted(names) if f"`{name}`" not in readme] == []
    assert [name for name in sorted(names) if not re.search(rf"^#? ?{name}=", example, re.M)] == []


def test_the_compose_file_reads_only_what_the_example_names_and_has_no_default_password():
    compose = (BASE_DIR / "docker-compose.yml").read_text()
    example = (BASE_DIR / ".env.example").read_text()
    read = set(re.findall(r"\$\{([A-Z_]+)", compose))
    assert [name for name in sorted(read) if not re.search(rf"^{name}=", example, re.M)] == []
    for required in ("DJANGO_SECRET_KEY", "POSTGRES_PASSWORD"):
        uses = re.findall(rf"\$\{{{required}([^}}]*)\}}", compose)
        assert uses and all(use.startswith(":?") for use in uses), (required, uses)


def test_the_wsgi_application_moves_what_its_imports_made_out_of_the_collectors_way():
    """config.wsgi imports every view, then freezes the objects so far (bench/journey.py
    measures the effect) and collects the youngest generation less often."""
    code = (
        "import gc, sys; import config.wsgi; "
        "print(gc.get_freeze_count(), gc.get_threshold()[0], "
        "'transformation.views.programme' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment(DJANGO_SETTINGS_MODULE="config.settings.dev"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    frozen, threshold, views_imported = result.stdout.split()
    assert int(frozen) > 50_000
    assert int(threshold) == 5_000
    assert views_imported == "True"
