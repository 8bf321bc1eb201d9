"""What a person is told about an error: plain words in the interface language, never a
traceback. Widgets and pages use it; the application's error hook too."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ui import i18n


def friendly_message(err: BaseException) -> str:
    """What to tell a person about an error, in the current language, without a traceback."""
    from relocdesk.validation import ValidationError, ValidationErrors

    zh = i18n.is_chinese()
    if isinstance(err, ValidationErrors):
        return "\n".join(str(e.message_zh if zh else e.message_en) for e in err.errors)
    if isinstance(err, ValidationError):
        return str(err.message_zh if zh else err.message_en)
    import sqlite3

    if disk_is_full(err):
        return QCoreApplication.translate(
            "app",
            "The disk is full. Free some space (delete or move old backups or downloads) and"
            " try again. This action was not saved; what you saved before is safe.",
        )
    if isinstance(err, sqlite3.OperationalError) and "locked" in str(err):
        return QCoreApplication.translate(
            "app",
            "Another program is using the community database. Close the other RelocDesk"
            " window or command, or wait a moment, and try again.",
        )
    if isinstance(err, sqlite3.DatabaseError):
        return QCoreApplication.translate(
            "app", "The database could not be read. Please contact your county IT staff."
        )
    return QCoreApplication.translate(
        "app", "An unexpected error stopped this action. Please try again."
    )


def disk_is_full(err: BaseException) -> bool:
    """No space left (or quota spent), whether the operating system or SQLite says it."""
    import errno
    import sqlite3

    if isinstance(err, OSError):
        return err.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(err, sqlite3.Error):
        name = str(getattr(err, "sqlite_errorname", ""))
        return name.startswith("SQLITE_FULL") or "database or disk is full" in str(err)
    return False
