"""What county IT is told when the server cannot start: the database it was pointed at, or
the port, named with the problem and what to do, in Chinese and English. Never the
database password (a URL may hold one), never a library's error page address."""

from __future__ import annotations

import re
import socket


def database_problem(e: BaseException, url: str) -> str | None:
    """A plain message for a database the server cannot use; None for anything else."""
    where = shown_url(url)
    text = str(getattr(e, "orig", None) or e)
    name = type(e).__name__
    if name in ("NoSuchModuleError", "ArgumentError") or isinstance(e, ModuleNotFoundError):
        return (
            f"不支持的数据库地址：{where}；请用 sqlite:///文件路径 或 postgresql://用户@主机:端口/库名"
            f" / unsupported database URL {where}: use sqlite:///PATH or"
            " postgresql://USER@HOST:PORT/DBNAME"
        )
    if name != "OperationalError":
        return None
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
    if "password authentication failed" in text or "no password supplied" in text:
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
        return (
            f"无法在 {host}:{port} 上监听（{e.strerror}）：端口可能已被另一个程序（或另一个服务器）"
            f"占用，请换一个 --port，或先停止那个程序 / cannot listen on {host}:{port}"
            f" ({e.strerror}): another program (or another server) may hold the port; choose"
            " another --port, or stop that program first"
        )
    return None
