"""The dashboard's pages for a signed-in county account: the overview of its communities, a
community's page, and the households behind a figure. Each asks ``scope`` what the account may
see; everything else is answered 404."""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations at run
# time, so each group of routes imports Request before it defines them.

from typing import TYPE_CHECKING

from relocdesk.server.storage import Storage
from relocdesk.server.web import render, scope
from relocdesk.server.web.sessions import COOKIE, Sessions, WebSession

if TYPE_CHECKING:
    from fastapi import FastAPI


def add_routes(app: "FastAPI", storage: Storage, sessions: Sessions) -> None:
    from fastapi import Request, Response
    from starlette.concurrency import run_in_threadpool

    async def signed_in(request: Request) -> WebSession | None:
        found: WebSession | None = await run_in_threadpool(
            sessions.find, request.cookies.get(COOKIE, "")
        )
        return found

    def to_sign_in(request: Request) -> Response:
        notice = "session_ended" if request.cookies.get(COOKIE) else ""
        response = render.redirect("/web/login" + (f"?notice={notice}" if notice else ""))
        response.delete_cookie(COOKIE, path="/web/")
        return response

    @app.get("/web", include_in_schema=False)
    @app.get("/web/", include_in_schema=False)
    async def home(request: Request) -> Response:
        return render.redirect("/web/overview")

    @app.get("/web/overview", include_in_schema=False)
    async def overview(request: Request) -> Response:
        session = await signed_in(request)
        if session is None:
            return to_sign_in(request)
        communities = await run_in_threadpool(scope.communities, storage, session)
        return render.page(request, "overview.html", session=session, communities=communities)
