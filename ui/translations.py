"""Translation sources and checks.

``python -m ui.translations update``  extract the core UI's strings into core_zh_CN.ts
                                      (translations already there are kept)
``python -m ui.translations release`` build core_zh_CN.qm (``--all``: every .ts there)
``python -m ui.translations missing`` list unfinished entries of core_zh_CN.ts
``python -m ui.translations [check]`` every text of every page (all of ui/) has its Chinese
                                      in some .ts here and a .qm not older than its .ts;
                                      exit 1 otherwise (pages owned by others keep their own .ts)

The extractor reads the Python syntax tree, so it sees what pyside6-lupdate sees
(``self.tr``, ``QCoreApplication.translate``) and also our short forms: ``N(ctx, text)``
marks a text translated later, ``T``/``tr(ctx, text)`` translate, ``H(text)`` is a header of
the household file. ``visible_texts`` and the two checks serve the language tests.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
CORE_TS = TS_DIR / "core_zh_CN.ts"
CORE_SOURCES = (
    "ui/app.py",
    "ui/damaged_start.py",
    "ui/errors.py",
    "ui/tasks.py",
    "ui/main_window.py",
    "ui/pages.py",
    "ui/i18n.py",
    "ui/models",
    "ui/views/households.py",
    "ui/views/people.py",
    "ui/views/household_detail.py",
    "ui/views/household_tables.py",
    "ui/views/household_move.py",
    "ui/views/household_actions.py",
    "ui/dialogs/household_edit.py",
    "ui/dialogs/person_edit.py",
    "ui/widgets",
)
_TWO_ARG = {"translate", "T", "tr", "N", "QT_TRANSLATE_NOOP"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
# Words that are the same in a Chinese UI: abbreviations, formats, product and file names.
ALLOWED_LATIN = {
    "ID",
    "PDF",
    "Excel",
    "YYYY",
    "MM",
    "DD",
    "RelocDesk",
    "English",
    "HS",
    "Ctrl",
    "F",
    "Alt",
    "Enter",  # key names stay Latin on Chinese keyboards
    "xlsx",
    "csv",
    "xls",
    "ods",  # the open spreadsheet format (LibreOffice, WPS)
    "txt",  # "Unicode text" rosters
    "URL",
    "QR",
    "HLC",
    "No",
    "http",
    "https",
}


def _files(paths: Iterable[str]) -> Iterator[Path]:
    for p in paths:
        path = ROOT / p
        if path.is_dir():
            yield from sorted(path.rglob("*.py"))
        elif path.exists():
            yield path


def extract(paths: Iterable[str] = CORE_SOURCES) -> dict[str, dict[str, tuple[str, int]]]:
    """context -> source text -> (file, line)."""
    found: dict[str, dict[str, tuple[str, int]]] = {}

    def add(context: str, text: str, file: Path, line: int) -> None:
        found.setdefault(context, {}).setdefault(text, (str(file.relative_to(ROOT)), line))

    for file in _files(paths):
        tree = ast.parse(file.read_text("utf-8"))
        for cls_name, node in _calls(tree):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = node.args
            strings = [
                a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                for a in args
            ]
            if name in _TWO_ARG and len(strings) >= 2 and strings[0] and strings[1]:
                add(strings[0], strings[1], file, node.lineno)
            elif (
                name == "tr"
                and isinstance(func, ast.Attribute)
                and strings
                and strings[0]
                and cls_name
            ):
                add(cls_name, strings[0], file, node.lineno)
            elif name == "H" and strings and strings[0]:
                add("HouseholdDetail", strings[0], file, node.lineno)
    return found


def _calls(tree: ast.AST) -> Iterator[tuple[str, ast.Call]]:
    def walk(node: ast.AST, cls: str) -> Iterator[tuple[str, ast.Call]]:
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, ast.ClassDef) else cls
            if isinstance(child, ast.Call):
                yield cls, child
            yield from walk(child, name)

    yield from walk(tree, "")


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> translation, for finished and unfinished entries with text."""
    if not path.exists():
        return {}
    out: dict[tuple[str, str], str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            out[(name, source)] = message.findtext("translation") or ""
    return out


def write_ts(
    path: Path,
    messages: dict[str, dict[str, tuple[str, int]]],
    translations: dict[tuple[str, str], str],
    language: str = "zh_CN",
) -> int:
    """Write a .ts with every message; returns how many are still untranslated."""
    root = ET.Element("TS", version="2.1", language=language)
    missing = 0
    for context in sorted(messages):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for source, (file, line) in sorted(messages[context].items(), key=lambda kv: kv[1]):
            msg = ET.SubElement(ctx, "message")
            ET.SubElement(msg, "location", filename=f"../../{file}", line=str(line))
            ET.SubElement(msg, "source").text = source
            text = translations.get((context, source), "")
            tr = ET.SubElement(msg, "translation")
            if text:
                tr.text = text
            else:
                tr.set("type", "unfinished")
                missing += 1
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )
    return missing


