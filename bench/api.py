"""The API benchmark (`make bench`, API part; scripts/bench.sh sets up the database).

gunicorn serves the project (bench/wsgi.py) on PostgreSQL loaded with `generate_data`, pinned to
one core; wrk (throughput) and hey (latency at a fixed rate) run pinned to the other. Every
round measures the references A0 and A1 and then each request, so every share of A0 comes from
the same minutes of the same machine. Results: JSON in $BENCH_WORK_DIR and a Markdown section
appended to $BENCH_API_OUTPUT (docs/benchmarks.md).

Environment: BENCH_API_SCALE (1), BENCH_API_SECONDS (15), BENCH_API_ROUNDS (3),
BENCH_API_ONLY (comma-separated request keys; the references always run), BENCH_API_LATENCY (1),
BENCH_API_WORKERS (1), BENCH_API_WORKER_CLASS (sync), BENCH_API_THREADS (1),
BENCH_API_CONNECTIONS (4), BENCH_API_MEMORY_REQUESTS (20000: worker memory over that many more
requests; 0 skips it), BENCH_LABEL (a name for this run), BENCH_API_BEFORE (a previous run's JSON:
adds a before/after table).
"""

import contextlib
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from knox.models import AuthToken  # noqa: E402

from accounts.models import User  # noqa: E402
from bench import proc  # noqa: E402
from courseplatform.datagen import EMAIL_DOMAIN  # noqa: E402
from courses.models import Course  # noqa: E402
from enrollments.access import lesson_access_check  # noqa: E402
from enrollments.models import Certificate, Enrollment, LessonCompletion, QuizAttempt  # noqa: E402
from lessons.models import Lesson, Question  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("BENCH_WORK_DIR", ROOT / "var" / "bench"))
OUTPUT = Path(os.environ.get("BENCH_API_OUTPUT", ROOT / "docs" / "benchmarks.md"))
SCALE = float(os.environ.get("BENCH_API_SCALE", "1"))
SECONDS = int(os.environ.get("BENCH_API_SECONDS", "15"))
ROUNDS = int(os.environ.get("BENCH_API_ROUNDS", "3"))
ONLY = [k for k in os.environ.get("BENCH_API_ONLY", "").split(",") if k]
LATENCY = os.environ.get("BENCH_API_LATENCY", "1") == "1"
WORKERS = int(os.environ.get("BENCH_API_WORKERS", "1"))
WORKER_CLASS = os.environ.get("BENCH_API_WORKER_CLASS", "sync")
THREADS = int(os.environ.get("BENCH_API_THREADS", "1"))
CONNECTIONS = int(os.environ.get("BENCH_API_CONNECTIONS", "4"))
MEMORY_REQUESTS = int(os.environ.get("BENCH_API_MEMORY_REQUESTS", "20000"))
LABEL = os.environ.get("BENCH_LABEL", "")
BEFORE = os.environ.get("BENCH_API_BEFORE", "")
PORT = int(os.environ.get("BENCH_API_PORT", "8787"))
SERVER_CPUS = os.environ.get("BENCH_API_SERVER_CPUS", "0")
CLIENT_CPUS = os.environ.get("BENCH_API_CLIENT_CPUS", "1")
WARMUP_SECONDS = 3
REFERENCES = ("a0", "a1")


def say(text: str) -> None:
    print(f"[bench api {time.strftime('%H:%M:%S')}] {text}", flush=True)


@dataclass
class Request:
    key: str
    label: str
    path: str
    method: str = "GET"
    token: str | None = None
    body: str | None = None
    expect: int = 200
    target: float | None = None  # share of A0


# --- data and the requests -----------------------------------------------------------------


def data_ensure() -> dict:
    if User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists():
        say("generated data already there: reusing it")
        return {"generated_seconds": None}
    say(f"generate_data --scale {SCALE:g}")
    started = time.monotonic()
    call_command("generate_data", scale=SCALE)
    return {"generated_seconds": round(time.monotonic() - started, 1)}


