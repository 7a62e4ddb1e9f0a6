"""The running service: gunicorn with production settings on a PostgreSQL cluster of this test's own.

1. The hostile-input corpus against every operation of the served schema, over real HTTP.
2. The fault drill: the database restarted while completions and quiz submissions stream in.
   Every request either succeeds and is stored, or fails with a 5xx JSON error it can retry;
   nothing is half-written; the service recovers with no restart of its own processes.

The cluster is made with initdb on a free port, so restarting it disturbs nobody else's tests.
"""

import http.client
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psycopg
import pytest

from tests import hostile

from .conftest import ROOT, wait_for
from .smtp import free_port

pytestmark = pytest.mark.e2e

PG_BIN = Path("/usr/lib/postgresql/15/bin")
SECRET_KEY = "e2e-gunicorn-" + "k" * 50
PASSWORD = "drill-passphrase-4471"


def _as_postgres(*command: str, check: bool = True) -> subprocess.CompletedProcess:
    # initdb and the server refuse to run as root.
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=check, capture_output=True, text=True, timeout=120)


class PrivatePostgres:
    def __init__(self):
        if not (PG_BIN / "initdb").exists():
            pytest.fail(f"the fault drill needs PostgreSQL's initdb in {PG_BIN} (postgresql-15)")
        self.dir = Path(tempfile.mkdtemp(prefix="pg-drill-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/courses"
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dir} -c fsync=off"
        _as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w", "start"
        )

    def stop(self) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def connect(self, dbname: str = "courses") -> psycopg.Connection:
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, autocommit=True)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def _env(pg: PrivatePostgres, var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "EMAIL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="courseplatform.settings.base",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback; everything else as in production
        DATABASE_URL=pg.url,
        VAR_DIR=str(var),
        CELERY_BROKER_URL="memory://",
        LOG_LEVEL="WARNING",
        # Every hostile request comes from one address: throttles that high let the corpus reach
        # the parsers and views of the sign-up and sign-in operations instead of stopping at a 429.
        API_AUTH_THROTTLE_RATE="100000/minute",
        SIGNIN_ADDRESS_FAILURE_LIMIT="100000",
    )
    return env


SETUP = """
import json
from knox.models import AuthToken
from accounts.models import User
from courses.models import Challenge, Course, Module
from enrollments.services import enrollment_create
from lessons.models import Choice, Lesson, Question, Quiz
from django.utils import timezone

user = User.objects.create_user("drill@example.com", PASSWORD, name="Drill")
now = timezone.now()
course = Course.objects.create(slug="drill", title="Drill", summary="s", status="published", published_at=now)
module = Module.objects.create(course=course, title="Week 1", position=0)
lessons = [Lesson.objects.create(module=module, title=f"L{i}", kind="article", body="b", position=i) for i in range(40)]
quiz = Quiz.objects.create(lesson=lessons[0], title="Q", pass_mark=100, max_attempts=None)
answers = []
for i in range(2):
    question = Question.objects.create(quiz=quiz, text=f"Q{i}?", kind="single", points=1, position=i)
    right = Choice.objects.create(question=question, text="yes", is_correct=True, position=0)
    Choice.objects.create(question=question, text="no", is_correct=False, position=1)
    answers.append({"question": question.id, "choices": [right.id]})
challenge = Challenge.objects.create(
    course=course, number=1, title="C", body="b", reflection_question="r", suggested_days=7
)
enrollment, _ = enrollment_create(user=user, course=course)
_, token = AuthToken.objects.create(user=user)
# The corpus may cancel, delete or sign out anything of its learner's: the drill has one of its own.
drill_user = User.objects.create_user("drill-stream@example.com", PASSWORD, name="Stream")
drill_enrollment, _ = enrollment_create(user=drill_user, course=course)
_, drill_token = AuthToken.objects.create(user=drill_user)
print(json.dumps({
    "token": token, "lessons": [lesson.id for lesson in lessons], "quiz": quiz.id, "answers": answers,
    "ids": {"slug": course.slug, "lesson_id": lessons[1].id, "quiz_id": quiz.id, "challenge_id": challenge.id,
            "enrollment_id": enrollment.id, "user_id": user.id, "code": "no-such-code"},
    "drill_token": drill_token, "drill_enrollment": drill_enrollment.id,
}))
""".replace("PASSWORD", repr(PASSWORD))


