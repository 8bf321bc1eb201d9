"""The corpus as a real office suite writes it: every workbook opened and saved again by
LibreOffice Calc as .xlsx, .xls and .ods (its own shared strings, styles, date formats and
merged cells, not openpyxl's or xlwt's), and the CSV files opened in it the two ways a clerk
opens them — every column set to Text (then also saved as "Unicode text", UTF-16 with tabs),
or the columns left to the suite to guess. Each re-saved workbook and each CSV kept as text
must import with exactly the counts of the file
it came from; a guessed CSV turns 18-digit ID numbers into rounded numbers, and none of
those may reach the database."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from relocdesk.typed import visible
from tests.office_suite import convert, needs_soffice

from .corpus.check import imports_as_expected
from .corpus.make_corpus import Case, build

pytestmark = needs_soffice
FORMATS = ("xlsx", "xls", "ods")
# LibreOffice's CSV import options: comma, double quote, UTF-8 (76), from line 1, then the
# type of each column (2 = text) or none (each cell guessed, as a double click opens it).
_AS_TEXT = "CSV:44,34,76,1," + "/".join(f"{c}/2" for c in range(1, 41))
_GUESSED = "CSV:44,34,76,1"
# The text export as Calc's "Unicode text": tab (9), double quote, UTF-16 (65535).
_UNICODE_TEXT = "txt:Text - txt - csv (StarCalc):9,34,65535"


@pytest.fixture(scope="module")
def resaved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Path, Case]]]:
    """Each way of saving: the files LibreOffice wrote, with the corpus case each came from."""
    base = tmp_path_factory.mktemp("office")
    cases = build(base / "corpus")
    profile = base / "profile"
    books = [c for c in cases if c.path.suffix in (".xlsx", ".xls")]
    # the GBK file is read by its own encoding test; the suite's CSV filter is told UTF-8
    texts = [c for c in cases if c.path.suffix == ".csv" and "gbk" not in c.path.name]
    out: dict[str, list[tuple[Path, Case]]] = {}
    for fmt in FORMATS:
        convert([c.path for c in books], fmt, base / fmt, profile)
        out[fmt] = [(base / fmt / f"{c.path.stem}.{fmt}", c) for c in books]
    # Under the names other suites give these formats: WPS 表格's own .et is the Excel 97-2003
    # binary workbook (the office suite's type detection opens .et with that filter and
    # saves .et with it), and .xlsm is a workbook that may carry macros.
    for name, fmt in (("et", "et:MS Excel 97"), ("xlsm", "xlsm:Calc MS Excel 2007 VBA XML")):
        convert([c.path for c in books], fmt, base / name, profile)
        out[name] = [(base / name / f"{c.path.stem}.{name}", c) for c in books]
    for name, infilter in (("csv_as_text", _AS_TEXT), ("csv_guessed", _GUESSED)):
        convert([c.path for c in texts], "xlsx", base / name, profile, infilter)
        out[name] = [(base / name / f"{c.path.stem}.xlsx", c) for c in texts]
    # opened as text and saved as "Unicode text": UTF-16 with its mark, tab-separated
    convert([c.path for c in texts], _UNICODE_TEXT, base / "unicode_text", profile, _AS_TEXT)
    out["unicode_text"] = [(base / "unicode_text" / f"{c.path.stem}.txt", c) for c in texts]
    return out


def _id_numbers(path: Path) -> set[str]:
    """The ID numbers a file holds, in the import's form: half-width, upper-case X, without
    the characters that show nothing (a zero-width space pasted from a web page)."""
    raw = read_table(path)
    column = next(i for i, f in suggest_mapping(list(raw.headers)).items() if f == "id_number")
    return {unicodedata.normalize("NFKC", visible(r[column])).strip().upper() for r in raw.rows}


@pytest.mark.parametrize("way", [*FORMATS, "et", "xlsm", "csv_as_text", "unicode_text"])
def test_a_file_saved_again_by_the_office_suite_imports_as_before(
    resaved: dict[str, list[tuple[Path, Case]]], desk_factory: Callable[..., Desk], way: str
) -> None:
    assert len(resaved[way]) >= 2
    for n, (path, case) in enumerate(resaved[way]):
        assert path.read_bytes()[:2] in (b"PK", b"\xd0\xcf", b"\xff\xfe")  # the suite's own
        imports_as_expected(path, case.expected, desk_factory, case.community or f"社区{n}")


def test_guessed_columns_never_bring_in_a_rounded_id_number(
    resaved: dict[str, list[tuple[Path, Case]]], desk_factory: Callable[..., Desk]
) -> None:
    """Opened with its columns guessed, an ID number becomes a float of 15 significant
    digits: every such row is rejected as an Excel number (or held back with its head), and
    every ID number that is imported is one the original file holds, digit for digit."""
    for path, case in resaved["csv_guessed"]:
        originals = _id_numbers(case.path)
        desk = desk_factory(case.community or "社区")
        raw = read_table(path)
        plan = plan_import(desk, raw, suggest_mapping(raw.headers))
        reasons = plan.summary()["rejected_by_reason"]
        assert reasons.get("id_scientific", 0) > 0, plan.to_json(5)
        assert set(reasons) <= {"id_scientific", "head_rejected", "gender_mismatch"}, reasons
        apply_import(desk, plan, mode="valid_only")
        imported = {
            r[0] for r in desk.conn.execute("SELECT id_number FROM person WHERE deleted = 0")
        }
        assert imported <= originals, imported - originals
