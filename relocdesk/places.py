"""Where a community's data lives, and a file problem said plainly.

Below the façade and the command line alike: both ask it, so neither imports the other for it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

DB_NAME = "community.db"


def default_data_dir() -> Path:
    env = os.environ.get("RELOCDESK_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("RelocDesk", "RelocDesk"))


@contextlib.contextmanager
def side_file(target: Path) -> Iterator[Path]:
    """Where to write a workbook that is to become ``target``: a file beside it, given the
    target's name only once complete, so a write that fails (a full disk, a folder that cannot
    be written) leaves neither half a workbook nor the side file. Its error names ``target``,
    the file the person chose, not the side file they never heard of."""
    side = target.with_name(target.name + ".part")
    if not target.parent.is_dir():  # said as the folder missing, whatever the writer says
        raise not_there(target)
    try:
        yield side
        side.replace(target)
    except OSError as e:
        raise named_as(e, target) from e
    finally:
        with contextlib.suppress(OSError):
            side.unlink(missing_ok=True)


def not_there(name: Path | str) -> FileNotFoundError:
    """The error of a file or folder that is not there, as the OS words it, naming ``name``:
    said before any work, rather than after it when the write fails."""
    return FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(name))


def named_as(e: OSError, target: Path | str) -> OSError:
    """The same error naming ``target``, the file the person chose, not a side file."""
    return type(e)(e.errno, e.strerror, str(target)) if e.errno else e


def copy_out(source: str | Path, target: str | Path) -> None:
    """Copy a file the desk made (a PDF) where the person chose. A failure raises an
    ``OSError`` whose text says what went wrong and names the file, in both languages."""
    import shutil

    try:
        shutil.copyfile(source, target)
    except OSError as e:
        raise OSError(file_problem(e, target)) from e


def file_problem(e: OSError, path: Path | str | None = None) -> str:
    """An operating-system error told plainly in both languages, naming the file it concerns."""
    where = e.filename or path or ""
    reason = e.strerror or str(e)
    if e.errno in DISK_FULL:
        return disk_full(where)
    if isinstance(e, PermissionError):
        zh = "没有权限读写"
    elif isinstance(e, FileExistsError | NotADirectoryError):
        zh = "路径被一个文件占用，无法作为数据目录"
    elif isinstance(e, FileNotFoundError):
        zh = "找不到文件或目录"
    else:
        zh = "无法读写文件"
    return f"{zh}：{where} / cannot use {where}: {reason}"


# No space left, or the user's quota spent: to the person both are a full disk.
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def disk_full(where: Path | str) -> str:
    """A full disk said as one, with what to do: never "check that it is a file"."""
    return " / ".join(disk_full_words(where))


def disk_full_words(where: Path | str) -> tuple[str, str]:
    """The same in Chinese and in English, for a ValidationError."""
    return (
        f"磁盘已满，无法写入：{where}；请删除或移走一些文件（如旧的备份、下载的文件）腾出空间后再试。"
        "这次的操作没有保存，之前保存的数据不受影响",
        f"the disk is full: {where} cannot be written. Free some space (delete or move old"
        " backups or downloads) and try again; this action was not saved, what was saved"
        " before is safe",
    )


def database_locked(where: Path | str) -> str:
    return (
        f"社区数据库正被另一个程序使用：{where}；请关闭正在使用它的另一个 RelocDesk 窗口或命令，"
        "或稍等片刻再试"
        f" / the community database {where} is in use by another program: close the other"
        " RelocDesk window or command using it, or wait a moment and try again"
    )


def is_damaged(e: BaseException) -> bool:
    """Whether opening a database failed because the file is damaged or is no database of
    this key (a backup may take its place), not because of the disk, a lock or access."""
    return isinstance(e, sqlite3.DatabaseError) and str(
        getattr(e, "sqlite_errorname", "")
    ).startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))


def database_problem(e: sqlite3.Error, path: Path | str) -> str | None:
    """A full disk or a database held by another program, said plainly; None for the rest
    (a damaged file, a bug), which the caller tells in its own words."""
    name = str(getattr(e, "sqlite_errorname", ""))
    text = str(e)
    if name.startswith("SQLITE_FULL") or "database or disk is full" in text:
        return disk_full(path)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return database_locked(path)
    return None


class OutputRefused(ValueError):
    """A file a command may not write where it was asked to: said plainly, with the exit
    code of the command line (2: the name given; 3: a file that cannot be read)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


# The first bytes of each kind of file the commands write: what is already at an output's
# path must be of that kind (written by an earlier run), or it is someone's other file.
_KINDS = {".pdf": (b"%PDF",), ".xlsx": (b"PK\x03\x04", b"PK\x05\x06")}


def not_a_folder(path: Path) -> None:
    """Refuse a folder where a file is to be written."""
    if path.is_dir():
        raise OutputRefused(f"{path} 是一个文件夹 / {path} is a folder: name a file in it")


def output_file(name: str | Path, suffix: str) -> Path:
    """The file a command (the app's or the county server's) is to write: named with
    ``suffix``, and not another kind of file already there -- ``-o`` typed by hand once put a
    PDF in place of a roster, and a workbook in place of the server's database."""
    path = Path(name)
    if path.suffix.lower() != suffix:
        raise OutputRefused(
            f"输出文件应以 {suffix} 结尾：{path.name} / the output file must end in {suffix}:"
            f" {path.name}"
        )
    not_a_folder(path)
    if path.exists():
        try:
            with path.open("rb") as f:
                head = f.read(8)
        except OSError as e:
            raise OutputRefused(file_problem(e, path), 3) from e
        if head and not head.startswith(_KINDS[suffix]):
            raise OutputRefused(
                f"{path.name} 已存在，且不是 {suffix} 文件，不会覆盖：请换一个文件名 / {path.name}"
                f" exists and is not a {suffix} file; it is not overwritten: choose another name"
            )
    return path
