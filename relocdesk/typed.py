"""Text as people paste it: characters that show nothing but make a value differ.

Cells copied from a web system, a chat or a PDF carry zero-width spaces, byte-order marks,
soft hyphens, direction marks and no-break spaces. The clerk sees 18 digits and is told the
ID number has 19 characters; sees 务工 and is asked what 务工 means. The shared rules
(``relocdesk.validation``) and the vocabularies' lookup (``relocdesk.vocab.key``) read a
value with these taken out (a no-break space as a space).
"""

from __future__ import annotations

INVISIBLE: dict[int, int | None] = {
    **dict.fromkeys((0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)),
    **dict.fromkeys(range(0x200E, 0x2010)),  # left-to-right and right-to-left marks
    **dict.fromkeys(range(0x202A, 0x202F)),  # direction embeddings and overrides
    **dict.fromkeys(range(0x2066, 0x206A)),  # direction isolates
    0x00A0: 0x20,  # no-break space
    0x202F: 0x20,  # narrow no-break space
}


def visible(text: str) -> str:
    """``text`` without the characters that show nothing (ASCII text is returned as is)."""
    return text if text.isascii() else text.translate(INVISIBLE)


# Typed before a number to keep it text (Excel's apostrophe); a Chinese IME in Chinese mode
# types the same key as a curly quote, and a backtick sits beside it.
TEXT_MARKS = "'‘’`"