def requests_build() -> list[Request]:
    """The requests of the issue's table, for a learner enrolled in ten courses."""
    now = timezone.now()
    ten = (
        Enrollment.objects.filter(user__email__endswith=f"@{EMAIL_DOMAIN}")
        .values("user")
        .annotate(n=Count("id"))
        .filter(n=10)
        .order_by("user")
        .first()
    )
    if ten is None:
        raise RuntimeError("no generated learner with ten enrolments: generate at scale 0.5 or more")
    learner = User.objects.get(pk=ten["user"])
    AuthToken.objects.filter(user=learner).delete()
    _token_row, token = AuthToken.objects.create(user=learner)
    enrollments = list(
        Enrollment.objects.filter(
            user=learner, status=Enrollment.Status.ACTIVE, course__status=Course.Status.PUBLISHED
        ).select_related("course")
    )
    outline_course = _outline_course(enrollments)
    completed = next(e for e in enrollments if e.lesson_completions.exists())
    repeat_lesson = Lesson.objects.filter(completions__enrollment=completed).order_by("module__position", "position")[0]
    quiz_lesson = None
    for enrollment in enrollments:
        for lesson in Lesson.objects.filter(module__course=enrollment.course, quiz__isnull=False).select_related(
            "module__course", "quiz"
        ):
            with contextlib.suppress(Exception):
                lesson_access_check(user=learner, lesson=lesson, now=now, need_enrollment=True)
                quiz_lesson = lesson
                break
        if quiz_lesson:
            break
    if quiz_lesson is None:
        raise RuntimeError("no unlocked quiz for the benchmark learner")
    quiz = quiz_lesson.quiz
    answers = [
        {"question": q.pk, "choices": [c.pk for c in q.choices.all() if c.is_correct]}
        for q in Question.objects.filter(quiz=quiz).prefetch_related("choices")
    ]
    certificate = Certificate.objects.order_by("pk").first()
    if certificate is None:
        raise RuntimeError("no certificate in the generated data")
    lessons_in_outline = Lesson.objects.filter(module__course=outline_course).count()
    return [
        Request("a0", "A0: bare Django view, no middleware", "/bench/a0/", target=1.0),
        Request("a1", "A1: project middleware + DRF view, no auth", "/bench/a1/"),
        Request(
            "a1_auth", "A1-auth: the same view behind token authentication", "/bench/a1-auth/", token=token, target=0.40
        ),
        Request("catalogue", "catalogue, anonymous, first page", "/api/v1/courses/", target=0.60),
        Request(
            "outline",
            f"course outline, signed in, {lessons_in_outline} lessons ({outline_course.drip_mode} drip)",
            f"/api/v1/courses/{outline_course.slug}/",
            token=token,
            target=0.25,
        ),
        Request(
            "enrollments",
            f"my enrolments with progress ({len(enrollments) + 0} active of 10)",
            "/api/v1/enrollments/",
            token=token,
            target=0.20,
        ),
        Request(
            "completion",
            "lesson completion POST (repeat)",
            f"/api/v1/lessons/{repeat_lesson.pk}/completion/",
            method="POST",
            token=token,
            target=0.15,
        ),
        Request(
            "quiz_submit",
            f"quiz submission, {len(answers)} answers",
            f"/api/v1/quizzes/{quiz.pk}/attempts/",
            method="POST",
            token=token,
            body=json.dumps({"answers": answers}),
            expect=201,
            target=0.10,
        ),
        Request(
            "certificate", "public certificate verification", f"/api/v1/certificates/{certificate.code}/", target=0.50
        ),
    ]


# The outline measured: the same kind at every scale, so that 1x and 10x compare like with like
# (the first enrolment's course was a weekday-drip outline at 1x and a daily one at 10x). Dripped
# first, weekdays before the rest, so that every lesson's unlock time is worked out.
OUTLINE_DRIP_MODES = [Course.DripMode.WEEKDAYS, Course.DripMode.DAILY, Course.DripMode.WEEKLY, Course.DripMode.NONE]


