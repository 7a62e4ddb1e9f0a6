#!/usr/bin/env bash
# pip-audit on the pinned runtime requirements. Fails on a known vulnerability unless its id is
# listed, with a reason, in .pip-audit-ignore. When the vulnerability service cannot be reached
# (no network, or a registry mirror without PyPI's JSON API), it says so loudly and exits 0:
# an audit that could not run is reported, never passed off as clean, and never hangs CI.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
IGNORE_FILE=.pip-audit-ignore
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

ignores=()
if [ -f "$IGNORE_FILE" ]; then
  while read -r id reason; do
    case "$id" in ''|'#'*) continue ;; esac
    if [ -z "$reason" ]; then
      echo "audit: $IGNORE_FILE lists $id without a reason; give one" >&2
      exit 1
    fi
    ignores+=(--ignore-vuln "$id")
  done < "$IGNORE_FILE"
fi

timeout "${AUDIT_TIMEOUT_SECONDS:-300}" $PY -m pip_audit -r requirements.txt --format json --output "$OUT" \
  --progress-spinner off --timeout 20 "${ignores[@]}" >"$OUT.log" 2>&1
status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  tail -5 "$OUT.log"
fi
rm -f "$OUT.log"
$PY scripts/audit_report.py "$OUT" "$status"
