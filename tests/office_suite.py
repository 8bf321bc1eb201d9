"""LibreOffice Calc, headless, as the office suite of the tests: it saves files again the
way an office does and reads ours the way an office does (installer/bootstrap.sh installs
``libreoffice-calc-nogui``). Each run has its own profile, so runs never share one."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice Calc (installer/bootstrap.sh installs it) is missing"
)
# The CSV export filter: comma, double quote, UTF-8 (76), from line 1, no formatting; cells
# as stored, not as shown (percentages keep their % sign); every sheet to its own file (-1).
_CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,false,false,false,false,-1"


def convert(files: list[Path], fmt: str, out: Path, profile: Path, infilter: str = "") -> None:
    """One headless run over ``files``, writing each as ``fmt`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    assert SOFFICE is not None
    run = subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    suffix = fmt.split(":")[0]
    made = {p.stem.split("-")[0] if suffix == "csv" else p.stem for p in out.glob(f"*.{suffix}")}
    assert made >= {f.stem for f in files}, (run.stdout, run.stderr)


def sheets_read(book: Path, out: Path, profile: Path) -> dict[str, list[list[str]]]:
    """What the suite reads in each sheet of ``book``: its cells as text, by sheet name."""
    assert "-" not in book.stem  # the suite names each sheet's file <book>-<sheet>.csv
    convert([book], _CSV_OUT, out, profile)
    found: dict[str, list[list[str]]] = {}
    for path in out.glob(f"{book.stem}-*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            found[path.stem.removeprefix(f"{book.stem}-")] = list(csv.reader(f))
    return found
