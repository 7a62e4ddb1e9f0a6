"""A gunicorn worker whose own error answers are JSON, like every other answer of the API.

gunicorn answers requests that break HTTP itself (a malformed request line, a header too large,
bytes that are not allowed) before Django sees them, with a small HTML page. This worker is
gunicorn's gthread worker (the production profile), unchanged but for that page: gunicorn still
decides the status and logs as it does, and the client gets the same status with a JSON body in
the API's error shape. Use it by path:

    gunicorn courseplatform.wsgi --worker-class courseplatform.gunicorn_workers.ThreadWorker ...

No Django here: the page is written before any request reaches the application.
"""

import json

from gunicorn.workers import gthread


def json_error_response(status: int, reason: str) -> bytes:
    """A complete HTTP/1.1 answer: the status gunicorn chose and a JSON error body; the connection closes."""
    code = "_".join(reason.lower().split()) or "bad_request"
    message = f"The request is not valid HTTP ({reason})." if status < 500 else "The server could not answer."
    body = json.dumps({"status": status, "code": code, "message": message, "field": None, "errors": {}}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class _JsonErrorSocket:
    """Stands in for the client's socket while gunicorn writes its error page, and sends JSON instead.

    gunicorn writes the page with one sendall of a whole answer whose first line is
    `HTTP/1.1 <status> <reason>`; anything else passes through unchanged.
    """

    def __init__(self, sock):
        self._sock = sock

    def sendall(self, data: bytes) -> None:
        status_line = data.split(b"\r\n", 1)[0].decode("latin-1")
        parts = status_line.split(" ", 2)
        if len(parts) == 3 and parts[0].startswith("HTTP/") and parts[1].isdigit():
            data = json_error_response(int(parts[1]), parts[2])
        self._sock.sendall(data)

    def __getattr__(self, name):
        return getattr(self._sock, name)


class ThreadWorker(gthread.ThreadWorker):
    """gunicorn's gthread worker, answering its own errors in JSON."""

    def handle_error(self, req, client, addr, exc):
        super().handle_error(req, _JsonErrorSocket(client), addr, exc)
