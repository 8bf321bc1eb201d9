"""How the device reaches the county server safely: ``https`` for any host but this machine
itself, and the county's own certificate authority when it has one.

The password (at enrollment) and then the device token travel in every request, so a plain
``http://`` address is refused before anything is sent, unless it names loopback (a server
on this machine, as in a training room or a test).
"""

from __future__ import annotations

import ipaddress
import ssl
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from relocdesk.sync.protocol import SyncError

CA_FILE = "sync_ca_file"  # setting: the county's CA bundle (PEM), when it has its own


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def as_typed(url: str) -> str:
    """The address as meant, when typed with a Chinese input method on: its full-width
    colons, slashes, letters and digits (https：／／１２７…) made half-width, and the
    ideographic full stop (。) read as the dot it stands for, as browsers read it."""
    return unicodedata.normalize("NFKC", url).replace("。", ".").strip()


def check_server_url(url: str) -> str:
    """The address without a trailing slash, or a ``SyncError`` saying what is wrong."""
    url = as_typed(url).rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(
            "bad_url",
            "服务器地址应以 https:// 开头，例如 https://sync.example.gov.cn",
            "the server address must start with https://, e.g. https://sync.example.gov.cn",
        )
    try:
        port = parts.port
    except ValueError:  # 99999, or letters after the colon
        port = 0
    if port == 0:
        raise SyncError(
            "bad_url",
            f"服务器地址中的端口号不对（应为 1 到 65535）：{url}",
            f"the port in the server address is not a port (1-65535): {url}",
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise SyncError(
            "insecure_url",
            "为保护密码和授权，只能用 https:// 连接县服务器（http:// 仅限本机）",
            "to protect the password and the device token, the county server must be reached"
            " with https:// (http:// only for this machine itself)",
        )
    return url


def ssl_context(ca_file: str | None) -> ssl.SSLContext | bool:
    """The county's CA bundle alone when one is set; else the system's trusted authorities
    (httpx's default)."""
    if not ca_file:
        return True
    if not Path(ca_file).is_file():
        raise SyncError(
            "ca_file",
            f"找不到证书颁发机构文件：{ca_file}",
            f"the certificate authority file was not found: {ca_file}",
        )
    try:
        return ssl.create_default_context(cafile=ca_file)
    except (ssl.SSLError, ValueError, OSError):
        raise SyncError(
            "ca_file",
            f"证书颁发机构文件无法读取（应为 PEM 格式）：{ca_file}",
            f"the certificate authority file cannot be read (PEM expected): {ca_file}",
        ) from None


def untrusted(exc: BaseException) -> SyncError | None:
    """A refused certificate, said plainly (retrying will not help); None for other
    failures."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(
            seen
        ):
            return SyncError(
                "untrusted_certificate",
                "服务器证书不受信任：请在同步页设置县里的证书颁发机构文件，或联系县里的管理员",
                "the server's certificate is not trusted: set the county's certificate authority"
                " file on the sync page, or contact the county's administrator",
            )
        seen = seen.__cause__ or seen.__context__
    return None
