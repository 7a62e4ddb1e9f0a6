"""Cost per request in one process, independent of how busy the machine is.

The API benchmark's throughput swings with whatever else runs on the machine. This measures the
same requests (bench/api.py's, on the same generated data) by what does not swing: SQL queries
per request, and CPU instructions per request counted by valgrind's callgrind, the WSGI
application called directly (no HTTP server, no load generator).

    python -m bench.cost                      # queries and CPU time per request, every request
    python -m bench.cost --instructions enrollments completion   # + instructions (slow: valgrind)
    python -m bench.cost --database-cpu outline   # + PostgreSQL's CPU and wall time per request

Instructions: the process runs twice under callgrind, serving a request `--short` and `--long`
times after the same warm-up; the difference of the two totals over the difference of the counts
is the cost of one request, with start-up and warm-up cancelled out. Needs the data of
`manage.py generate_data` in DATABASE_URL (scripts/bench.sh makes it); PYTHONHASHSEED is fixed.

Database CPU: the request is served `--database-count` times on one connection and the CPU time
of that connection's PostgreSQL backend (utime + stime in /proc/<pid>/stat, clock ticks: the
server must run on this machine) is read before and after; with it the wall time per request.
The quiz submission's attempts are removed after each measurement, as in bench/api.py.
"""

import argparse
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courseplatform.settings.bench")
django.setup()

from django.db import connection  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("BENCH_WORK_DIR", ROOT / "var" / "bench"))
SPEC = WORK / "cost-requests.json"
WARMUP = 3


def specs(refresh: bool = False) -> list[dict]:
    """The benchmark's requests (bench/api.py), kept in a file so that every run uses the same token."""
    if SPEC.exists() and not refresh:
        return json.loads(SPEC.read_text())
    from bench.api import requests_build

    out = [vars(r) for r in requests_build()]
    WORK.mkdir(parents=True, exist_ok=True)
    SPEC.write_text(json.dumps(out, indent=1))
    return out


def environ_for(spec: dict) -> dict:
    path, _, query = spec["path"].partition("?")
    body = (spec["body"] or "").encode()
    environ = {
        "REQUEST_METHOD": spec["method"],
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8787",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8787",
        "HTTP_ACCEPT": "*/*",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if body:
        environ["CONTENT_TYPE"] = "application/json"
        environ["CONTENT_LENGTH"] = str(len(body))
    if spec["token"]:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {spec['token']}"
    return environ


def serve(application, spec: dict) -> str:
    status = []

    def start_response(value, headers, exc_info=None):
        status.append(value)

    body = application(environ_for(spec), start_response)
    try:
        for _chunk in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    if not status[0].startswith(str(spec["expect"])):
        raise RuntimeError(f"{spec['key']}: {spec['method']} {spec['path']} answered {status[0]}")
    return status[0]


def loop(keys: list[str], count: int) -> None:
    """The child under valgrind: for each request, warm up, then serve it `count` times between two
    calls of getppid(), at which callgrind dumps its counters (--dump-before=getppid)."""
    from bench.wsgi import application

    for key in keys:
        spec = next(s for s in specs() if s["key"] == key)
        for _ in range(WARMUP):
            serve(application, spec)
        os.getppid()
        for _ in range(count):
            serve(application, spec)
        os.getppid()


def instructions(keys: list[str], count: int) -> dict[str, int]:
    """Instructions per request of each key, from one process under callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        argv = ["valgrind", "--tool=callgrind", "--dump-before=getppid", f"--callgrind-out-file={out}"]
        argv += [sys.executable, "-m", "bench.cost", "--loop", ",".join(keys), str(count)]
        env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
        subprocess.run(argv, check=True, env=env, cwd=ROOT, capture_output=True)  # noqa: S603
        totals = []
        for dump in sorted(Path(tmp).glob("callgrind.out.*"), key=lambda p: int(p.name.rsplit(".", 1)[1])):
            match = re.search(r"^(?:summary|totals): (\d+)", dump.read_text(errors="replace"), re.MULTILINE)
            totals.append(int(match.group(1)))  # type: ignore[union-attr]
    # Dumps: before the first loop, then after each loop and before the next one's warm-up ends.
    return {key: totals[1 + 2 * i] // count for i, key in enumerate(keys)}


def backend_cpu_ticks(pid: int) -> int:
    """utime + stime of a process, in clock ticks: fields 14 and 15 of /proc/<pid>/stat."""
    after_name = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(after_name[11]) + int(after_name[12])


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def database_cpu(application, spec: dict, count: int) -> dict[str, int]:
    """PostgreSQL backend CPU and wall time per request, in microseconds, over `count` requests."""
    connection.close()  # a new connection: DATABASE_CONN_MAX_AGE must not replace it during the count
    for _ in range(WARMUP):
        serve(application, spec)
    pid = backend_pid()
    ticks = backend_cpu_ticks(pid)
    started = time.perf_counter()
    for _ in range(count):
        serve(application, spec)
    wall = time.perf_counter() - started
    ticks = backend_cpu_ticks(pid) - ticks
    if backend_pid() != pid:
        raise RuntimeError(
            f"{spec['key']}: the requests changed database connection (DATABASE_CONN_MAX_AGE); use a smaller count"
        )
    return {"pg_cpu_us": round(ticks / os.sysconf("SC_CLK_TCK") / count * 1e6), "wall_us": round(wall / count * 1e6)}


def measure(
    keys: list[str], *, rounds: int, with_instructions: bool, count: int, database_count: int = 0
) -> list[dict]:
    from bench.api import Request, attempts_mark, attempts_undo
    from bench.wsgi import application

    chosen = [s for s in specs() if not keys or s["key"] in keys]
    attempts_mark()
    counted = instructions([s["key"] for s in chosen], count) if with_instructions else {}
    for spec in chosen:
        attempts_undo(Request(**spec))
    rows = []
    for spec in chosen:
        for _ in range(WARMUP):
            serve(application, spec)
        queries: list[str] = []  # the request resets connection.queries, so count with a wrapper

        def counting(execute, sql, *rest, seen=queries):
            seen.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(counting):
            serve(application, spec)
        cpu = []
        for _ in range(rounds):
            started = time.thread_time()
            for _ in range(20):
                serve(application, spec)
            cpu.append((time.thread_time() - started) / 20)
        row = {"key": spec["key"], "queries": len(queries), "cpu_us": round(statistics.median(cpu) * 1e6)}
        if spec["key"] in counted:
            row["instructions"] = counted[spec["key"]]
        attempts_undo(Request(**spec))
        if database_count:
            row.update(database_cpu(application, spec, database_count))
            attempts_undo(Request(**spec))
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("keys", nargs="*", help="request keys of bench/api.py (default: all)")
    parser.add_argument("--instructions", action="store_true", help="count instructions with callgrind")
    parser.add_argument("--count", type=int, default=10, help="requests counted under callgrind")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of 20 requests for the CPU time")
    parser.add_argument("--database-cpu", action="store_true", help="PostgreSQL backend CPU and wall time per request")
    parser.add_argument("--database-count", type=int, default=300, help="requests for the database CPU")
    parser.add_argument("--refresh", action="store_true", help="pick the learner and make its token again")
    parser.add_argument("--loop", nargs=2, metavar=("KEY", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.loop:
        loop(args.loop[0].split(","), int(args.loop[1]))
        return 0
    specs(refresh=args.refresh)
    measure(
        args.keys,
        rounds=args.rounds,
        with_instructions=args.instructions,
        count=args.count,
        database_count=args.database_count if args.database_cpu else 0,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
