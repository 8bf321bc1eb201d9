"""Where a community's data lives, and a file problem said plainly.

Below the façade and the command line alike: both ask it, so neither imports the other for it.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_NAME = "community.db"


def default_data_dir() -> Path:
    env = os.environ.get("RELOCDESK_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("RelocDesk", "RelocDesk"))


def file_problem(e: OSError, path: Path | str | None = None) -> str:
    """An operating-system error told plainly in both languages, naming the file it concerns."""
    where = e.filename or path or ""
    reason = e.strerror or str(e)
    if isinstance(e, PermissionError):
        zh = "没有权限读写"
    elif isinstance(e, FileExistsError | NotADirectoryError):
        zh = "路径被一个文件占用，无法作为数据目录"
    elif isinstance(e, FileNotFoundError):
        zh = "找不到文件或目录"
    else:
        zh = "无法读写文件"
    return f"{zh}：{where} / cannot use {where}: {reason}"
