"""``RelocDesk --self-check DIR``: the installed program tries itself and says what it found.

The bundle's smoke test (tests/bundle) and a support person on an office PC run the same
thing: the window opens on the community, the language switches to English and back, a
household card is printed to ``DIR/household-card.pdf`` through the façade as the Print page
does, and ``DIR/self-check.json`` records each step. The app then exits 0 when every step
worked, 1 otherwise; a step's error is written down, never shown as a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ui import i18n

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from ui.main_window import MainWindow

log = logging.getLogger("relocdesk.self_check")


def start(app: QApplication, window: MainWindow, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, Any] = {
        "frozen": bool(getattr(sys, "frozen", False)),
        "language_first": i18n.current_language(),
        "title_first": window.windowTitle(),
        "pages": [window.nav.item(r).text() for r in range(window.nav.count())],
    }
    window.set_language("en")
    app.processEvents()  # the LanguageChange events are posted, not sent
    found["title_en"] = window.windowTitle()
    found["pages_en"] = [window.nav.item(r).text() for r in range(window.nav.count())]
    window.grab().save(str(folder / "window-en.png"))
    window.set_language("zh_CN")
    app.processEvents()
    found["title_zh"] = window.windowTitle()
    window.grab().save(str(folder / "window-zh.png"))
    card = folder / "household-card.pdf"

    def print_card(desk: Desk) -> dict[str, Any]:
        first = desk.list_window("households", _query(), 0, 1)[0]
        number = str(first["household_no"])  # type: ignore[typeddict-item]
        desk.forms.print("household_card", out=card, household_no=number)
        return {"households": desk.list_count("households", _query()), "household_no": number}

    def printed(value: dict[str, Any]) -> None:
        from ui.views.print_page import render_pages

        found.update(value, card=str(card), card_bytes=card.stat().st_size)
        # The preview as the Print page draws it: pdfium loads from the program folder.
        images, pages = render_pages(card, 600)
        images[0].save(str(folder / "household-card.png"))
        found["card_pages"] = pages
        finish(app, folder, found, ok=True)

    def failed(err: BaseException) -> None:
        log.error("self-check: printing failed", exc_info=err)
        found["error"] = f"{type(err).__name__}: {err}"
        finish(app, folder, found, ok=False)

    window.tasks.run_db(print_card, printed, failed)


def _query() -> Any:
    from relocdesk.queries.lists import ListQuery

    return ListQuery()


def finish(app: QApplication, folder: Path, found: dict[str, Any], *, ok: bool) -> None:
    found["ok"] = ok
    (folder / "self-check.json").write_text(
        json.dumps(found, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    QTimer.singleShot(0, lambda: app.exit(0 if ok else 1))
