"""What came back from a request: the county server's reply, or something met on the way.

Laptops sync over office networks, mobile hotspots and public Wi-Fi. A network that wants a
sign-in (a captive portal) answers every address with its own web page, or sends the browser
to it; an office proxy may want a password; a wrong address reaches a website. None of these
is the server failing, and retrying cannot help until the person acts, so each is named at
once, with what to do (``foreign``). A peer that breaks HTTP (a portal that answers before it
has read the request) is a network failure like a dropped connection (``transport_errors``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from relocdesk.sync import protocol
from relocdesk.sync.protocol import SyncError

if TYPE_CHECKING:
    import httpx


def transport_errors() -> tuple[type[BaseException], ...]:
    """What a request raises when the way to the server failed. h11 and httpcore let some of
    their protocol errors through unwrapped (a reply sent before the request body was read)."""
    import h11
    import httpcore
    import httpx

    return (httpx.TransportError, httpcore.ProtocolError, h11.ProtocolError)


def foreign(resp: httpx.Response) -> SyncError | None:
    """The error for a reply no county server gives, or None for one it may have given."""
    status = resp.status_code
    if 300 <= status < 400:  # the server never redirects; a portal sends the browser to itself
        where = urlsplit(resp.headers.get("location", "")).hostname or "?"
        return protocol.not_the_server(f"转到了 {where}", f"it sends elsewhere: {where}", status)
    if status == 407:
        return SyncError(
            "proxy_sign_in",
            "本单位网络的代理服务器要求登录（HTTP 407）：请向网络管理员要代理的用户名和密码，"
            "或换一个网络再同步",
            "a proxy on this network asks for a sign-in (HTTP 407): ask the network's"
            " administrator for the proxy's user name and password, or use another network",
            status=status,
        )
    page = resp.headers.get("content-type", "").lower().startswith("text/html")
    if status < 300 and page:  # the server answers in JSON and gzip, never with a page
        return protocol.not_the_server("一个网页", "a web page", status)
    return None


def retry_after(resp: httpx.Response, most: float) -> float:
    """The server's ``Retry-After`` in seconds (at most ``most``), or 0 when it gave none."""
    try:
        return min(max(float(resp.headers.get("retry-after", "")), 0.0), most)
    except ValueError:
        return 0.0


def json_or_none(resp: httpx.Response) -> dict[str, Any] | None:
    try:
        value = protocol.decode(resp.content)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