def _outline_course(enrollments: list[Enrollment]) -> Course:
    """The course of the learner's enrolment whose outline is measured: by drip mode
    (OUTLINE_DRIP_MODES), then one with some lessons done, then the course's slug."""
    with_done = set(LessonCompletion.objects.filter(enrollment__in=enrollments).values_list("enrollment", flat=True))

    def rank(enrollment: Enrollment) -> tuple:
        course = enrollment.course
        return (OUTLINE_DRIP_MODES.index(course.drip_mode), enrollment.pk not in with_done, course.slug)

    return min(enrollments, key=rank).course


def team_request() -> Request | None:
    """Team progress for a manager: a team of 200 generated learners, each enrolled in 3 courses."""
    from django.apps import apps
    from django.db import transaction

    if not apps.is_installed("teams"):
        return None
    from teams.models import Team, TeamMembership

    team = Team.objects.filter(name="Bench team").first()
    if team is None:
        with transaction.atomic():
            team = Team.objects.create(name="Bench team")
            learners = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}", is_staff=False).order_by("pk")
            manager, *members = list(learners[1000:1201])
            TeamMembership.objects.create(team=team, user=manager, role=TeamMembership.Role.MANAGER)
            TeamMembership.objects.bulk_create(
                [TeamMembership(team=team, user=m, role=TeamMembership.Role.MEMBER) for m in members]
            )
            courses = list(Course.objects.filter(status=Course.Status.PUBLISHED).order_by("slug")[:3])
            now = timezone.now()
            for course in courses:
                Enrollment.objects.bulk_create(
                    [Enrollment(user=m, course=course, enrolled_at=now, last_activity_at=now) for m in members],
                    ignore_conflicts=True,
                )
                Enrollment.objects.filter(user__in=members, course=course).update(team=team)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # stale statistics about the new team make a plan that takes minutes
    manager = TeamMembership.objects.get(team=team, role=TeamMembership.Role.MANAGER).user
    AuthToken.objects.filter(user=manager).delete()
    _row, token = AuthToken.objects.create(user=manager)
    return Request(
        "team_progress",
        "team progress, 200 members x 3 courses (first page, 100 rows)",
        f"/api/v1/teams/{team.pk}/progress/?page_size=100",
        token=token,
        target=0.05,
    )


def query_counts(requests: list[Request]) -> dict[str, int]:
    """SQL queries per request, in this process through Django's test client (second call)."""
    client = Client(SERVER_NAME="127.0.0.1")
    counts = {}
    for r in requests:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {r.token}"} if r.token else {}
        call = client.post if r.method == "POST" else client.get
        kwargs = {"data": r.body, "content_type": "application/json"} if r.body else {}
        seen = []
        for _ in range(2):  # the second call is the one counted: nothing left to warm up
            with CaptureQueriesContext(connection) as queries:
                response = call(r.path, **kwargs, **headers)
            seen.append(len(queries))
            if response.status_code != r.expect:
                raise RuntimeError(
                    f"{r.key}: {r.method} {r.path} answered {response.status_code}: {response.content[:300]!r}"
                )
        counts[r.key] = len(queries)
        counts[f"{r.key}:first"] = seen[0]  # with an empty cache
    return counts


# --- processes ---------------------------------------------------------------------------


def server_start() -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "courseplatform.settings.bench",
        "PYTHONPATH": str(ROOT),
    }
    argv = [
        "taskset",
        "-c",
        SERVER_CPUS,
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "bench.wsgi:application",
        "--workers",
        str(WORKERS),
        "--worker-class",
        WORKER_CLASS,
        "--threads",
        str(THREADS),
        "--bind",
        f"127.0.0.1:{PORT}",
        "--backlog",
        "256",
        "--log-level",
        "warning",
    ]
    log = open(WORK / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)  # noqa: S603
    (WORK / "gunicorn.pid").write_text(str(server.pid))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            out = subprocess.run(  # noqa: S603
                ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{PORT}/bench/a0/"],  # noqa: S607
                capture_output=True,
                text=True,
                timeout=5,
            )
            if out.stdout == "200":
                return server
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer; see {WORK / 'gunicorn.log'}")


