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

    if isinstance(err, sqlite3.OperationalError) and "locked" in str(err):
        return QCoreApplication.translate("app", "The database is busy. Please try again.")
    if isinstance(err, sqlite3.DatabaseError):
        return QCoreApplication.translate(
            "app", "The database could not be read. Please contact your county IT staff."
        )
    return QCoreApplication.translate(
        "app", "An unexpected error stopped this action. Please try again."
    )
