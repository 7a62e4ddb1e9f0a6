"""Team progress timed in one process on the generated data: a quick, repeatable before/after.

    DATABASE_URL=... python -m bench.team_progress [rounds] [requests per round]

Needs `manage.py generate_data` in the database; creates the bench's team of 200 members in 3
courses (bench.api.team_request) if it is not there. Each round calls the WSGI application through
Django's test client for the first page of 100 rows (by member and by percent) and the CSV of all 600 rows,
and reports per request the median over the rounds of each round's median wall time, of this
process's CPU time (Python's share, which other processes' load disturbs less than wall time), of
the time spent waiting on the queries, and the number of queries.
"""

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courseplatform.settings.bench")

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.api import team_request


def main(rounds: int, per_round: int) -> None:
    request = team_request()
    assert request is not None, "the teams app is not installed"
    client = Client(SERVER_NAME="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {request.token}")
    base = request.path.split("?")[0]
    variants = {
        "first page of 100 rows (JSON)": (f"{base}?page_size=100", {}),
        "first page of 100 rows by -percent (JSON)": (f"{base}?page_size=100&ordering=-percent", {}),
        "every row, 600 (CSV)": (base, {"HTTP_ACCEPT": "text/csv"}),
    }
    walls: dict[str, list[float]] = {name: [] for name in variants}
    cpus: dict[str, list[float]] = {name: [] for name in variants}
    sqls: dict[str, list[float]] = {name: [] for name in variants}
    counts: dict[str, int] = {}
    for name, (path, headers) in variants.items():  # warm-up: caches, connection, plans
        assert client.get(path, **headers).status_code == 200, name
    for _ in range(rounds):
        for name, (path, headers) in variants.items():  # interleaved: load swings hit every variant alike
            round_walls, round_cpus, round_sqls = [], [], []
            for _ in range(per_round):
                with CaptureQueriesContext(connection) as queries:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    response = client.get(path, **headers)
                    round_walls.append(time.perf_counter() - started)
                    round_cpus.append(time.process_time() - started_cpu)
                assert response.status_code == 200, (name, response.status_code)
                round_sqls.append(sum(float(q["time"]) for q in queries.captured_queries))
                counts[name] = len(queries.captured_queries)
            walls[name].append(statistics.median(round_walls))
            cpus[name].append(statistics.median(round_cpus))
            sqls[name].append(statistics.median(round_sqls))
    print(f"team {request.path}: {rounds} rounds x {per_round} requests, medians of the rounds' medians")
    print("| request | wall ms median (min-max of rounds) | CPU ms of this process | waiting on SQL, ms | queries |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in variants:
        w, c, s = walls[name], cpus[name], sqls[name]
        print(
            f"| {name} | {statistics.median(w) * 1000:,.1f} ({min(w) * 1000:,.1f}-{max(w) * 1000:,.1f}) "
            f"| {statistics.median(c) * 1000:,.1f} | {statistics.median(s) * 1000:,.1f} | {counts[name]} |"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, int(sys.argv[2]) if len(sys.argv) > 2 else 5)
