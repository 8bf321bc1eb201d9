"""The county's dashboard, served by ``relocdesk-server`` under ``/web/``: sign-in, the county
overview, a page per community, the households behind every figure (masked, audited), the
access log of the communities' audit rows (audited) and the county workbook.
Server-rendered pages; the charts are ECharts, shipped in ``static/`` (no internet at run
time). See docs/dashboard.md."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from relocdesk.server.storage import Storage


def install(app: FastAPI, storage: Storage) -> None:
    from fastapi.staticfiles import StaticFiles
    from starlette.exceptions import HTTPException

    from relocdesk.server.web import log_page, pages, signin
    from relocdesk.server.web.board import Board
    from relocdesk.server.web.render import HERE, PlainQueries, missing_page
    from relocdesk.server.web.sessions import Sessions

    sessions = Sessions(storage)
    board = Board(storage)
    app.state.web_sessions = sessions
    app.state.web_board = board
    app.state.at_shutdown.append(board.stop)  # the county refresher, once the board started it
    signin.add_routes(app, storage, sessions)
    pages.add_routes(app, storage, sessions, board)
    log_page.add_routes(app, storage, sessions)
    app.mount("/web/static", StaticFiles(directory=HERE / "static"), name="web-static")
    app.add_middleware(PlainQueries)
    app.add_exception_handler(HTTPException, missing_page)
