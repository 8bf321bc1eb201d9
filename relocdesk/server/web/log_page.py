"""The route of the county's access log (``access_log``): ``/web/access``, for a signed-in
county account, filtered by GET parameters (a read, so no form token), audited."""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations at run time.

import datetime
from typing import TYPE_CHECKING

from relocdesk import enums
from relocdesk.server.storage import Storage
from relocdesk.server.web import access_log, render, scope
from relocdesk.server.web.sessions import Sessions

if TYPE_CHECKING:
    from fastapi import FastAPI


def _day(text: str) -> datetime.date | None:
    """A day as the date field sends it; ValueError when it is not one."""
    return datetime.date.fromisoformat(text) if text else None


def add_routes(app: "FastAPI", storage: Storage, sessions: Sessions) -> None:
    from fastapi import Request, Response
    from starlette.concurrency import run_in_threadpool

    from relocdesk.server.web.pages import audit, not_found, signed_in, to_sign_in

    @app.get("/web/access", include_in_schema=False)
    async def access(
        request: Request,
        community: str = "",
        actor: str = "",
        kind: str = "",
        since: str = "",
        until: str = "",
        page: str = "1",
    ) -> Response:
        session = await signed_in(sessions, request)
        if session is None:
            return to_sign_in(request)
        lang = render.language(request)
        mine = await run_in_threadpool(scope.communities, storage, session)
        names = {c["id"]: c["name"] for c in mine}
        if community and community not in names:  # another county's, or none: nothing
            return not_found(request, session)
        try:
            f = access_log.Filters(community, actor.strip(), kind, _day(since), _day(until))
        except ValueError:
            return render.page(
                request, "message.html", 400, session=session, message="bad_date", detail=""
            )
        if kind and kind not in enums.AUDIT_ACTION:
            return not_found(request, session)
        # ASCII only: "²" is a digit to isdigit() and no number to int(); and at most ten
        # of them, as int() reads no more than 4,300 (any more are past the last page anyway)
        number = int(page.lstrip("0")[:10] or "0") if page.isascii() and page.isdigit() else 1
        found = await run_in_threadpool(access_log.read, storage, names, f, number, lang)
        address = request.client.host if request.client else "?"
        what = f.described() + f" page={found.page}"
        await run_in_threadpool(
            audit, storage, session, community or "*", what, len(found.entries), address
        )
        return render.page(
            request,
            "access_log.html",
            session=session,
            communities=mine,
            kinds=[(k, enums.label(enums.AUDIT_ACTION, k, lang)) for k in enums.AUDIT_ACTION],
            chosen=f,
            since=since,
            until=until,
            found=found,
            query={
                "community": community,
                "actor": f.actor,
                "kind": kind,
                "since": since,
                "until": until,
            },
        )
