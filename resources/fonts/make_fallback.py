"""Build the fallback fonts of the printed forms from Debian's font packages.

WenQuanYi Micro Hei (the primary font) lacks CJK Extension A and beyond, where rare
characters of people's names live (䶮 U+4DAE, 𠮷 U+20BB7). Whole fallback fonts would
weigh 57 MB, so this keeps only the characters the fonts before them in the chain lack:

    droid-fallback-cjk.ttf   Droid Sans Fallback: Ext-A etc. in the same sans style
                             as Micro Hei (which was drawn from it)      Apache-2.0
    hanamin-a-cjk.ttf        HanaMinA: compatibility ideographs and the
                             Ext-C..F characters it carries               Hanazono licence
    hanamin-b-extb.ttf       HanaMinB: all of Extension B (42,711)        Hanazono licence

Extensions C to F in full (17,600 more, 8.6 MB) are left out to stay near 30 MB; a
character missing everywhere prints as the last font's box, never as a blank.

Needs fonttools and the packages fonts-wqy-microhei, fonts-droid-fallback, fonts-hanazono:
    python resources/fonts/make_fallback.py [SYSTEM_FONT_DIR]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent

# Ranges a person's name or an address can draw on: CJK ideographs, radicals, strokes,
# punctuation and the compatibility blocks.
CJK_RANGES = (
    (0x2E80, 0x2FDF),
    (0x3000, 0x303F),
    (0x31C0, 0x31EF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3134F),
)


def in_cjk(code: int) -> bool:
    return any(lo <= code <= hi for lo, hi in CJK_RANGES)


def cmap_of(path: Path, index: int = 0) -> set[int]:
    if path.suffix == ".ttc":
        return set(TTCollection(str(path)).fonts[index].getBestCmap())
    return set(TTFont(str(path), lazy=True).getBestCmap())


def write_subset(src: Path, codes: set[int], out: Path) -> None:
    options = subset.Options()
    options.glyph_names = False
    options.hinting = False
    options.layout_features = []
    options.notdef_outline = True  # the box shown for a character no font has
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codes))
    font = TTFont(str(src))
    subsetter.subset(font)
    font.save(str(out))
    print(f"{out.name}: {len(codes)} characters, {out.stat().st_size / 1e6:.1f} MB")


def main(system: Path) -> None:
    primary = system / "wqy" / "wqy-microhei.ttc"
    droid = system / "droid" / "DroidSansFallbackFull.ttf"
    hana_a = system / "hanazono" / "HanaMinA.ttf"
    hana_b = system / "hanazono" / "HanaMinB.ttf"
    shutil.copyfile(primary, HERE / "wqy-microhei.ttc")
    have = cmap_of(primary)
    chain = (
        (droid, HERE / "droid-fallback-cjk.ttf", lambda c: in_cjk(c)),
        (hana_b, HERE / "hanamin-b-extb.ttf", lambda c: 0x20000 <= c <= 0x2A6DF),
        (hana_a, HERE / "hanamin-a-cjk.ttf", lambda c: in_cjk(c)),
    )
    for src, out, wanted in chain:
        codes = {c for c in cmap_of(src) if wanted(c) and c not in have}
        write_subset(src, codes, out)
        have |= codes


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/fonts/truetype"))
