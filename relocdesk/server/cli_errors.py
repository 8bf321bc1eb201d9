"""What county IT is told when the server cannot start: the database it was pointed at, the
port or address, the TLS certificate and key, named with the problem and what to do, in
Chinese and English. Never the database password (a URL may hold one), never a library's
error page address."""

from __future__ import annotations

import errno
import os
import re
import socket
from pathlib import Path

from relocdesk.server.database import in_memory


def database_problem(e: BaseException, url: str) -> str | None:
    """A plain message for a database the server cannot use; None for anything else."""
    where = shown_url(url)
    text = str(getattr(e, "orig", None) or e)
    name = type(e).__name__
    if name in ("NewerSchema", "OtherEncoding"):
        return text
    if in_memory(url):
        return (
            f"{where} 是内存中的数据库，服务器一停就全部丢失：请用 sqlite:///文件路径"
            f" / {where} is a database in memory, gone when the server stops: use"
            " sqlite:///PATH"
        )
    if name == "DatabaseError" and "file is not a database" in text:
        return (
            f"{where} 不是 SQLite 数据库文件（是证书、压缩的备份或别的文件？）"
            f" / {where} is not a SQLite database file (a certificate, a compressed backup,"
            " another file?)"
        )
    if name in ("NoSuchModuleError", "ArgumentError") or isinstance(e, ModuleNotFoundError):
        return (
            f"不支持的数据库地址：{where}；请用 sqlite:///文件路径 或 postgresql://用户@主机:端口/库名"
            f" / unsupported database URL {where}: use sqlite:///PATH or"
            " postgresql://USER@HOST:PORT/DBNAME"
        )
    if name != "OperationalError":
        return None
    return _unreachable(text, where)


def _unreachable(text: str, where: str) -> str | None:
    """A database server that cannot be reached or refuses the URL's user or database."""
    if "Connection refused" in text or "could not connect" in text:
        return (
            f"无法连接数据库服务器（{where}）：连接被拒绝。"
            "PostgreSQL 是否在运行？主机和端口是否正确？"
            f" / cannot reach the database server ({where}): connection refused. Is PostgreSQL"
            " running, and are the host and port right?"
        )
    missing = re.search(r'database "([^"]+)" does not exist', text)
    if missing:
        db = missing.group(1)
        return (
            f"数据库 {db} 不存在（{where}）：请先创建它（createdb {db}）"
            f" / the database {db} does not exist ({where}): create it first (createdb {db})"
        )
    host = re.search(r"""(?:failed to resolve host|translate host name) ['"]([^'"]+)['"]""", text)
    if host:
        return (
            f"找不到数据库服务器 {host.group(1)}（{where}）：主机名是否写对？"
            f" / cannot find the database host {host.group(1)} ({where}): is the name right?"
        )
    port = re.search(r'invalid port number: "([^"]*)"', text)
    if port:
        return (
            f"数据库端口应为 1 到 65535，不是 {port.group(1)}（{where}）"
            f" / the database port must be from 1 to 65535, not {port.group(1)} ({where})"
        )
    # PostgreSQL says the same of a user it does not have: both are the URL's user
    if (
        "password authentication failed" in text
        or "no password supplied" in text
        or (re.search(r'role "[^"]*" does not exist', text))
    ):
        return (
            f"数据库用户名或密码不对（{where}） / the database user or password is wrong ({where})"
        )
    if "unable to open database file" in text:
        return (
            f"无法打开 SQLite 数据库文件（{where}）：它所在的文件夹是否存在？服务器能否在那里写入？"
            f" / cannot open the SQLite database file ({where}): does its folder exist, and may"
            " the server write there?"
        )
    return None


def shown_url(url: str) -> str:
    """The URL with any password replaced by ***."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def port_taken(host: str, port: int) -> str | None:
    """A plain message when ``host:port`` cannot be listened on; None when it can."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as e:
        if e.errno == errno.EADDRNOTAVAIL:
            return (
                f"本机没有地址 {host}：要在所有网卡上监听请用 --host 0.0.0.0，或用本机的一个地址"
                f" / this machine has no address {host}: use --host 0.0.0.0 to listen on every"
                " network, or one of this machine's own addresses"
            )
        if e.errno == errno.EACCES and port < 1024:
            return (
                f"端口 {port} 低于 1024，需要管理员权限：请用 1024 以上的端口（如 8765），"
                f"或由系统服务授予该权限 / port {port} is below 1024 and needs administrator"
                " rights: use a port above 1024 (8765, say), or let the system service grant it"
            )
        return (
            f"无法在 {host}:{port} 上监听（{e.strerror}）：端口可能已被另一个程序（或另一个服务器）"
            f"占用，请换一个 --port，或先停止那个程序 / cannot listen on {host}:{port}"
            f" ({e.strerror}): another program (or another server) may hold the port; choose"
            " another --port, or stop that program first"
        )
    return None


