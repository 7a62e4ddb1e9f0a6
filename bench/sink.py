"""An SMTP sink on loopback that accepts every message and only counts it.

    python -m bench.sink --status var/bench/sink.json [--port 0] [--impl minimal|aiosmtpd]

`minimal` (the default) is an asyncio protocol that speaks just enough SMTP for smtplib:
commands are lines, a body ends at CRLF.CRLF, nothing is parsed beyond the X-Email-Log-Id
header (to count duplicates). `aiosmtpd` is the library server with a counting handler, kept to show
what the library costs. Every 0.2 s the status file is replaced with the counts and the
time of the first and the last message received.
"""

import argparse
import asyncio
import contextlib
import json
import os
import re
import signal
import time

LOG_ID = re.compile(rb"\r\nX-Email-Log-Id: (\d+)\r\n")


class Counter:
    def __init__(self, status_path: str):
        self.status_path = status_path
        self.port = 0
        self.impl = ""
        self.count = 0
        self.connections = 0
        self.ids: set[int] = set()
        self.duplicates = 0
        self.without_id = 0
        self.first = None
        self.last = None

    def message(self, data: bytes) -> None:
        now = time.time()
        if self.first is None:
            self.first = now
        self.last = now
        self.count += 1
        match = LOG_ID.search(data, 0, data.find(b"\r\n\r\n") + 2)
        if match is None:
            self.without_id += 1
            return
        log_id = int(match.group(1))
        if log_id in self.ids:
            self.duplicates += 1
        else:
            self.ids.add(log_id)

    def write(self) -> None:
        status = {
            "pid": os.getpid(),
            "port": self.port,
            "impl": self.impl,
            "count": self.count,
            "unique": len(self.ids),
            "duplicates": self.duplicates,
            "without_id": self.without_id,
            "connections": self.connections,
            "first": self.first,
            "last": self.last,
        }
        tmp = f"{self.status_path}.tmp"
        with open(tmp, "w") as f:
            json.dump(status, f)
        os.replace(tmp, self.status_path)


class _MinimalSession(asyncio.Protocol):
    """Just enough SMTP for smtplib: commands are lines, a message ends with CRLF.CRLF."""

    def __init__(self, counter: Counter):
        self.counter = counter
        self.buffer = b""
        self.in_data = False

    def connection_made(self, transport):
        self.transport = transport
        self.counter.connections += 1
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, chunk: bytes) -> None:
        self.buffer += chunk
        while self.buffer:
            if self.in_data:
                end = self.buffer.find(b"\r\n.\r\n")
                if end < 0:
                    return
                self.counter.message(self.buffer[: end + 2])
                self.buffer = self.buffer[end + 5 :]
                self.in_data = False
                self.transport.write(b"250 2.0.0 OK\r\n")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                return
            verb = self.buffer[:4].upper()
            self.buffer = self.buffer[end + 2 :]
            self.transport.write(self._reply(verb))
            if verb == b"QUIT":
                self.transport.close()
                return

    def _reply(self, verb: bytes) -> bytes:
        if verb == b"EHLO":
            return b"250-sink\r\n250-8BITMIME\r\n250 SIZE 33554432\r\n"
        if verb == b"DATA":
            self.in_data = True
            return b"354 End data with <CR><LF>.<CR><LF>\r\n"
        if verb == b"QUIT":
            return b"221 2.0.0 Bye\r\n"
        if verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
            return b"250 2.0.0 OK\r\n"
        return b"502 5.5.2 Command not implemented\r\n"


async def _serve_minimal(counter: Counter, port: int) -> asyncio.AbstractServer:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _MinimalSession(counter), "127.0.0.1", port)
    counter.port = server.sockets[0].getsockname()[1]
    return server


async def _serve_aiosmtpd(counter: Counter, port: int) -> asyncio.AbstractServer:
    from aiosmtpd.smtp import SMTP

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            counter.message(b"\r\n" + envelope.original_content)
            return "250 2.0.0 OK"

    loop = asyncio.get_running_loop()

    def factory():
        counter.connections += 1
        return SMTP(Handler(), hostname="sink", decode_data=False, data_size_limit=None)

    server = await loop.create_server(factory, "127.0.0.1", port)
    counter.port = server.sockets[0].getsockname()[1]
    return server


async def main(status_path: str, port: int, impl: str) -> None:
    counter = Counter(status_path)
    counter.impl = impl
    server = await (_serve_aiosmtpd if impl == "aiosmtpd" else _serve_minimal)(counter, port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        while not stop.is_set():
            counter.write()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.2)
    counter.write()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--status", required=True, help="JSON status file, replaced every 0.2 s")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (written to the status file)")
    parser.add_argument("--impl", choices=["minimal", "aiosmtpd"], default="minimal")
    args = parser.parse_args()
    asyncio.run(main(args.status, args.port, args.impl))
