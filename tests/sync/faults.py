"""A small fault-injecting HTTP proxy on 127.0.0.1, and the server as a real process that
can be killed and started again."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from tests.sync.harness import free_port

FAULTS = ("pass", "drop_request", "drop_response", "duplicate", "error500", "restart")


class ServerProcess:
    """``python -m relocdesk.server.cli`` on a port of its own."""

    def __init__(
        self,
        db_url: str,
        port: int | None = None,
        args: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
        before_start: Callable[[], None] | None = None,
    ) -> None:
        self.db_url = db_url
        self.port = port or free_port()
        self.args, self.env = list(args), env
        self.before_start = before_start  # run in the child before the server (preexec_fn)
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "relocdesk.server.cli",
                "--db",
                self.db_url,
                "--port",
                str(self.port),
                *self.args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **self.env} if self.env else None,
            preexec_fn=self.before_start,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/v1/info", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError("server process did not start")

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            self.proc = None

    def restart(self) -> None:
        self.kill()
        self.start()


class FaultProxy:
    """Forwards to the server; ``plan(method, path)`` picks a fault for each request."""

    def __init__(self, backend: ServerProcess, seed: int = 0) -> None:
        self.backend = backend
        self.random = random.Random(seed)
        self.weights: dict[str, float] = {"pass": 1.0}
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.plan: Callable[[str, str], str] = self._random_plan
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in ("host", "content-length", "connection")
                }
                fault = proxy.plan(self.command, self.path)
                with proxy.lock:
                    proxy.counts[fault] += 1
                if fault == "drop_request":
                    self.close_connection = True
                    return
                if fault == "error500":
                    self._reply(500, {}, b'{"detail":"injected"}')
                    return
                if fault == "restart":
                    # Kill the server while the request is in flight, then bring it back.
                    t = threading.Thread(
                        target=proxy._forward, args=(self.command, self.path, headers, body)
                    )
                    t.start()
                    time.sleep(proxy.random.uniform(0.0, 0.03))
                    proxy.backend.restart()
                    t.join()
                    self.close_connection = True
                    return
                if fault == "duplicate":
                    # The same request twice at once; the caller gets one answer.
                    results: list[Any] = []
                    t = threading.Thread(
                        target=lambda: results.append(
                            proxy._forward(self.command, self.path, headers, body)
                        )
                    )
                    t.start()
                    got = proxy._forward(self.command, self.path, headers, body)
                    t.join()
                else:
                    got = proxy._forward(self.command, self.path, headers, body)
                if got is None:
                    self.close_connection = True
                    return
                if fault == "drop_response":
                    # The server has done the work; the answer never arrives.
                    self.close_connection = True
                    return
                status, rheaders, content = got
                self._reply(status, rheaders, content)

            def _reply(self, status: int, rheaders: dict[str, str], content: bytes) -> None:
                self.send_response(status)
                for k, v in rheaders.items():
                    if k.lower() in ("content-type", "content-encoding"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = _handle
            do_POST = _handle

        self.port = free_port()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _random_plan(self, method: str, path: str) -> str:
        names = list(self.weights)
        with self.lock:
            return self.random.choices(names, [self.weights[n] for n in names])[0]

    def _forward(
        self, method: str, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes] | None:
        try:
            with httpx.Client(timeout=30) as c:
                r = c.request(method, self.backend.url + path, headers=headers, content=body)
                # httpx has undone the gzip: pass the plain body on without the header.
                h = {k: v for k, v in r.headers.items() if k.lower() != "content-encoding"}
                return r.status_code, h, r.content
        except httpx.TransportError:
            return None

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def kill_process(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