def update(extra: dict[tuple[str, str], str] | None = None) -> int:
    translations = read_ts(CORE_TS)
    translations.update(extra or {})
    return write_ts(CORE_TS, extract(), translations)


def release(every: bool = False) -> None:
    """Build core_zh_CN.qm (or every .ts of resources/translations with ``every``)."""
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for ts in sorted(TS_DIR.glob("*.ts")) if every else [CORE_TS]:
        subprocess.run(
            [str(lrelease), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True
        )


def missing() -> list[tuple[str, str]]:
    messages = extract()
    done = read_ts(CORE_TS)
    return [(c, s) for c, texts in messages.items() for s in texts if not done.get((c, s))]


def check() -> list[str]:
    """Problems that would show English in the Chinese UI, over every page of ui/."""
    done: dict[tuple[str, str], str] = {}
    for ts in sorted(TS_DIR.glob("*.ts")):
        done.update({k: v for k, v in read_ts(ts).items() if v})
    problems = [
        f"{file}:{line}: [{context}] {source!r} has no Chinese"
        for context, texts in extract(("ui",)).items()
        for source, (file, line) in texts.items()
        if not done.get((context, source))
    ]
    return problems + stale_qm()


def stale_qm() -> list[str]:
    """.qm files that do not give what their .ts says (someone forgot ``release --all``)."""
    from PySide6.QtCore import QTranslator

    problems = []
    for ts in sorted(TS_DIR.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        translator = QTranslator()
        if not translator.load(str(qm)):
            problems.append(f"{qm.name} is missing: run release --all")
            continue
        wrong = [
            source
            for (context, source), text in read_ts(ts).items()
            if text and translator.translate(context, source) != text
        ]
        if wrong:
            problems.append(f"{qm.name} is older than {ts.name} ({len(wrong)} texts differ)")
    return problems


# -- checks for the language tests ------------------------------------------------------
def visible_texts(root: object) -> list[tuple[str, str]]:
    """Every label-like text a person can see in a widget tree: (where, text).

    Widgets marked ``i18n_data`` show data (names, rooms, what was typed) and are skipped,
    as are the cells of item views; their headers are labels and are included.
    """
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QTableView,
        QTabWidget,
        QTreeView,
        QWidget,
    )

    assert isinstance(root, QWidget)
    out: list[tuple[str, str]] = []

    def skip(widget: QWidget) -> bool:
        w: QWidget | None = widget
        while w is not None:
            if w.property("i18n_data"):
                return True
            w = w.parentWidget()
        return False

    widgets: list[QWidget] = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if skip(w):
            continue
        where = f"{type(w).__name__}:{w.objectName()}"
        texts: list[str] = []
        if w.isWindow() and w.windowTitle():
            texts.append(w.windowTitle())
        if w.toolTip():
            texts.append(w.toolTip())
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QListWidget) and w.objectName() == "navigation":
            texts += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, (QTableView, QTreeView)) and w.model() is not None:
            model = w.model()
            texts += [
                str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                for c in range(model.columnCount(QModelIndex()))
            ]
        out += [(where, t) for t in texts if t and t.strip()]
    return out


def chinese_in(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Texts with Chinese characters (an English UI must have none)."""
    return [(w, t) for w, t in texts if CJK.search(t)]


def english_in(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Texts with an English word outside the allow-list (a Chinese UI must have none)."""
    bad = []
    for w, t in texts:
        # Tokens with digits are codes (device ids, ID numbers, rooms like 3-2-501A).
        tokens = re.findall(r"[A-Za-z0-9_]+", re.sub(r"<[^>]+>", "", t))
        words = [w for w in tokens if not any(c.isdigit() for c in w) and len(w) > 1]
        if any(word not in ALLOWED_LATIN for word in words):
            bad.append((w, t))
    return bad


def main(argv: list[str]) -> int:
    # A bare run only checks: rewriting the .ts is asked for by name.
    command = argv[0] if argv else "check"
    if command == "check":
        problems = check()
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problems")
        return 1 if problems else 0
    if command == "update":
        print(f"{update()} untranslated")
    elif command == "release":
        release(every="--all" in argv)
    elif command == "missing":
        for context, source in missing():
            print(f"{context}\t{source}")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
