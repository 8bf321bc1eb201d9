"""The dashboard's pages for a signed-in county account: the overview of its county, a
community's page, and the households behind a figure (audited). Each asks ``scope`` what the
account may see; everything else is answered 404."""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations at run
# time, so each group of routes imports Request before it defines them.

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocdesk.server.storage import Storage
from relocdesk.server.web import render, scope
from relocdesk.server.web.board import Board, Line
from relocdesk.server.web.columns import BY_BUILDING, BY_KEY, HEADLINE
from relocdesk.server.web.sessions import COOKIE, Sessions, WebSession

if TYPE_CHECKING:
    from fastapi import FastAPI, Request, Response


def sorted_rows(rows: list[Any], key: str, descending: bool) -> list[Any]:
    """The overview's rows by a figure (or by name), ties by name."""
    if key in BY_KEY:
        column = BY_KEY[key]
        return sorted(
            sorted(rows, key=lambda r: r.name),
            key=lambda r: column.value(r.figures),
            reverse=descending,
        )
    return sorted(rows, key=lambda r: r.name, reverse=descending)


def audit(
    storage: Storage, session: WebSession, community_id: str, what: str, n: int, address: str
) -> None:
    """Who opened which list of households, and how many it showed."""
    from relocdesk.server.database import now

    with storage.write() as conn:
        conn.execute(
            storage.t_web_audit.insert().values(
                at=now(),
                user_name=session.user,
                community_id=community_id,
                what=what[:200],
                n_rows=n,
                address=address[:64],
            )
        )


async def signed_in(sessions: Sessions, request: "Request") -> WebSession | None:
    from starlette.concurrency import run_in_threadpool

    found: WebSession | None = await run_in_threadpool(
        sessions.find, request.cookies.get(COOKIE, "")
    )
    return found


def to_sign_in(request: "Request") -> "Response":
    notice = "session_ended" if request.cookies.get(COOKIE) else ""
    response = render.redirect("/web/login" + (f"?notice={notice}" if notice else ""))
    response.delete_cookie(COOKIE, path="/web/")
    return response


def not_found(request: "Request", session: WebSession) -> "Response":
    return render.page(
        request, "message.html", 404, session=session, message="not_found", detail=""
    )


def add_routes(app: "FastAPI", storage: Storage, sessions: Sessions, board: Board) -> None:
    _add_overview(app, sessions, board)
    _add_community(app, storage, sessions, board)


