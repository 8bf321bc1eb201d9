"""Watching the server run: one access-log line per request and ``/metrics`` in Prometheus'
text format.

The log line names the device (the server's record id), its community, the route, the
status and the duration; never a query string, a header, a body, a user's name or a token.
The counters live in the process: with ``--workers N`` each process answers for itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

access_log = logging.getLogger("relocdesk.server.access")


class Metrics:
    """Counters by label set; written as Prometheus text by hand (no client library)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: Counter[tuple[str, str, int]] = Counter()
        self.seconds: dict[tuple[str, str], float] = {}
        self.login_failures = 0
        self.throttled = 0
        self.pulled_rows = 0
        self.pushed_ops = 0

    def count(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(method, route, status)] += 1
            self.seconds[(method, route)] = self.seconds.get((method, route), 0.0) + seconds

    def add(self, name: str, n: int = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + n)

    def text(self) -> str:
        with self._lock:
            lines = [
                "# HELP relocdesk_requests_total HTTP requests by route and status.",
                "# TYPE relocdesk_requests_total counter",
            ]
            for (method, route, status), n in sorted(self.requests.items()):
                lines.append(
                    f'relocdesk_requests_total{{method="{method}",route="{route}",'
                    f'status="{status}"}} {n}'
                )
            lines += [
                "# HELP relocdesk_errors_total Requests answered with a 5xx status.",
                "# TYPE relocdesk_errors_total counter",
                f"relocdesk_errors_total {sum(n for k, n in self.requests.items() if k[2] >= 500)}",
                "# HELP relocdesk_request_seconds_total Time spent answering, by route.",
                "# TYPE relocdesk_request_seconds_total counter",
            ]
            for (method, route), s in sorted(self.seconds.items()):
                lines.append(
                    f'relocdesk_request_seconds_total{{method="{method}",route="{route}"}} {s:.6f}'
                )
            for name, help_ in (
                ("login_failures", "Enrollments refused for a wrong user name or password."),
                ("throttled", "Enrollments refused by the throttle (429)."),
                ("pulled_rows", "Rows handed out by pulls."),
                ("pushed_ops", "Ops acknowledged to pushes."),
            ):
                lines += [
                    f"# HELP relocdesk_{name}_total {help_}",
                    f"# TYPE relocdesk_{name}_total counter",
                    f"relocdesk_{name}_total {getattr(self, name)}",
                ]
            return "\n".join(lines) + "\n"


def _route_of(scope: dict[str, Any]) -> str:
    # The route's template, never the raw path: no ids or tokens in labels or the log.
    path = getattr(scope.get("route"), "path", None)
    return str(path) if path else "other"


class AccessLog:
    """Plain ASGI middleware: it sees the status as the response starts and passes every
    body chunk straight on (a pull page is not copied through another stream)."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [500]

        async def started(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, started)
        finally:
            self._log(scope, status[0], time.perf_counter() - start)

    def _log(self, scope: dict[str, Any], status: int, took: float) -> None:
        route = _route_of(scope)
        method = str(scope.get("method", "?"))
        self.metrics.count(method, route, status, took)
        state = scope.get("state")
        device = state.get("device") if isinstance(state, dict) else None
        access_log.info(
            "%s %s %d %.1fms device=%s community=%s",
            method,
            route,
            status,
            took * 1000,
            device.id if device else "-",
            device.community_id if device else "-",
        )


def install(app: FastAPI, metrics: Metrics) -> None:
    """The access-log middleware and the ``/metrics`` route."""
    from fastapi import Response

    app.add_middleware(AccessLog, metrics=metrics)

    @app.get("/metrics", summary="Counters in Prometheus text format", include_in_schema=False)
    async def _metrics() -> Response:
        return Response(metrics.text(), media_type="text/plain; version=0.0.4; charset=utf-8")