class Gunicorn:
    def __init__(self, env: dict[str, str], log: Path):
        self.port = free_port()
        command = [
            sys.executable, "-m", "gunicorn", "courseplatform.wsgi", "--workers", "2",
            "--bind", f"127.0.0.1:{self.port}", "--timeout", "30", "--graceful-timeout", "2",
        ]  # fmt: skip
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_for(self._healthy, timeout=60, interval=0.2, message="gunicorn to answer /healthz")

    def _healthy(self) -> bool:
        assert self.process.poll() is None, self.log.read_text()[-3000:]
        try:
            return self.request("GET", "/healthz")[0] == 200
        except OSError:
            return False

    def request(self, method: str, path: str, *, body: bytes | None = None, headers=None, timeout: float = 15):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                conn.putheader(name, value.encode("latin-1") if isinstance(value, str) else value)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders()
            # A server may answer before it reads the body (a 413 from Content-Length alone) and
            # close the connection; a client that keeps sending then gets a broken pipe instead of
            # the answer. So, as a client sending `Expect: 100-continue` would, wait a moment for an
            # early answer before sending a large body.
            early = body and len(body) > 64 * 1024 and select.select([conn.sock], [], [], 0.5)[0]
            if body and not early:
                conn.send(body)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def worker_pids(self) -> set[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return {int(pid) for pid in out.stdout.split()}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """A migrated database on a private cluster, the drill's data, and gunicorn serving it."""
    var = tmp_path_factory.mktemp("gunicorn-var")
    pg = PrivatePostgres()
    server = None
    try:
        pg.start()
        pg.connect("postgres").execute("CREATE DATABASE courses")
        env = _env(pg, var)
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
        setup = subprocess.run(
            [*manage, "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=120
        )
        data = json.loads(setup.stdout.strip().splitlines()[-1])
        server = Gunicorn(env, var / "gunicorn.log")
        yield pg, server, data
    finally:
        if server is not None:
            server.stop()
        pg.remove()


def test_the_reproductions_answer_right_on_gunicorn(service):
    _, server, data = service
    host = {"Host": "127.0.0.1"}
    status, _, body = server.request("GET", "/api/v1/courses/", headers={**host, "Authorization": "Bearer \xff"})
    assert (status, json.loads(body)["code"]) == (401, "authentication_failed")
    nested = hostile.NESTED_DEEP.encode()
    status, _, body = server.request(
        "POST", "/api/v1/auth/register/", body=nested, headers={**host, "Content-Type": "application/json"}
    )
    assert status == 400
    big = b'{"answers": [' + b",".join([b'{"question": 1, "choices": [1]}'] * 76_000) + b"]}"
    status, _, body = server.request(
        "POST",
        f"/api/v1/quizzes/{data['quiz']}/attempts/",
        body=big,
        headers={**host, "Content-Type": "application/json", "Authorization": f"Bearer {data['token']}"},
    )
    assert (status, json.loads(body)["code"]) == (413, "too_large")
    form = "&".join(f"f{i}=1" for i in range(1001)).encode()
    status, headers, body = server.request(
        "POST", "/api/v1/auth/token/", body=form, headers={**host, "Content-Type": "application/x-www-form-urlencoded"}
    )
    # The API takes JSON bodies only: a form is refused (415) before anything parses its fields.
    assert status == 415 and headers["Content-Type"] == "application/json"
    status, _, body = server.request("GET", "/readyz", headers=host)
    assert (status, json.loads(body)["status"]) == (200, "ready")


def test_hostile_requests_to_gunicorn_get_json_4xx_never_5xx(service):
    _, server, data = service
    status, _, body = server.request("GET", "/api/v1/schema/?format=json")
    assert status == 200
    schema = json.loads(body)
    failures, sent = [], 0
    for method, template, op in hostile.operations(schema):
        if "logout" in template:
            continue  # revokes the one token the drill needs; the in-process corpus covers it
        for request in hostile.requests_for(schema, method, template, op, data["ids"]):
            headers = {"Host": "127.0.0.1", "Authorization": f"Bearer {data['token']}"}
            headers.update(request.headers)
            if request.body is not None:
                headers.setdefault("Content-Type", request.content_type)
            status, response_headers, content = server.request(
                request.method, request.path, body=request.body, headers=headers
            )
            sent += 1
            problem = hostile.problems(request, status, response_headers.get("Content-Type", ""), content)
            if problem:
                failures.append(problem)
    assert sent > 500
    assert failures == [], f"{len(failures)} of {sent}:\n" + "\n".join(failures[:60])


def test_fault_drill_database_restart_under_a_stream_of_writes(service):
    pg, server, data = service
    workers_before = server.worker_pids()
    headers = {
        "Host": "127.0.0.1",
        "Authorization": f"Bearer {data['drill_token']}",
        "Content-Type": "application/json",
    }
    results: list[tuple[str, float, int, dict, bytes]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def stream(worker: int) -> None:
        i = 0
        while not stop.is_set():
            i += 1
            if i % 2:
                lesson = data["lessons"][(worker * 10 + i // 2) % len(data["lessons"])]
                op, path, body = f"complete {lesson}", f"/api/v1/lessons/{lesson}/completion/", b""
            else:
                op, path = "submit", f"/api/v1/quizzes/{data['quiz']}/attempts/"
                body = json.dumps({"answers": data["answers"]}).encode()
            try:
                status, response_headers, content = server.request("POST", path, body=body, headers=headers)
            except OSError as exc:  # the connection itself failed: that would be a defect too
                status, response_headers, content = 0, {}, repr(exc).encode()
            with lock:
                results.append((op, time.monotonic(), status, response_headers, content))

    threads = [threading.Thread(target=stream, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    down_at = time.monotonic()
    pg.stop()
    time.sleep(1)
    ready_while_down = server.request("GET", "/readyz", headers={"Host": "127.0.0.1"})
    time.sleep(1)
    pg.start()
    up_at = time.monotonic()
    time.sleep(5)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)

    # Every answer is a success or a JSON 5xx that says to try again.
    bad = [
        (op, status, content[:200])
        for op, _, status, response_headers, content in results
        if not (
            status in (200, 201)
            or (status == 503 and response_headers.get("Retry-After") and json.loads(content)["code"] == "unavailable")
        )
    ]
    assert bad == []
    failed_during = [r for r in results if r[2] == 503]
    assert failed_during, "no request met the outage: the drill tested nothing"
    assert all(down_at <= at <= up_at + 2 for _, at, *_ in failed_during)
    assert ready_while_down[0] == 503
    assert json.loads(ready_while_down[2])["checks"]["database"].startswith("unavailable")

    # Recovered with no restart: the same gunicorn workers, and the last seconds all succeed.
    assert server.worker_pids() == workers_before
    assert server.process.poll() is None
    tail = [r for r in results if r[1] > up_at + 2]
    assert tail and all(status in (200, 201) for _, _, status, _, _ in tail)

    # Stored, and nothing half-written.
    submitted = [json.loads(content)["id"] for op, _, status, _, content in results if op == "submit" and status == 201]
    completed = {
        int(op.split()[1]) for op, _, status, _, _ in results if op.startswith("complete") and status in (200, 201)
    }
    with pg.connect() as conn:
        attempts = conn.execute(
            "SELECT id, number, submitted_at IS NOT NULL, score, jsonb_array_length(results) "
            "FROM enrollments_quizattempt WHERE enrollment_id = %s ORDER BY number",
            [data["drill_enrollment"]],
        ).fetchall()
        stored_lessons = {
            row[0]
            for row in conn.execute(
                "SELECT lesson_id FROM enrollments_lessoncompletion WHERE enrollment_id = %s",
                [data["drill_enrollment"]],
            )
        }
    assert set(submitted) <= {row[0] for row in attempts}
    assert len(attempts) <= len([r for r in results if r[0] == "submit"])
    assert [row[1] for row in attempts] == list(range(1, len(attempts) + 1))  # no gap, no duplicate
    assert all(done and score == 2 and n_results == 2 for _, _, done, score, n_results in attempts)
    assert completed <= stored_lessons
    print(
        f"fault drill: {len(results)} requests, {len(failed_during)} answered 503 during a "
        f"{up_at - down_at:.1f} s outage, {len(attempts)} attempts and {len(stored_lessons)} completions stored"
    )
