"""What the command line prints can be printed, whatever the console or file takes.

On a Chinese Windows, output sent to a file or a pipe (``relocdesk warnings > 预警.txt``, a
county's script) is written in the locale's code page, GBK (cp936). GBK has no place for
the rarer characters of people's and villages' names (𠀀, 䶮 and the like, written in
rosters of the south-west), and Python then stopped the command with an encoding error
after printing half of it. GB18030, the national standard that extends GBK, encodes every
character and writes GBK's own exactly as GBK does, so such output is upgraded to it; any
other encoding that cannot take a character writes it as an escape (``\\U00020000``) rather
than fail. UTF-8 output is written as before. ``--json`` writes UTF-8 bytes itself.
"""

from __future__ import annotations

import io
import sys

# The names Python gives the code page of simplified-Chinese Windows, and its subsets.
_GBK = frozenset({"gbk", "cp936", "936", "ms936", "gb2312", "euccn", "eucgb2312cn"})


def _plain(encoding: str | None) -> str:
    return (encoding or "").lower().replace("-", "").replace("_", "")


def every_character_printable(*streams: object) -> None:
    """Reconfigure each text stream (default: stdout and stderr) so that no character it
    is given can stop the program."""
    for stream in streams or (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue  # replaced by a test or a host program: theirs to decide
        encoding = "gb18030" if _plain(stream.encoding) in _GBK else stream.encoding
        # strict is the default: a character no encoding takes (a lone surrogate from a
        # mangled argument) is escaped, never a stop
        errors = "backslashreplace" if stream.errors == "strict" else stream.errors
        if (encoding, errors) != (stream.encoding, stream.errors):
            stream.reconfigure(encoding=encoding, errors=errors)
