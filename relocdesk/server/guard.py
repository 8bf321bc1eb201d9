"""The last net under every request: an error nobody handled becomes a plain 500 answer, and
the log gets its kind and where it happened — never its message.

A database error's message carries the statement's parameters, which are a household's
names, ID numbers and phones; Starlette's own error middleware logs the whole traceback with
that message. Catching here, inside it, keeps both out of the log and out of the answer.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

import orjson

log = logging.getLogger("relocdesk.server")

_BODY = orjson.dumps(
    {
        "code": "server_error",
        "zh": "服务器内部出错，修改已保存在本机，稍后会重试",
        "en": "the server failed; changes are kept on this device and sync will try again",
    }
)


class Unhandled:
    """ASGI middleware: unhandled exceptions answered 500 and logged without their message."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as e:
            log.error(
                "unhandled %s on %s %s at %s",
                type(e).__name__,
                scope.get("method"),
                scope.get("path"),
                where(e),
            )
            if started:
                return
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send({"type": "http.response.body", "body": _BODY})


def where(e: BaseException) -> str:
    """File and line of the innermost frame of our own code, or the innermost at all."""
    frames = traceback.extract_tb(e.__traceback__)
    ours = [f for f in frames if "relocdesk" in f.filename] or frames
    if not ours:
        return "?"
    f = ours[-1]
    return f"{f.filename.rsplit('relocdesk', 1)[-1].lstrip('/')}:{f.lineno} in {f.name}"
