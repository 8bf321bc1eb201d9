"""Pages out and forms in: the Jinja2 templates, the language of a request, the headers every
page carries, and the checks every form passes (size, origin, form token)."""

from __future__ import annotations

import functools
import hmac
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from relocdesk.server.web import ages
from relocdesk.server.web.words import DEFAULT, LANGUAGES, word

if TYPE_CHECKING:
    from fastapi import Request, Response
    from jinja2 import Environment

HERE = Path(__file__).resolve().parent
LANG_COOKIE = "rd_lang"
MAX_FORM_BYTES = 8 * 1024  # a sign-in or a threshold form; nothing legitimate is larger
# No script but our own files, no frames: an injected tag could neither run nor frame us.
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@functools.cache
def environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = number
    env.filters["local"] = ages.local
    env.filters["age"] = ages.age
    return env


def number(value: Any, digits: int = 0) -> str:
    """A figure as the page shows it: thousands grouped, rates with ``digits`` decimals."""
    if value is None:
        return "—"
    if isinstance(value, float) and digits:
        return f"{value:,.{digits}f}"
    if isinstance(value, float):
        return f"{round(value):,}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE, DEFAULT)
    return chosen if chosen in LANGUAGES else DEFAULT


def secure(request: Request) -> bool:
    return request.url.scheme == "https"


def page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    from fastapi.responses import HTMLResponse

    lang = language(request)
    html = (
        environment()
        .get_template(template)
        .render(lang=lang, t=lambda key: word(key, lang), path=here(request), **context)
    )
    return HTMLResponse(html, status_code=status, headers=_HEADERS)


def here(request: Request) -> str:
    """The page as asked for, its filters included: where a language switch comes back to."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def redirect(to: str) -> Response:
    from fastapi.responses import RedirectResponse

    # 303: the browser follows a form's POST with a GET, so a reload never posts twice.
    return RedirectResponse(to, status_code=303, headers=_HEADERS)


def safe_next(target: str | None, default: str) -> str:
    """Where to go after a language switch or sign-in: only a path of the dashboard itself,
    never another site (``//evil``, ``https://…``, ``/web/../v1``)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/web/"):
        return default
    if ".." in parts.path or "\\" in target or target.startswith("//"):
        return default
    return target


async def form(request: Request) -> dict[str, str] | None:
    """An urlencoded form's fields (the first value of each); None when the form is too
    large, of another type, or posted from another site."""
    if not same_origin(request):
        return None
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return None
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FORM_BYTES:
        return None
    from starlette.requests import ClientDisconnect

    raw = b""
    try:
        async for part in request.stream():
            raw += part
            if len(raw) > MAX_FORM_BYTES:
                return None
    except ClientDisconnect:  # the browser went away mid-post: nobody to answer, no fault
        return None
    try:
        fields = parse_qs(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        return None
    return {k: v[0] for k, v in fields.items() if "\x00" not in v[0]}


def same_origin(request: Request) -> bool:
    """A browser names the page a POST comes from; one from another site is refused even
    before its form token is compared (a second lock on the same door)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def tokens_match(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given), expected)


class PlainQueries:
    """ASGI middleware: a dashboard address whose query holds a NUL character is answered
    with a page saying so. PostgreSQL refuses NUL in text, so such a filter failed the page
    with a 500 (and the audit row of a list of households); no page has a use for one, as no
    form field has (``form`` drops them)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if (
            scope["type"] == "http"
            and scope["path"].startswith("/web/")
            and b"%00" in scope.get("query_string", b"")
        ):
            from starlette.requests import Request

            answer = page(Request(scope), "message.html", 400, message="bad_address", detail="")
            await answer(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def missing_page(request: Request, exc: Any) -> Response:
    """A 404 or 405 under ``/web/`` is a page in the person's language; elsewhere FastAPI's
    own answer, as the sync clients know it."""
    from fastapi.exception_handlers import http_exception_handler

    if request.url.path.startswith("/web/") and exc.status_code in (404, 405):
        return page(request, "message.html", exc.status_code, message="not_found", detail="")
    return await http_exception_handler(request, exc)