def port_number(text: str) -> int:
    """``--port``: a whole number from 1 to 65535 (argparse says which option was wrong)."""
    import argparse

    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"端口应为 1 到 65535 之间的整数，不是 {text!r} / the port must be a whole number"
            f" from 1 to 65535, not {text!r}"
        )
    return port


def positive_seconds(text: str) -> float:
    """``--header-timeout``, ``--stall-timeout``: seconds, more than 0 and at most a day."""
    return _above_zero(
        text, 86400, "大于 0 的秒数（最多 86400）", "seconds, more than 0 and at most 86400"
    )


def positive_rate(text: str) -> float:
    """``--device-rate``: requests a second, more than 0."""
    return _above_zero(text, 100_000, "每秒请求数（大于 0）", "requests a second, more than 0")


def _above_zero(text: str, most: float, zh: str, en: str) -> float:
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= most:
        raise argparse.ArgumentTypeError(f"应为{zh}，不是 {text!r} / must be {en}, not {text!r}")
    return value


def at_least_one(text: str) -> int:
    """``--workers``, ``--device-cap``: a whole number from 1 (a cap of 0 refused every
    enrollment while the server ran and said nothing)."""
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"应为不小于 1 的整数，不是 {text!r} / must be a whole number, at least 1, not {text!r}"
        )
    return value


def state_file_problem(path: Path | None) -> str | None:
    """A plain message when ``--state-file`` cannot be written (the server writes it at
    start and at stop); None when it can. Checked before anything is made."""
    from relocdesk.places import file_problem, not_there

    if path is None:
        return None
    if path.is_dir():
        e: OSError = IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    elif not path.parent.is_dir():
        e = not_there(path.parent)
    elif not os.access(path.parent, os.W_OK):
        e = PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path.parent))
    else:
        return None
    return f"--state-file {path}：{file_problem(e)}"


def tls_problem(certfile: str, keyfile: str) -> str | None:
    """A plain message when the certificate and key cannot serve TLS together, before the
    server starts (uvicorn would stop with a library's error); None when they can."""
    import ssl

    found: dict[str, bytes] = {}
    for path, what_zh, what_en in ((certfile, "证书", "certificate"), (keyfile, "私钥", "key")):
        try:
            with open(path, "rb") as f:
                head = f.read(65536)
        except OSError as e:
            return (
                f"无法读取 TLS {what_zh}文件 {path}（{e.strerror}）："
                "文件是否存在、服务器账号能否读取？"
                f" / cannot read the TLS {what_en} file {path} ({e.strerror}): does it exist,"
                " and may the server's account read it?"
            )
        if b"-----BEGIN" not in head:
            return (
                f"TLS {what_zh}文件 {path} 不是 PEM 格式（以 -----BEGIN 开头的文本）；DER 格式可用"
                f" openssl x509 -inform der 转换 / the TLS {what_en} file {path} is not PEM (text"
                " beginning -----BEGIN); convert a DER file with openssl x509 -inform der"
            )
        found[what_en] = head
    if b"CERTIFICATE" not in found["certificate"] or b"PRIVATE KEY" not in found["key"]:
        return (
            f"TLS：{certfile} 里应是证书（CERTIFICATE），{keyfile} 里应是私钥（PRIVATE KEY）；"
            f"两个文件是否放反了？ / TLS: {certfile} should hold the certificate (CERTIFICATE)"
            f" and {keyfile} the private key (PRIVATE KEY): were they given the wrong way round?"
        )
    if b"ENCRYPTED" in found["key"]:
        return (
            f"TLS 私钥 {keyfile} 受口令保护，服务器需要未加密的私钥（仅服务器账号可读），可用"
            f" openssl pkey -in 原文件 -out 新文件 解除 / the TLS key {keyfile} is protected by a"
            " passphrase; the server needs it unprotected, readable by its account only"
            " (openssl pkey -in OLD -out NEW removes it)"
        )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        # a key locked by a passphrase is refused here, never asked for on the terminal
        context.load_cert_chain(certfile, keyfile, password=lambda: b"")
    except ssl.SSLError as e:
        reason = str(e.reason or e)
        if "MISMATCH" in reason.upper():
            said = "证书与私钥不是一对 / the certificate and the key do not belong together"
        else:
            said = "证书或私钥已损坏，无法读取 / the certificate or the key is damaged"
        return f"TLS：{said}（{certfile}，{keyfile}；{reason}）"
    return None
