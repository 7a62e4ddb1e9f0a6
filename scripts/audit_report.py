"""Read pip-audit's JSON report; exit 1 on a known vulnerability, 0 otherwise, saying which.

An audit that could not reach the vulnerability service is reported as NOT RUN (exit 0), never
passed off as clean. Usage: audit_report.py REPORT.json PIP_AUDIT_EXIT_STATUS
"""

import json
import sys


def verdict(report: dict | None, status: int) -> tuple[int, list[str]]:
    if report is None:
        return 0, [
            f"audit: NOT RUN: pip-audit gave no report (exit {status}; 124 is the time limit). "
            "The vulnerability service is probably unreachable from this machine."
        ]
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    vulnerable = [d for d in deps if d.get("vulns")]
    lines = []
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "none yet"
            lines.append(f"audit: {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes})")
    if vulnerable:
        lines.append(
            f"audit: FAILED: {len(vulnerable)} package(s) with known vulnerabilities. Upgrade them, or "
            "list the id in .pip-audit-ignore with the reason it does not apply."
        )
        return 1, lines
    if deps and len(skipped) == len(deps):
        return 0, [
            f"audit: NOT RUN: none of the {len(deps)} packages could be audited; the vulnerability "
            f"service answered: {skipped[0]['skip_reason']!r}. PyPI's JSON API, which pip-audit asks, "
            "is not reachable from this machine: run `make audit` where it is."
        ]
    if skipped:
        names = ", ".join(d["name"] for d in skipped)
        lines.append(f"audit: WARNING: {len(skipped)} of {len(deps)} packages could not be audited: {names}")
    lines.append(
        f"audit: passed: {len(deps) - len(skipped)} packages audited, no known vulnerability "
        "other than those listed in .pip-audit-ignore"
    )
    return 0, lines


def main() -> int:
    path, status = sys.argv[1], int(sys.argv[2])
    try:
        with open(path) as file:
            report = json.load(file)
    except (OSError, ValueError):
        report = None
    code, lines = verdict(report, status)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
