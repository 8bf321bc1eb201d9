"""Text as people paste it: characters that show nothing but make a value differ.

Cells copied from a web system, a chat or a PDF carry zero-width spaces, byte-order marks,
soft hyphens, direction marks and no-break spaces. The clerk sees 18 digits and is told the
ID number has 19 characters; sees 务工 and is asked what 务工 means. The shared rules
(``relocdesk.validation``) and the vocabularies' lookup (``relocdesk.vocab.key``) read a
value with these taken out (a no-break space as a space).
"""

from __future__ import annotations

import unicodedata

INVISIBLE: dict[int, int | None] = {
    **dict.fromkeys((0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)),
    **dict.fromkeys(range(0x200E, 0x2010)),  # left-to-right and right-to-left marks
    **dict.fromkeys(range(0x202A, 0x202F)),  # direction embeddings and overrides
    **dict.fromkeys(range(0x2066, 0x206A)),  # direction isolates
    0x00A0: 0x20,  # no-break space
    0x202F: 0x20,  # narrow no-break space
}


# Control characters (C0 but tab, line feed and carriage return; DEL) and the two non-characters
# U+FFFE and U+FFFF. Word writes its manual line break as \x0b and a page break as \x0c, and
# text pasted from it or exported by an old system carries them and stray others. They show
# nothing on a screen, print as boxes, and an .xlsx cannot hold them at all (XML 1.0 has no
# place for them): openpyxl refuses the whole workbook over one. The two breaks are line breaks.
CONTROLS: dict[int, str | None] = {
    **dict.fromkeys((*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, 0xFFFE, 0xFFFF)),
    0x0B: "\n",
    0x0C: "\n",
}


def without_controls(text: str) -> str:
    """``text`` with its control characters (``CONTROLS``) out, the line breaks as line breaks
    (text that holds none is returned as is, after one check in C)."""
    return text if text.isprintable() else text.translate(CONTROLS)


def breaks_a_line(text: str) -> bool:
    """Whether ``text`` holds a control character, a tab or a line break: what a name, typed
    on one line, never does (a paste from a terminal or a document that brought them)."""
    return not text.isprintable() and any(ord(c) in CONTROLS or c in "\t\n\r" for c in text)


def visible(text: str) -> str:
    """``text`` without the characters that show nothing (ASCII text is returned as is)."""
    return text if text.isascii() else text.translate(INVISIBLE)


# Typed before a number to keep it text (Excel's apostrophe); a Chinese IME in Chinese mode
# types the same key as a curly quote, and a backtick sits beside it.
TEXT_MARKS = "'‘’`"


def as_meant(secret: str) -> str:
    """A password, PIN or account name as meant, whatever width the input method typed it in.
    An office PC's Chinese input method left in full-width mode types ｌｉ for li and １２３４
    for 1234: the server refused the password it had been given, and each try counted towards
    the lock-out. NFKC, as NIST SP 800-63B (5.1.1.2) asks of a verifier that accepts Unicode,
    makes them the ASCII ones (ASCII text is returned as is)."""
    return secret if secret.isascii() else unicodedata.normalize("NFKC", secret)