def server_stop(server: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.wait(15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    (WORK / "gunicorn.pid").unlink(missing_ok=True)


def worker_pids(server: subprocess.Popen) -> list[int]:
    # taskset execs gunicorn, so the Popen pid is the gunicorn master.
    return proc.children(server.pid)


def lua_for(r: Request) -> Path:
    lines = [f'wrk.method = "{r.method}"']
    if r.body:
        lines.append(f"wrk.body = {json.dumps(r.body)}")
        lines.append('wrk.headers["Content-Type"] = "application/json"')
    if r.token:
        lines.append(f'wrk.headers["Authorization"] = "Bearer {r.token}"')
    path = WORK / f"wrk-{r.key}.lua"
    path.write_text("\n".join(lines) + "\n")
    return path


def _seconds(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def wrk(r: Request, seconds: int) -> dict:
    argv = [
        "taskset", "-c", CLIENT_CPUS, "wrk", "-t1", "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--timeout", "10s",
        "--latency", "-s", str(lua_for(r)), f"http://127.0.0.1:{PORT}{r.path}",
    ]  # fmt: skip
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    return {
        "rps": rps,
        "requests": total,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1).strip() if errors else "",
        "p50_ms": round(_seconds(p50.group(1)) * 1000, 2) if p50 else None,
        "p99_ms": round(_seconds(p99.group(1)) * 1000, 2) if p99 else None,
    }


def hey(r: Request, rate: float, seconds: int) -> dict:
    """Latency at a fixed offered rate: `workers` clients, each limited to rate/workers per second."""
    workers = 4
    argv = ["taskset", "-c", CLIENT_CPUS, "hey", "-z", f"{seconds}s", "-c", str(workers), "-q", f"{rate / workers:.2f}"]
    argv += _hey_request(r)
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout  # noqa: S603
    got = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"50% in ([\d.]+) secs", out)
    p99 = re.search(r"99% in ([\d.]+) secs", out)
    codes = dict(re.findall(r"\[(\d+)\]\s+(\d+) responses", out))
    return {
        "offered_rps": round(rate, 1),
        "achieved_rps": float(got.group(1)) if got else None,
        "p50_ms": round(float(p50.group(1)) * 1000, 2) if p50 else None,
        "p99_ms": round(float(p99.group(1)) * 1000, 2) if p99 else None,
        "codes": codes,
    }


def _hey_request(r: Request) -> list[str]:
    """hey's arguments for the request itself: method, token, body and URL."""
    argv = ["-m", r.method]
    if r.token:
        argv += ["-H", f"Authorization: Bearer {r.token}"]
    if r.body:
        argv += ["-T", "application/json", "-d", r.body]
    return [*argv, f"http://127.0.0.1:{PORT}{r.path}"]


def hey_count(r: Request, count: int) -> dict[str, str]:
    """Exactly `count` requests as fast as 4 clients go; the status codes answered."""
    argv = ["taskset", "-c", CLIENT_CPUS, "hey", "-n", str(count), "-c", "4", "-t", "20", *_hey_request(r)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout  # noqa: S603
    return dict(re.findall(r"\[(\d+)\]\s+(\d+) responses", out))


# The quiz request submits one quiz for one learner thousands of times a run. Left in place, those
# attempts slow that learner's other requests round after round (the enrolment list reads their
# passed quizzes) with a pile no real learner has: each quiz measurement's attempts are removed
# after it, so every measurement sees the generated data.
_last_generated_attempt: list[int] = []


def attempts_mark() -> None:
    _last_generated_attempt[:] = [QuizAttempt.objects.order_by("-pk").values_list("pk", flat=True).first() or 0]


def attempts_undo(r: Request) -> None:
    if r.method == "POST" and "/quizzes/" in r.path and _last_generated_attempt:
        QuizAttempt.objects.filter(pk__gt=_last_generated_attempt[0]).delete()


def memory_run(server: subprocess.Popen, requests: list[Request], total: int) -> dict:
    """Worker memory over `total` more requests: every request of the run in equal shares, in four
    passes, the workers' RSS read from /proc before and after each pass."""
    per_pass = max(total // (4 * len(requests)), 1)
    served = 0
    samples = [{"after": 0, "rss_kb": [proc.status_kb(pid).get("VmRSS") for pid in worker_pids(server)]}]
    unexpected: dict[str, dict[str, str]] = {}
    for _ in range(4):
        for r in requests:
            codes = hey_count(r, per_pass)
            attempts_undo(r)
            served += per_pass
            if set(codes) - {str(r.expect)}:
                unexpected[r.key] = codes
        samples.append({"after": served, "rss_kb": [proc.status_kb(pid).get("VmRSS") for pid in worker_pids(server)]})
        say(f"memory: {served:,} requests, RSS {[round((k or 0) / 1024, 1) for k in samples[-1]['rss_kb']]} MB")
    return {"requests": served, "samples": samples, "unexpected_codes": unexpected}


def _cpu(pids: list[int]) -> float:
    return sum(proc.cpu_seconds(pid) for pid in pids)


def postgres_backend_pids() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def machine_info() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg = cursor.fetchone()[0].split(" on ")[0]
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "linux": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgres": pg,
        "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0][:60],  # noqa: S607
    }


# --- the run --------------------------------------------------------------------------------


def git_describe() -> str:
    out = subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],  # noqa: S607
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def run() -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    commit = git_describe()  # of the code the server is about to load
    info = data_ensure()
    requests = requests_build()
    attempts_mark()
    team = team_request()
    if team is not None:
        requests.append(team)
    if ONLY:
        requests = [r for r in requests if r.key in REFERENCES or r.key in ONLY]
    say("queries per request (test client, in this process)")
    queries = query_counts(requests)
    say("  " + ", ".join(f"{k} {v}" for k, v in queries.items() if ":" not in k))
    connection.close()
    server = server_start()
    try:
        workers = worker_pids(server)
        say(f"gunicorn {WORKERS} x {WORKER_CLASS} (threads {THREADS}) on cpu {SERVER_CPUS}, pids {workers}")
        for r in requests:
            wrk(r, WARMUP_SECONDS)
            attempts_undo(r)
        rss_start = {pid: proc.status_kb(pid).get("VmRSS") for pid in workers}
        served = 0
        rounds: list[dict[str, dict]] = []
        cpu = proc.CpuAccount(
            {
                "server": lambda: [server.pid, *worker_pids(server)],
                "postgres": postgres_backend_pids,
            }
        )
        load_before = os.getloadavg()
        started = time.monotonic()
        for number in range(1, ROUNDS + 1):
            results = {}
            for r in requests:
                # The server's PostgreSQL sessions (it reconnects after CONN_MAX_AGE): a session that
                # starts during the run counts from zero, one that ends is left out.
                pg_before = {pid: proc.cpu_seconds(pid) for pid in postgres_backend_pids()}
                server_cpu = _cpu(worker_pids(server))
                results[r.key] = wrk(r, SECONDS)
                attempts_undo(r)
                n = max(results[r.key]["requests"], 1)
                results[r.key]["server_cpu_us"] = round((_cpu(worker_pids(server)) - server_cpu) / n * 1e6)
                pg_after = {pid: proc.cpu_seconds(pid) for pid in postgres_backend_pids()}
                pg_cpu = sum(max(cpu - pg_before.get(pid, 0.0), 0.0) for pid, cpu in pg_after.items())
                results[r.key]["postgres_cpu_us"] = round(pg_cpu / n * 1e6)
                served += results[r.key]["requests"]
                got = results[r.key]
                if got["non_2xx"] or got["socket_errors"]:
                    say(f"  {r.key}: {got['non_2xx']} non-2xx, socket errors {got['socket_errors']}")
            rounds.append(results)
            say(f"round {number}: " + ", ".join(f"{k} {v['rps']:.0f}/s" for k, v in results.items()))
        wall = time.monotonic() - started
        usage = cpu.take()
        load_after = os.getloadavg()
        latency = {}
        if LATENCY:
            for r in requests:
                rate = 0.7 * statistics.median(rd[r.key]["rps"] for rd in rounds)
                latency[r.key] = hey(r, rate, SECONDS)
                attempts_undo(r)
                lat = latency[r.key]
                say(f"latency {r.key} at {rate:.0f}/s: p50 {lat['p50_ms']} ms, p99 {lat['p99_ms']} ms")
        rss_end = {pid: proc.status_kb(pid).get("VmRSS") for pid in worker_pids(server)}
        memory_growth = memory_run(server, requests, MEMORY_REQUESTS) if MEMORY_REQUESTS else None
    finally:
        server_stop(server)
    summary = {}
    for r in requests:
        rps = [rd[r.key]["rps"] for rd in rounds]
        shares = [rd[r.key]["rps"] / rd["a0"]["rps"] for rd in rounds]
        summary[r.key] = {
            "label": r.label,
            "rps_median": statistics.median(rps),
            "rps_min": min(rps),
            "rps_max": max(rps),
            "share_median": statistics.median(shares),
            "share_min": min(shares),
            "share_max": max(shares),
            # CPU per request does not depend on how much CPU other processes leave the server.
            "server_cpu_us": statistics.median(rd[r.key]["server_cpu_us"] for rd in rounds),
            "postgres_cpu_us": statistics.median(rd[r.key]["postgres_cpu_us"] for rd in rounds),
            "target": r.target,
            "queries": queries[r.key],
            "queries_first": queries[f"{r.key}:first"],
            "latency": latency.get(r.key),
        }
    machine_cpu = usage["machine_busy"] / (wall * (os.cpu_count() or 1)) * 100
    return {
        "label": LABEL,
        "machine": machine_info(),
        "config": {
            "scale": SCALE,
            "seconds": SECONDS,
            "rounds": ROUNDS,
            "workers": WORKERS,
            "worker_class": WORKER_CLASS,
            "threads": THREADS,
            "connections": CONNECTIONS,
            "server_cpus": SERVER_CPUS,
            "client_cpus": CLIENT_CPUS,
            "git": commit,
        },
        "data": {
            **info,
            "learners": User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}", is_staff=False).count(),
            "enrollments": Enrollment.objects.count(),
            "courses": Course.objects.count(),
        },
        "load": {
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in load_after],
            "machine_cpu_percent": round(machine_cpu, 1),
            "server_cpu_seconds": round(usage["server"], 1),
            "postgres_cpu_seconds": round(usage["postgres"], 1),
            "other_cpu_seconds": round(usage["everything_else"], 1),
            "wall_seconds": round(wall, 1),
        },
        "memory": {
            "rss_kb_after_warmup": list(rss_start.values()),
            "rss_kb_end": list(rss_end.values()),
            "requests_served": served,
            "growth": memory_growth,
        },
        "rounds": rounds,
        "summary": summary,
    }


