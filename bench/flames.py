"""Flame graphs of the API benchmark's requests: the gunicorn worker sampled by py-spy while wrk
drives one request at a time (the same server, pinning and requests as `make bench`'s API part).

    .venv/bin/python -m pip install py-spy      # a profiling tool, not a requirement of the project
    DATABASE_URL=... CACHE_URL=redis://... python -m bench.flames --prefix round5 outline enrollments

Needs the data of `manage.py generate_data` in DATABASE_URL (as bench.cost does). Writes
docs/perf/<prefix>-<request>.svg (py-spy's wall-clock samples of the worker's thread, 250 a
second for --seconds): time waiting for PostgreSQL or Redis shows under psycopg's and the
socket's waits. The quiz submission's attempts are removed afterwards, as in bench/api.py.
"""

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import api

ROOT = Path(__file__).resolve().parent.parent


def record(request: api.Request, worker: int, out: Path, seconds: int) -> None:
    argv = [
        "taskset", "-c", api.CLIENT_CPUS, "wrk", "-t1", "-c", str(api.CONNECTIONS), "-d", f"{seconds + 4}s",
        "-s", str(api.lua_for(request)), f"http://127.0.0.1:{api.PORT}{request.path}",
    ]  # fmt: skip
    load = subprocess.Popen(argv, stdout=subprocess.DEVNULL)  # noqa: S603
    try:
        time.sleep(2)  # warm
        subprocess.run(  # noqa: S603
            [shutil.which("py-spy") or str(ROOT / ".venv" / "bin" / "py-spy"), "record", "--pid", str(worker),
             "--rate", "250", "--duration", str(seconds), "--output", str(out), "--nonblocking"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    finally:
        load.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("keys", nargs="*", help="request keys of bench/api.py (default: all)")
    parser.add_argument("--prefix", required=True, help="file name prefix under docs/perf/")
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    requests = [r for r in api.requests_build() if not args.keys or r.key in args.keys]
    api.WORK.mkdir(parents=True, exist_ok=True)
    api.attempts_mark()
    server = api.server_start()
    try:
        [worker] = api.worker_pids(server)
        for request in requests:
            out = ROOT / "docs" / "perf" / f"{args.prefix}-{request.key}.svg"
            api.say(f"flame graph of {request.key} -> {out.relative_to(ROOT)}")
            record(request, worker, out, args.seconds)
            api.attempts_undo(request)
    finally:
        api.server_stop(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
