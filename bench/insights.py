"""The insights benchmark (`make bench`, insights part; scripts/bench.sh sets up the database).

The admin's insights page of one generated course with BENCH_INSIGHTS_ENROLMENTS (100,000)
learners (`generate_data --insights-enrolments`, beside the scale-BENCH_INSIGHTS_SCALE data),
for a date range that holds every one of them: the page's worst case. Timed in this process with
Django's test client (the server's time: the view, its queries, the template), a warm-up and then
BENCH_INSIGHTS_RUNS (7) runs; the median, the spread, the queries and the slowest of them. First
the course's figures are counted ahead three times (course_insights_count, what the beat task
does), and that is timed too: it is the work the page no longer does.
EXPLAIN (ANALYZE, BUFFERS) of every query of the page goes to $BENCH_WORK_DIR/explain-insights.txt.
Results: JSON in $BENCH_WORK_DIR and a Markdown section appended to $BENCH_INSIGHTS_OUTPUT.

Environment: BENCH_INSIGHTS_SCALE (1), BENCH_INSIGHTS_ENROLMENTS (100000), BENCH_INSIGHTS_RUNS (7),
BENCH_LABEL (a name for this run).
"""

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max, Min  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from courseplatform.datagen import EMAIL_DOMAIN, INSIGHTS_SLUG_PREFIX  # noqa: E402
from courses.models import Course  # noqa: E402
from enrollments.insights import course_insights_count  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("BENCH_WORK_DIR", ROOT / "var" / "bench"))
OUTPUT = Path(os.environ.get("BENCH_INSIGHTS_OUTPUT", ROOT / "docs" / "benchmarks.md"))
SCALE = float(os.environ.get("BENCH_INSIGHTS_SCALE", "1"))
ENROLMENTS = int(os.environ.get("BENCH_INSIGHTS_ENROLMENTS", "100000"))
RUNS = int(os.environ.get("BENCH_INSIGHTS_RUNS", "7"))
LABEL = os.environ.get("BENCH_LABEL", "")
ADMIN_EMAIL = f"insights-bench-admin@{EMAIL_DOMAIN}"


def say(text: str) -> None:
    print(f"[bench insights {time.strftime('%H:%M:%S')}] {text}", flush=True)


def data_ensure() -> float | None:
    if Course.objects.filter(slug__startswith=f"{INSIGHTS_SLUG_PREFIX}-").exists():
        say("generated insights course already there: reusing it")
        return None
    say(f"generate_data --scale {SCALE:g} --insights-enrolments {ENROLMENTS}")
    started = time.monotonic()
    call_command("generate_data", scale=SCALE, insights_enrolments=ENROLMENTS)
    return round(time.monotonic() - started, 1)


def page_url(course: Course) -> str:
    span = course.enrollments.aggregate(first=Min("enrolled_at"), last=Max("enrolled_at"))
    start = span["first"].date() - timedelta(days=1)
    end = span["last"].date() + timedelta(days=1)
    return f"/admin/courses/course/{course.pk}/insights/?start={start}&end={end}"


def explain(sqls: list[str]) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of each query that reads learner rows (the others read content)."""
    out = []
    with connection.cursor() as cursor:
        for sql in sqls:
            if not sql.lstrip().upper().startswith("SELECT") or "enrollments_" not in sql:
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            out.append(sql + "\n\n" + "\n".join(row[0] for row in cursor.fetchall()))
    return ("\n\n" + "-" * 100 + "\n\n").join(out) + "\n"


def git_describe() -> str:
    out = subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],  # noqa: S607
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def run() -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    generated = data_ensure()
    call_command("collectstatic", interactive=False, verbosity=0)  # the page links hashed static files
    course = Course.objects.get(slug__startswith=f"{INSIGHTS_SLUG_PREFIX}-")
    admin, _ = User.objects.get_or_create(
        email=ADMIN_EMAIL, defaults={"name": "Bench admin", "is_staff": True, "is_superuser": True}
    )
    say("counting the course's insights ahead (what the beat task does every INSIGHTS_COUNT_SECONDS)")
    counting = []
    for _ in range(3):
        started = time.perf_counter()
        course_insights_count(course=course)
        counting.append(time.perf_counter() - started)
    say("counted in " + ", ".join(f"{s:.1f} s" for s in counting))
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(admin)
    url = page_url(course)
    enrolled = course.enrollments.count()  # all of them are in the range
    say(f"{url} ({enrolled:,} enrolments); warm-up")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"insights page answered {response.status_code}")
    queries = [(float(q["time"]), q["sql"]) for q in captured.captured_queries]
    seconds = []
    for number in range(1, RUNS + 1):
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        say(f"run {number}: {seconds[-1] * 1000:,.0f} ms")
    (WORK / "explain-insights.txt").write_text(explain([sql for _t, sql in queries]))
    slowest = sorted(queries, reverse=True)[:5]
    return {
        "label": LABEL,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_describe(),
        "load": [round(x, 2) for x in os.getloadavg()],
        "generated_seconds": generated,
        "enrolled": enrolled,
        "queries": len(queries),
        "runs_ms": [round(s * 1000) for s in seconds],
        "median_ms": round(statistics.median(seconds) * 1000),
        "count_ms": [round(s * 1000) for s in counting],
        "slowest_queries": [{"ms": round(t * 1000), "sql": sql[:300]} for t, sql in slowest],
        "queries_ms": [round(t * 1000) for t, _sql in queries],
    }


def report(result: dict) -> str:
    runs = result["runs_ms"]
    lines = [
        f"### Insights page, {result['enrolled']:,} learners in range ({result['date']}"
        + (f", {result['label']}" if result["label"] else "")
        + ")",
        "",
        f"Commit {result['commit']}; load average {result['load']} (a shared machine: expect noise).",
        "",
        "| median | min | max | runs | queries | counting ahead (median of 3) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {result['median_ms']:,} ms | {min(runs):,} ms | {max(runs):,} ms | {len(runs)} | {result['queries']} "
        f"| {statistics.median(result['count_ms']):,.0f} ms |",
        "",
        "Slowest queries of the warm-up run:",
        "",
        *[f"- {q['ms']:,} ms: `{q['sql'][:120]}...`" for q in result["slowest_queries"]],
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    result = run()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out_json = WORK / f"insights-{stamp}.json"
    out_json.write_text(json.dumps(result, indent=1))
    text = report(result)
    print(text)
    with OUTPUT.open("a") as f:
        f.write("\n" + text)
    say(f"results: {out_json}; EXPLAIN in {WORK / 'explain-insights.txt'}; report appended to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
