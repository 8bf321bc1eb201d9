"""Replies met on the way to the county server, from a real HTTP server on 127.0.0.1 shaped
like what laptops meet on public Wi-Fi, mobile hotspots and office networks: a sign-in page
answering every address (a captive portal), a redirect to it, a proxy wanting a password, a
website's "not found" page. Each is named at once, in both languages, with what to do, and is
not retried; a server error behind a proxy (502) is still retried as before."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from relocdesk.desk import Desk
from relocdesk.sync.client import SyncEngine
from relocdesk.sync.protocol import SyncError

PORTAL = "<html><head><title>Wi-Fi 认证</title></head><body>请登录</body></html>".encode()


class _Network(http.server.BaseHTTPRequestHandler):
    """Answers every request as the test's ``reply`` says, counting them."""

    reply: ClassVar[tuple[int, dict[str, str], bytes]] = (200, {}, b"")
    seen: ClassVar[list[str]] = []

    def _answer(self) -> None:
        type(self).seen.append(self.path)
        status, headers, body = type(self).reply
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def network() -> Iterator[tuple[str, type[_Network]]]:
    handler = type("Network", (_Network,), {"seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _enroll(tmp_path: Path, url: str) -> SyncError:
    with Desk(tmp_path / "laptop.db") as desk:
        desk.create_community("锦绣社区", county="惠水县")
        engine = SyncEngine(desk, retries=2, backoff=0.01)
        with pytest.raises(SyncError) as failed:
            engine.enroll(url, "sec", "a password")
        assert desk.setting("sync_enrolled") is None
    return failed.value


HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.mark.parametrize(
    ("reply", "code", "named"),
    [
        ((200, HTML, PORTAL), "not_the_server", ("一个网页", "a web page")),
        (
            (302, {"Location": "http://10.1.1.1/portal?url=x", **HTML}, b""),
            "not_the_server",
            ("10.1.1.1", "10.1.1.1"),
        ),
        ((407, {"Proxy-Authenticate": "Basic"}, b""), "proxy_sign_in", ("407", "407")),
        ((404, HTML, b"<html>404 Not Found</html>"), "not_the_server", ("404", "404")),
        (
            (405, {"Content-Type": "application/json"}, b'{"detail":"Method Not Allowed"}'),
            "not_the_server",
            ("405", "405"),
        ),
    ],
)
def test_a_reply_from_the_way_is_named_at_once(
    tmp_path: Path, network: tuple[str, type[_Network]], reply: Any, code: str, named: Any
) -> None:
    url, handler = network
    handler.reply = reply
    error = _enroll(tmp_path, url)
    assert error.code == code
    zh, en = named
    assert zh in error.message_zh and en in error.message_en
    assert "地址" in error.message_zh + error.message_en or "proxy" in error.message_en
    assert len(handler.seen) == 1  # not retried: only the person can change it


def test_a_sign_in_page_says_what_to_do(
    tmp_path: Path, network: tuple[str, type[_Network]]
) -> None:
    url, handler = network
    handler.reply = (200, HTML, PORTAL)
    error = _enroll(tmp_path, url)
    assert "浏览器" in error.message_zh and "browser" in error.message_en
    assert "Traceback" not in str(error)


def test_a_proxys_server_error_is_still_retried(
    tmp_path: Path, network: tuple[str, type[_Network]]
) -> None:
    url, handler = network
    handler.reply = (502, HTML, b"<html>502 Bad Gateway</html>")
    error = _enroll(tmp_path, url)
    assert error.code == "server_error" and error.status == 502
    assert len(handler.seen) == 3  # the first try and two retries


def test_enrolling_where_nothing_answers_says_to_check_the_address(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    error = _enroll(tmp_path, url)
    assert error.code == "unreachable"
    assert url in error.message_zh and url in error.message_en
    assert "登记" in error.message_zh and "enroll again" in error.message_en
    assert "sync later" not in error.message_en  # nothing waits to sync before enrolment
