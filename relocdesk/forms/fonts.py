"""The bundled fonts of the printed forms and the per-character fallback between them.

Every PDF embeds subsets of fonts shipped in ``resources/fonts`` so a form looks the same on
every machine. WenQuanYi Micro Hei carries the text; a character it lacks (rare characters
in names: 䶮 in Extension A, 𠮷 in Extension B) is drawn with the first fallback font that has
it. A character no bundled font has prints as the last font's box, never as a blank.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

RESOURCES_ENV = "RELOCDESK_RESOURCES"

# (registered name, file, index in a collection); the order is the fallback order.
FONT_FILES: tuple[tuple[str, str, int], ...] = (
    ("RDHei", "wqy-microhei.ttc", 0),
    ("RDHeiExt", "droid-fallback-cjk.ttf", 0),
    ("RDMinB", "hanamin-b-extb.ttf", 0),
    ("RDMinA", "hanamin-a-cjk.ttf", 0),
)
PRIMARY = FONT_FILES[0][0]

_resources_override: Path | None = None
_lock = threading.Lock()
_chain: FontChain | None = None


def set_resources_dir(path: str | Path | None) -> None:
    """Use another resources folder (a frozen app's bundle, a test); None restores the default."""
    global _resources_override, _chain
    with _lock:
        _resources_override = Path(path) if path is not None else None
        _chain = None


def resources_dir() -> Path:
    if _resources_override is not None:
        return _resources_override
    env = os.environ.get(RESOURCES_ENV)
    if env:
        return Path(env)
    # From this file, not relocdesk.__file__: under an editable install the package can
    # load as a namespace package whose __file__ is None.
    return Path(__file__).resolve().parents[2] / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


@dataclass
class FontChain:
    """The registered fonts, with the code points each can draw.

    Only the primary font is read up front; the fallbacks (the Extension B one alone is
    22 MB) are read the first time a text needs a character the primary lacks.
    """

    names: list[str]
    cmaps: list[frozenset[int]]
    _choice: dict[str, str]
    _pending: list[tuple[str, Path, int]]

    def _load_fallbacks(self, until: int | None = None) -> None:
        """Read the next fallback fonts, stopping at the first that has ``until``: most rare
        characters are in the 1 MB Extension A font, never needing the 22 MB one."""
        with _lock:
            while self._pending:
                name, path, index = self._pending.pop(0)
                self.names.append(name)
                self.cmaps.append(_register_one(name, path, index))
                if until is not None and until in self.cmaps[-1]:
                    return

    def font_for(self, ch: str) -> str:
        found = self._choice.get(ch)
        if found is None:
            code = ord(ch)
            if code < 0x20:
                # Line breaks and tabs are layout, not glyphs: never a reason to read
                # the fallback fonts.
                return self.names[0]
            if not any(code in cmap for cmap in self.cmaps):
                self._load_fallbacks(until=code)
            found = self.names[-1]
            for name, cmap in zip(self.names, self.cmaps, strict=True):
                if code in cmap:
                    found = name
                    break
            self._choice[ch] = found
        return found

    def covers(self, text: str) -> bool:
        """True when the primary font alone draws the whole text (the common, fast case)."""
        primary = self.cmaps[0]
        return primary.issuperset(map(ord, text)) or all(
            code in primary or code < 0x20 for code in map(ord, text)
        )

    def runs(self, text: str) -> list[tuple[str, str]]:
        """The text cut into (font, run) pieces, each drawn by one font."""
        if self.covers(text):
            return [(self.names[0], text)]
        out: list[tuple[str, str]] = []
        for ch in text:
            font = self.font_for(ch)
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out

    def missing(self, text: str) -> str:
        """The characters of a text that no bundled font can draw."""
        self._load_fallbacks()
        return "".join(
            sorted({ch for ch in text if not any(ord(ch) in c for c in self.cmaps) and ch > " "})
        )


def chain() -> FontChain:
    """Register the bundled fonts with reportlab once per process and return the chain."""
    global _chain
    with _lock:
        if _chain is None:
            _chain = _register()
        return _chain


def _register_one(name: str, path: Path, index: int) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont(name, str(path), subfontIndex=index)
    pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph)


def _register() -> FontChain:
    _fix_supplementary_to_unicode()
    folder = fonts_dir()
    (name, file, index), *rest = FONT_FILES
    path = folder / file
    if not path.exists():
        raise FileNotFoundError(f"缺少字体文件 / font file missing: {path}")
    primary = _register_one(name, path, index)
    # A stripped-down bundle without some fallbacks still prints; fewer rare characters.
    pending = [(n, folder / f, i) for n, f, i in rest if (folder / f).exists()]
    return FontChain([name], [primary], {}, pending)


def _fix_supplementary_to_unicode() -> None:
    """reportlab writes each ToUnicode entry as 4 hex digits, so 𠮷 U+20BB7 extracted as
    U+20BB: copy-paste and search in a viewer got the wrong character. Write UTF-16 pairs."""
    from reportlab.pdfbase import ttfonts

    if getattr(ttfonts.makeToUnicodeCMap, "_relocdesk", False):
        return
    original = ttfonts.makeToUnicodeCMap

    def make(fontname: str, subset: list[int]) -> str:
        text: str = original(fontname, subset)
        for i, v in enumerate(subset):
            if v > 0xFFFF:
                utf16 = chr(v).encode("utf-16-be").hex().upper()
                text = text.replace(f"<{i:02X}> <{v:04X}>", f"<{i:02X}> <{utf16}>", 1)
        return text

    make._relocdesk = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make


# -- text in Paragraph markup --------------------------------------------------------------
def markup(text: str | None) -> str:
    """Escaped Paragraph markup; runs the primary font lacks are wrapped in <font name=...>."""
    if not text:
        return ""
    fonts = chain()
    if fonts.covers(text):
        return escape(text)
    return "".join(
        escape(run) if font == fonts.names[0] else f'<font name="{font}">{escape(run)}</font>'
        for font, run in fonts.runs(text)
    )


def string_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(sum(stringWidth(run, font, size) for font, run in chain().runs(text)))
