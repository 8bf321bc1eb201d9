"""The roster page's work on the database worker (read, check, import, export through
``desk.roster``) and how its outcomes are told: field names and messages in the interface
language, a cancel told apart from a failure."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from ui.errors import friendly_message
from ui.tasks import Cancelled, Progress
from ui.work_pages import lang

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from relocdesk.queries.roster import (
        Duplicates,
        ImportPlan,
        ImportResult,
        Mode,
        RawTable,
        ValueMap,
    )

log = logging.getLogger("relocdesk.ui.roster")

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt")


def field_label(field: str | None) -> str:
    """A roster field as people read it: its Chinese header, or its English name."""
    from relocdesk.queries.roster import BY_FIELD

    target = BY_FIELD.get(field or "")
    if target is None:
        return field or ""
    if lang() == "zh":
        return target.header
    return target.en[:1].upper() + target.en[1:]


def sentence(text: str) -> str:
    """The core writes English messages in lower case, to follow a field name; on their own
    they start a sentence."""
    return text[:1].upper() + text[1:] if lang() == "en" else text


def message(exc: BaseException) -> str:
    """What a person reads about a failure, in the interface language, never a traceback."""
    zh = getattr(exc, "message_zh", None)
    en = getattr(exc, "message_en", None)
    if zh or en:
        return sentence(str((zh or en) if lang() == "zh" else (en or zh)))
    log.error("roster work failed", exc_info=exc)
    return friendly_message(exc)


def is_cancel(exc: BaseException) -> bool:
    from relocdesk.queries.roster import ImportCancelled

    return isinstance(exc, (Cancelled, ImportCancelled))


def default_rejects(source: str) -> str:
    p = Path(source)
    return str(p.with_name(f"{p.stem}-rejects.xlsx"))


# -- on the DB worker ------------------------------------------------------------------------
def read_file(desk: Desk, progress: Progress, path: str) -> tuple[RawTable, dict[int, str | None]]:
    """The file's cells, and the field each column seems to be."""
    raw = desk.roster.read(path)
    if progress.cancelled:
        raise Cancelled()
    return raw, desk.roster.suggest_mapping(raw)


def check_file(
    desk: Desk,
    progress: Progress,
    raw: RawTable,
    mapping: dict[int, str | None],
    duplicates: Duplicates,
    values: ValueMap | None = None,
) -> tuple[ImportPlan, ValueMap]:
    """The checked plan, and the words this community mapped so far (the clerk's choices
    made now among them: they are remembered before the check)."""
    if values:
        desk.roster.remember_values(values)
    plan = desk.roster.check(
        raw,
        mapping,
        duplicates,
        progress=progress.report,
        cancel=lambda: progress.cancelled,
        values=values,
    )
    return plan, desk.roster.value_map()


def import_plan(
    desk: Desk, progress: Progress, plan: ImportPlan, mode: Mode, rejects: str | None
) -> ImportResult:
    return desk.roster.apply(
        plan, mode, rejects, progress=progress.report, cancel=lambda: progress.cancelled
    )


def export_file(desk: Desk, progress: Progress, path: str) -> int:
    return desk.roster.export(path, progress.report, lambda: progress.cancelled)
