"""The CI dependency audit fails on a known vulnerability and never passes off an audit that did not run."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location("audit_report", Path(__file__).parents[1] / "scripts" / "audit_report.py")
audit_report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_report)


def test_a_known_vulnerability_fails():
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.0", "vulns": [{"id": "GHSA-1", "fix_versions": ["5.2.1"]}]},
            {"name": "celery", "version": "5.7.0", "vulns": []},
        ]
    }
    code, lines = audit_report.verdict(report, 1)
    assert code == 1
    assert lines[0] == "audit: django 5.2.0: GHSA-1 (fixed in 5.2.1)"


def test_clean_audit_passes():
    code, lines = audit_report.verdict({"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}, 0)
    assert (code, lines[-1].split(":")[1].strip()) == (0, "passed")


def test_an_audit_that_reached_no_service_says_not_run_and_does_not_fail():
    skipped = {"name": "django", "version": "5.2.19", "skip_reason": "Dependency not found on PyPI"}
    code, lines = audit_report.verdict({"dependencies": [skipped]}, 0)
    assert code == 0
    assert lines[0].startswith("audit: NOT RUN")
    assert audit_report.verdict(None, 124)[1][0].startswith("audit: NOT RUN")
