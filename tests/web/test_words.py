"""Every text a dashboard template asks for exists in both languages, and the two differ
(an English word left in the Chinese column is a missed translation)."""

from __future__ import annotations

import re

from relocdesk.server.web.render import HERE
from relocdesk.server.web.words import WORDS, word


def test_every_key_the_templates_use_is_translated() -> None:
    used: set[str] = set()
    for template in (HERE / "templates").glob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z0-9_]+)'\)", template.read_text(encoding="utf-8")))
    assert used, "no t('...') found: the pattern is out of date"
    assert sorted(used - WORDS.keys()) == []
    for key, (zh, en) in WORDS.items():
        assert zh and en and zh != en, key
        assert re.search(r"[\u4e00-\u9fff]", zh) or key == "language", key
        assert word(key, "en") == en and word(key, "zh") == zh