# --- the report ---------------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _queries(s: dict) -> str:
    first = s.get("queries_first", s["queries"])
    return str(s["queries"]) if first == s["queries"] else f"{s['queries']} ({first} with an empty cache)"


def _memory_lines(growth: dict | None) -> list[str]:
    if not growth:
        return []
    steps = " -> ".join(
        "/".join(f"{(k or 0) / 1024:.1f}" for k in sample["rss_kb"]) + f" ({sample['after']:,})"
        for sample in growth["samples"]
    )
    first, last = growth["samples"][1]["rss_kb"], growth["samples"][-1]["rss_kb"]
    grew = max(((b or 0) - (a or 0)) / 1024 for a, b in zip(first, last, strict=False))
    verdict = "flat" if grew <= 1.0 else "growing"
    odd = f" Unexpected status codes: {growth['unexpected_codes']}." if growth["unexpected_codes"] else ""
    return [
        f"Worker memory over {growth['requests']:,} more requests (every request above in equal shares, hey, "
        f"RSS in MB after that many): {steps}; {grew:+.1f} MB from the first quarter to the end: {verdict} "
        f"(flat: at most 1 MB).{odd}"
    ]


def report(result: dict, before: dict | None) -> str:
    m, c, load, mem = result["machine"], result["config"], result["load"], result["memory"]
    title = f"## API, {m['date']}" + (f": {result['label']}" if result["label"] else "")
    lines = [
        title,
        "",
        f"gunicorn {c['workers']} x {c['worker_class']} (threads {c['threads']}) pinned to CPU {c['server_cpus']}; "
        f"wrk (1 thread, {c['connections']} connections) and hey pinned to CPU {c['client_cpus']}; "
        f"{c['rounds']} interleaved rounds of {c['seconds']} s per request after a {WARMUP_SECONDS} s warm-up; "
        f"commit {c['git']}. Data: scale {c['scale']:g} ({result['data']['learners']:,} learners, "
        f"{result['data']['enrollments']:,} enrolments, {result['data']['courses']} courses).",
        "",
        "| request | req/s median (min-max) | share of A0 median (min-max) | target | met | p50 / p99 at 70% of max "
        "| SQL queries | server CPU per request | its PostgreSQL CPU | share of A0 by server CPU |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    a0_cpu = result["summary"]["a0"]["server_cpu_us"]
    for s in result["summary"].values():
        target = s["target"]
        met = "" if target is None or target == 1.0 else ("yes" if s["share_median"] >= target else "no")
        lat = s["latency"]
        lat_text = f"{lat['p50_ms']} / {lat['p99_ms']} ms" if lat and lat["p50_ms"] is not None else ""
        if lat and lat["p50_ms"] and lat["p99_ms"] and lat["p99_ms"] > 3 * lat["p50_ms"]:
            lat_text += " (p99 > 3x p50)"
        lines.append(
            f"| {s['label']} | {s['rps_median']:,.0f} ({s['rps_min']:,.0f}-{s['rps_max']:,.0f}) "
            f"| {_pct(s['share_median'])} ({_pct(s['share_min'])}-{_pct(s['share_max'])}) "
            f"| {'' if target in (None, 1.0) else '>= ' + _pct(target)} | {met} | {lat_text} | {_queries(s)} "
            f"| {s['server_cpu_us']:,.0f} us | {s['postgres_cpu_us']:,.0f} us "
            f"| {_pct(a0_cpu / s['server_cpu_us']) if s['server_cpu_us'] else ''} |"
        )
    rss0 = ", ".join(f"{(k or 0) / 1024:.0f}" for k in mem["rss_kb_after_warmup"])
    rss1 = ", ".join(f"{(k or 0) / 1024:.0f}" for k in mem["rss_kb_end"])
    lines += [
        "",
        f"Worker memory (RSS, MB): {rss0} after the warm-up, {rss1} after {mem['requests_served']:,} more requests.",
        *_memory_lines(mem.get("growth")),
        f"Load while measuring: the machine's CPUs were {load['machine_cpu_percent']}% busy "
        f"over {load['wall_seconds']} s; "
        f"the server used {load['server_cpu_seconds']} CPU s, its PostgreSQL sessions {load['postgres_cpu_seconds']}, "
        f"everything else (wrk, other users' processes) {load['other_cpu_seconds']}; load average "
        f"{load['loadavg_before'][0]} before, {load['loadavg_after'][0]} after.",
        f"Machine: {m['cpus']} x {m['cpu']}, {m['memory_gb']} GB, Linux {m['linux']}, Python {m['python']}, "
        f"Django {m['django']}, {m['postgres']}, {m['wrk']}.",
    ]
    if before:
        lines += [
            "",
            f"Before / after (before: {before['label'] or 'previous run'}, {before['machine']['date']}, "
            f"commit {before['config']['git']}):",
            "",
            "| request | share of A0 before | after | server CPU per request before | after | queries before | after |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for key, s in result["summary"].items():
            b = before["summary"].get(key)
            if not b:
                continue
            lines.append(
                f"| {s['label']} | {_pct(b['share_median'])} | {_pct(s['share_median'])} "
                f"| {b['server_cpu_us']:,.0f} us "
                f"| {s['server_cpu_us']:,.0f} us | {b['queries']} | {s['queries']} |"
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    result = run()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    name = re.sub(r"[^a-z0-9]+", "-", (result["label"] or "run").lower()).strip("-")
    out_json = WORK / f"api-{stamp}-{name}.json"
    out_json.write_text(json.dumps(result, indent=1))
    before = json.loads(Path(BEFORE).read_text()) if BEFORE else None
    text = report(result, before)
    print(text)
    with OUTPUT.open("a") as f:
        f.write("\n" + text)
    say(f"results: {out_json}; report appended to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
