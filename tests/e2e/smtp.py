"""An SMTP server on loopback that end-to-end tests control (aiosmtpd in a thread).

It records every accepted message, and can be told to answer 421 (try later) to the next N
messages or for a while, to answer 550 (no such user) for given recipients, and to take a
while before it answers. A delayed message is recorded *before* the wait, like a real server
that has committed the message but not yet said 250: a client killed during the wait has
delivered it without knowing, which is the send-then-record window the sender must bound.
"""

import asyncio
import email
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy

from aiosmtpd.controller import Controller

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    at: float = field(default_factory=time.monotonic)

    @property
    def log_id(self) -> int:
        return int(self.message["X-Email-Log-Id"])


class _Handler:
    def __init__(self, server: "SMTPServer"):
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.server.reject_recipients:
            self.server.count("rejected_550")
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.server.should_refuse():
            self.server.count("refused_421")
            return "421 4.3.2 Service not available, try again later"
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.server.record(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        delay = self.server.delay
        if delay:
            self.server.count("in_flight")
            try:
                await asyncio.sleep(delay)
            finally:
                self.server.count("in_flight", -1)
        return "250 Message accepted for delivery"


class SMTPServer:
    """Start with `start()`, stop with `stop()`; `received` holds the accepted messages in order."""

    def __init__(self) -> None:
        self.port = free_port()
        self.host = "127.0.0.1"
        self._lock = threading.Lock()
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port, ready_timeout=10)
        self.reset()

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> "SMTPServer":
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def reset(self) -> None:
        with self._lock:
            self.received: list[Received] = []
            self.counters: dict[str, int] = {"refused_421": 0, "rejected_550": 0, "in_flight": 0}
            self.reject_recipients: set[str] = set()
            self.delay = 0.0
            self._refuse_next = 0
            self._refuse_until = 0.0

    # --- what the test tells the server -----------------------------------------------------

    def refuse_next(self, n: int) -> None:
        """Answer 421 to the next n messages."""
        with self._lock:
            self._refuse_next = n

    def refuse_for(self, seconds: float) -> None:
        """Answer 421 to every message for the next `seconds`."""
        with self._lock:
            self._refuse_until = time.monotonic() + seconds

    def reject(self, *addresses: str) -> None:
        """Answer 550 to these recipients, always."""
        with self._lock:
            self.reject_recipients |= {a.lower() for a in addresses}

    # --- used by the handler ----------------------------------------------------------------

    def should_refuse(self) -> bool:
        with self._lock:
            if self._refuse_next > 0:
                self._refuse_next -= 1
                return True
            return time.monotonic() < self._refuse_until

    def record(self, received: Received) -> None:
        with self._lock:
            self.received.append(received)

    def count(self, name: str, delta: int = 1) -> None:
        with self._lock:
            self.counters[name] += delta

    # --- what the test reads ----------------------------------------------------------------

    def messages(self) -> list[Received]:
        with self._lock:
            return list(self.received)

    def by_recipient(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for received in self.messages():
            for address in received.rcpt_tos:
                counts[address.lower()] = counts.get(address.lower(), 0) + 1
        return counts
