"""Signing in to and out of the dashboard, and choosing its language.

A password is checked the way enrollment checks it: the same scrypt hash, the same throttle
(wrong passwords per account and per address, kept in the database), the same slow hash for
unknown names so timing tells nothing. Only county accounts sign in.

The sign-in form has no session yet, so its form token is a random value in a short-lived
cookie that the form repeats (a site that cannot read our cookies cannot repeat it); every
later form carries the session's own token.
"""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations at run
# time, so each group of routes imports Request before it defines them.

import asyncio
import secrets
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from relocdesk.server.storage import Storage
from relocdesk.server.web import render
from relocdesk.server.web.sessions import COOKIE, LONGEST, Sessions
from relocdesk.sync.protocol import SyncError

if TYPE_CHECKING:
    from fastapi import FastAPI, Request, Response

FORM_COOKIE = "rd_form"
HOME = "/web/overview"
MAX_WAITING = 16  # sign-ins queued for the hash; beyond this a flood is told to come back


class Refused(Exception):
    """A sign-in refused: ``key`` names the words shown, ``status`` the HTTP status."""

    def __init__(self, key: str, status: int, texts: tuple[str, str] | None = None) -> None:
        super().__init__(key)
        # ``texts``: the refusal's own words (zh, en) where they carry a number (the wait)
        self.key, self.status, self.texts = key, status, texts


def check_credentials(storage: Storage, user: str, password: str, address: str) -> None:
    """Return when ``user`` may sign in with ``password``; raise ``Refused`` otherwise. Slow on
    purpose (scrypt): run on the sign-in pool. The check is the server's one for county
    accounts (``Counties.county_sign_in``): the enrollment's hash and throttle."""
    try:
        storage.county_sign_in(user, password, address)
    except SyncError as e:
        raise Refused(e.code, e.status or 401, (e.zh, e.en)) from None


def set_cookie(request: "Request", response: "Response", name: str, value: str, age: int) -> None:
    """Every cookie of the dashboard: unreadable to scripts, not sent with another site's
    POSTs, over TLS only when the server speaks TLS, and only to ``/web/``."""
    response.set_cookie(
        name,
        value,
        max_age=age,
        httponly=True,
        samesite="lax",
        secure=render.secure(request),
        path="/web/",
    )


def login_page(request: "Request", status: int = 200, **context: object) -> "Response":
    token = secrets.token_urlsafe(24)
    for key, default in (("notice", ""), ("error", ""), ("error_texts", None), ("user", "")):
        context.setdefault(key, default)
    response = render.page(request, "login.html", status=status, form_token=token, **context)
    set_cookie(request, response, FORM_COOKIE, token, 3600)
    return response


def add_routes(app: "FastAPI", storage: Storage, sessions: Sessions) -> None:
    _add_sign_in(app, storage, sessions)
    _add_sign_out(app, sessions)


def _add_sign_in(app: "FastAPI", storage: Storage, sessions: Sessions) -> None:
    from fastapi import Request, Response
    from starlette.concurrency import run_in_threadpool

    # scrypt costs 128 MB a hash: a small pool of its own, as enrollment has.
    hashing = ThreadPoolExecutor(max_workers=2, thread_name_prefix="rd-web-password")
    app.state.at_shutdown.append(lambda: hashing.shutdown(cancel_futures=True))
    queue = {"waiting": 0}

    @app.get("/web/login", include_in_schema=False)
    async def login_form(request: Request) -> Response:
        return login_page(request, notice=request.query_params.get("notice", "")[:20])

    @app.post("/web/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        fields = await render.form(request)
        if fields is None or not render.tokens_match(
            fields.get("form_token"), request.cookies.get(FORM_COOKIE, "")
        ):
            return login_page(request, status=403, error="form_expired")
        user = fields.get("user", "").strip()[:200]
        password = fields.get("password", "")[:1000]
        if not user or not password:
            return login_page(request, status=400, error="missing_fields", user=user)
        address = request.client.host if request.client else "?"
        if queue["waiting"] >= MAX_WAITING:
            return login_page(request, status=503, error="busy", user=user)
        queue["waiting"] += 1
        try:
            await asyncio.get_running_loop().run_in_executor(
                hashing, check_credentials, storage, user, password, address
            )
        except Refused as e:
            if e.key in ("bad_credentials", "throttled"):
                app.state.metrics.add("login_failures" if e.key == "bad_credentials" else e.key)
            return login_page(request, status=e.status, error=e.key, error_texts=e.texts, user=user)
        finally:
            queue["waiting"] -= 1
        token, _session = await run_in_threadpool(sessions.open, user, address)
        response = render.redirect(render.safe_next(fields.get("next"), HOME))
        set_cookie(request, response, COOKIE, token, int(LONGEST))
        response.delete_cookie(FORM_COOKIE, path="/web/")
        return response


def _add_sign_out(app: "FastAPI", sessions: Sessions) -> None:
    from fastapi import Request, Response
    from starlette.concurrency import run_in_threadpool

    @app.post("/web/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        token = request.cookies.get(COOKIE, "")
        found = await run_in_threadpool(sessions.find, token)
        fields = await render.form(request)
        if found is None:
            return render.redirect("/web/login")
        if fields is None or not render.tokens_match(fields.get("csrf"), found.csrf):
            return render.page(
                request, "message.html", status=403, message="form_expired", detail=""
            )
        await run_in_threadpool(sessions.close, token)
        response = render.redirect("/web/login?notice=signed_out")
        response.delete_cookie(COOKIE, path="/web/")
        return response

    @app.get("/web/lang/{code}", include_in_schema=False)
    async def choose_language(request: Request, code: str) -> Response:
        # A preference, not a change to anyone's data: a link is enough, no form token.
        response = render.redirect(render.safe_next(request.query_params.get("next"), HOME))
        if code in ("zh", "en"):
            set_cookie(request, response, render.LANG_COOKIE, code, 365 * 86400)
        return response
