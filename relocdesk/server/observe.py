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
    from fastapi import FastAPI, Request, Response

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


def _route_of(request: Request) -> str:
    # The route's template, never the raw path: no ids or tokens in labels or the log.
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "other"


def install(app: FastAPI, metrics: Metrics) -> None:
    """The access-log middleware and the ``/metrics`` route."""
    from fastapi import Response

    @app.middleware("http")
    async def _access(request: Request, call_next: Any) -> Response:
        start = time.perf_counter()
        status = 500
        try:
            response: Response = await call_next(request)
            status = response.status_code
            return response
        finally:
            took = time.perf_counter() - start
            route = _route_of(request)
            metrics.count(request.method, route, status, took)
            device = getattr(request.state, "device", None)
            access_log.info(
                "%s %s %d %.1fms device=%s community=%s",
                request.method,
                route,
                status,
                took * 1000,
                device.id if device else "-",
                device.community_id if device else "-",
            )

    @app.get("/metrics", summary="Counters in Prometheus text format", include_in_schema=False)
    async def _metrics() -> Response:
        return Response(metrics.text(), media_type="text/plain; version=0.0.4; charset=utf-8")