def workbook_response(path: Path, filename: str) -> "Response":
    from urllib.parse import quote

    from fastapi.responses import Response

    data = path.read_bytes()
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={
            # a Chinese file name, as RFC 6266 carries one, and a plain one for old browsers
            "Content-Disposition": (
                f"attachment; filename=county.xlsx; filename*=UTF-8''{quote(filename)}"
            ),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _add_overview(app: "FastAPI", sessions: Sessions, board: Board) -> None:
    from fastapi import Request, Response
    from starlette.concurrency import run_in_threadpool

    @app.get("/web", include_in_schema=False)
    @app.get("/web/", include_in_schema=False)
    async def home(request: Request) -> Response:
        return render.redirect("/web/overview")

    @app.get("/web/workbook", include_in_schema=False)
    async def workbook(request: Request, month: str = "") -> Response:
        """The county workbook (``relocdesk-server report county``) for a month."""
        import tempfile

        from relocdesk.reports.monthly import as_of
        from relocdesk.validation import ValidationError

        session = await signed_in(sessions, request)
        if session is None:
            return to_sign_in(request)
        try:
            as_of(month)
        except ValidationError as e:
            text = e.message_en if render.language(request) == "en" else e.message_zh
            return render.page(
                request, "message.html", 400, session=session, message="bad_month", detail=text
            )
        with tempfile.TemporaryDirectory(prefix="rd-workbook-") as folder:
            path = Path(folder) / "county.xlsx"
            await run_in_threadpool(board.workbook, session.county, month, path)
            return workbook_response(path, f"{session.county.name}{month}月报表.xlsx")

    @app.get("/web/overview", include_in_schema=False)
    async def overview(request: Request, sort: str = "name", dir: str = "asc") -> Response:
        session = await signed_in(sessions, request)
        if session is None:
            return to_sign_in(request)
        found, lines, total = await run_in_threadpool(board.overview, session.county)
        thresholds = await run_in_threadpool(board.thresholds, session.county)
        descending = dir == "desc"
        return render.page(
            request,
            "overview.html",
            session=session,
            overview=found,
            total=total.figures,
            rows=sorted_rows(lines, sort, descending),
            columns=HEADLINE,
            thresholds=thresholds,
            sort=sort if sort in BY_KEY else "name",
            descending=descending,
            month=(found.on.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m"),
        )


def _add_community(app: "FastAPI", storage: Storage, sessions: Sessions, board: Board) -> None:
    from fastapi import Request, Response
    from starlette.concurrency import run_in_threadpool

    @app.get("/web/community/{community_id}", include_in_schema=False)
    async def community(request: Request, community_id: str) -> Response:
        session = await signed_in(sessions, request)
        if session is None:
            return to_sign_in(request)
        found = await run_in_threadpool(scope.community, storage, session, community_id)
        if found is None:
            return not_found(request, session)
        figures = await run_in_threadpool(board.community, community_id)
        day = datetime.date.fromisoformat(figures.today)
        extras = await run_in_threadpool(board.extras, community_id, day)
        indicators = await run_in_threadpool(board.indicators, community_id, day)
        devices = await run_in_threadpool(board.devices, community_id)
        thresholds = await run_in_threadpool(board.thresholds, session.county)
        return render.page(
            request,
            "community.html",
            session=session,
            community=found,
            figures=figures,
            whole=Line(community_id, found["name"], figures, extras).figures,
            columns=HEADLINE,
            building_columns=BY_BUILDING,
            thresholds=thresholds,
            indicators=indicators,
            devices=devices,
            areas=_areas(),
            trend=figures.trend,
            charts=_charts(figures, render.language(request)),
        )

    @app.get("/web/community/{community_id}/households", include_in_schema=False)
    async def households(
        request: Request, community_id: str, figure: str = "households", building: str = ""
    ) -> Response:
        from relocdesk.reports.behind import FIGURES, RATE_OF

        session = await signed_in(sessions, request)
        if session is None:
            return to_sign_in(request)
        found = await run_in_threadpool(scope.community, storage, session, community_id)
        if found is None or (figure not in FIGURES and figure not in RATE_OF):
            return not_found(request, session)
        figures = await run_in_threadpool(board.community, community_id)
        day = datetime.date.fromisoformat(figures.today)
        lines = await run_in_threadpool(board.behind, community_id, figure, day, building or None)
        address = request.client.host if request.client else "?"
        what = figure + (f" building={building}" if building else "")
        await run_in_threadpool(audit, storage, session, community_id, what, len(lines), address)
        building_no = next(
            (b.building_no for b in figures.by_building if building and b.building_id == building),
            "",
        )
        return render.page(
            request,
            "households.html",
            session=session,
            community=found,
            figure=figure,
            building_no=building_no,
            lines=lines,
            total=sum(x.n for x in lines),
            day=figures.today,
        )


def _charts(figures: Any, lang: str) -> dict[str, Any]:
    """What the community page's two charts draw (read by static/dashboard.js)."""
    from relocdesk.server.web.words import word

    areas = _areas()
    measures = ("households_visited", "referrals", "hires", "needs_raised", "needs_closed")
    return {
        "months": [p.month for p in figures.trend],
        "trend_title": word("by_month", lang),
        "series": [
            {"name": word(m, lang), "data": [getattr(p, m) for p in figures.trend]}
            for m in measures
        ],
        "areas_title": word("warnings_by_area_chart", lang),
        "rotate": 30 if lang == "en" else 0,  # English area names are too long to stand
        "areas": [areas[k][1 if lang == "en" else 0] for k in areas],
        "area_counts": [figures.warnings_by_area.get(k, 0) for k in areas],
    }


def _areas() -> dict[str, tuple[str, str]]:
    from relocdesk.monitoring import AREAS

    return AREAS
