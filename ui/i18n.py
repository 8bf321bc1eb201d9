"""Languages: Qt translators for every ``resources/translations/*_<lang>.qm``, and enum labels.

Source strings are English (``self.tr`` / ``QCoreApplication.translate``); Chinese is the
default language. Switching installs new translators, and Qt sends every widget a
``LanguageChange`` event: pages retranslate in place, nothing typed is lost.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from relocdesk import enums

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")
RESOURCES = Path(__file__).resolve().parent.parent / "resources"
TRANSLATIONS = RESOURCES / "translations"

_current = DEFAULT_LANGUAGE
_installed: list[QTranslator] = []


def saved_language() -> str:
    value = QSettings().value("language", DEFAULT_LANGUAGE)
    return str(value) if str(value) in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    return _current


def is_chinese() -> bool:
    return _current.startswith("zh")


def install(language: str | None = None, *, save: bool = False) -> str:
    """Load the translators of a language (default: the saved one) into the application."""
    global _current
    app = QCoreApplication.instance()
    lang = language or saved_language()
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    _current = lang
    if save:
        QSettings().setValue("language", lang)
    QLocale.setDefault(QLocale("zh_CN" if lang == "zh_CN" else "en_US"))
    if lang == "en":
        # English is the source language; installing nothing still sends LanguageChange.
        if app is not None:
            _nudge()
        return lang
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase",):
        t = QTranslator()
        if t.load(f"{name}_{lang}", qt_dir):
            QCoreApplication.installTranslator(t)
            _installed.append(t)
    for qm in sorted(TRANSLATIONS.glob(f"*_{lang}.qm")):
        t = QTranslator()
        if t.load(str(qm)):
            QCoreApplication.installTranslator(t)
            _installed.append(t)
    return lang


def _nudge() -> None:
    # Removing the last translator sends LanguageChange already; with none installed before,
    # install and remove an empty one so widgets still retranslate.
    t = QTranslator()
    QCoreApplication.installTranslator(t)
    QCoreApplication.removeTranslator(t)


def enum_label(labels: enums.Labels, code: str | None) -> str:
    """The label of a coded value in the current language."""
    return enums.label(labels, code, "zh" if is_chinese() else "en")


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def N(context: str, text: str) -> str:
    """Mark a source text for the translation file; translate later with ``tr(context, text)``."""
    return text
