"""Fixtures of the exchange: a real HTTP receiver on 127.0.0.1 and a clock that can be moved."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.utils import timezone

from fazhi.core import clock
from fazhi.exchange.outbox import filters_clear
from tests.complaints.conftest import desk  # noqa: F401  (the complaint desk: clerk, head, categories)
from tests.publicity.conftest import clerk, decide, head, open_case, power_list, publish_decision  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_filters() -> Iterator[None]:
    filters_clear()
    yield
    filters_clear()


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    @property
    def payload(self) -> dict[str, Any]:
        return dict(json.loads(self.body))


@dataclass
class Receiver:
    """Refuses the first ``refuse`` attempts (503, then a closed socket, alternately), then answers 200."""

    url: str = ""
    refuse: int = 0
    attempts: int = 0
    accepted: list[Received] = field(default_factory=list)

    def signature_valid(self, secret: str, received: Received) -> bool:
        expected = "sha256=" + hmac.new(secret.encode(), received.body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, received.headers.get("X-Fazhi-Signature", ""))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                state.attempts += 1
                refused = state.attempts <= state.refuse
                attempt = state.attempts
            if refused and attempt % 2 == 0:  # a closed socket: no answer at all
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if not refused:  # recorded before the answer: the sender may look as soon as it is answered
                with lock:
                    state.accepted.append(Received(dict(self.headers.items()), body))
            self.send_response(503 if refused else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = HTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


class Clock:
    """The clock frozen at a moment that the test moves forward."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, start: datetime) -> None:
        self._monkeypatch = monkeypatch
        self.set(start)

    def set(self, moment: datetime) -> None:
        self.moment = moment
        self._monkeypatch.setattr(clock, "_frozen", moment)

    def advance(self, delta: timedelta) -> None:
        self.set(self.moment + delta)


@pytest.fixture
def moved_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch, timezone.make_aware(datetime(2025, 10, 10, 10, 0)))
