"""The project as a whole: system checks, migrations, the API schema, deploy settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process whose DJANGO_* settings come only from `env`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_system_check_passes_in_development():
    result = _manage("check", "--fail-level", "WARNING", DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="p" + "r0duct10n-Secret-K3y-with-enough-entropy-%&*^$#@!" * 2,
        DJANGO_ALLOWED_HOSTS="courses.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_collectstatic_succeeds_with_the_production_storage(tmp_path):
    # The manifest storage follows every reference inside CSS and JS (a vendored file naming a
    # source map we do not ship stops the deploy's collectstatic).
    result = _manage(
        "collectstatic",
        "--noinput",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="p" + "r0duct10n-Secret-K3y-with-enough-entropy-%&*^$#@!" * 2,
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_schema_generates_without_warnings():
    result = _manage("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull, DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stderr


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/courses/{slug}/" in schema.json()["paths"]
    assert client.get("/api/v1/docs/").status_code == 200
