"""Requests that break HTTP itself are answered by gunicorn, not Django: with our worker, in JSON."""

import json
import os
import socket
import subprocess
import sys

import pytest

from .conftest import ROOT, wait_for
from .smtp import free_port

pytestmark = pytest.mark.e2e

MALFORMED = {
    "a request line that is not one": (b"GARBAGE\r\n\r\n", 400),
    "raw non-ASCII in the path": (b"GET /api/v1/courses/\xff HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
    "a NUL in the request line": (b"GET /api/v1/\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
    "a request line over 4094 bytes": (b"GET /api/v1/?q=" + b"a" * 5000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414),
    "a header over 8190 bytes": (
        b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n",
        431,
    ),
    "101 headers": (
        b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"".join(b"X-H%d: 1\r\n" % i for i in range(101)) + b"\r\n",
        431,
    ),
    "two Content-Length headers": (
        b"POST /api/v1/auth/token/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        400,
    ),
}


def _send(port: int, data: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):  # every answer here closes the connection
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


@pytest.fixture(scope="module")
def gunicorn_port(tmp_path_factory):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "EMAIL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="courseplatform.settings.base",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="gunicorn-errors-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL="sqlite:///" + str(tmp_path_factory.mktemp("db") / "db.sqlite3"),
    )
    worker = "courseplatform.gunicorn_workers.ThreadWorker"
    command = [sys.executable, "-m", "gunicorn", "courseplatform.wsgi", "--worker-class", worker, "--threads", "2",
               "--workers", "1", "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "2"]  # fmt: skip
    log = tmp_path_factory.mktemp("log") / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def healthy() -> bool:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            return _send(port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")[0] == 200
        except OSError:
            return False

    try:
        wait_for(healthy, timeout=60, interval=0.2, message="gunicorn to answer /healthz")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_http_gets_gunicorns_status_with_a_json_error(gunicorn_port, case):
    data, expected = MALFORMED[case]
    status, headers, body = _send(gunicorn_port, data)
    assert status == expected
    assert headers["content-type"] == "application/json"
    assert int(headers["content-length"]) == len(body)
    error = json.loads(body)
    assert error["status"] == expected and error["code"] and error["message"] and error["field"] is None


def test_well_formed_requests_are_served_as_before(gunicorn_port):
    status, headers, body = _send(
        gunicorn_port, b"GET /api/v1/nothing-here/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    assert status == 404 and headers["content-type"] == "application/json"
    assert json.loads(body)["code"] == "not_found"
