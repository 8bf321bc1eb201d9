"""The corpus of office-made rosters (tests/roster/corpus): every file imports with exactly
its expected counts, all-or-nothing and valid-rows-only, and a refused all-or-nothing
import leaves the database as it was (digest before and after)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping

from .corpus.check import imports_as_expected
from .corpus.make_corpus import BUILDERS, Case, build


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    return build(tmp_path_factory.mktemp("corpus"))


def test_the_corpus_has_the_files_offices_write(corpus: list[Case]) -> None:
    kinds = {c.path.suffix for c in corpus}
    assert len(corpus) >= 8 and kinds == {".xlsx", ".xls", ".csv"}
    assert any(c.path.read_bytes().startswith(b"\xef\xbb\xbf") for c in corpus)  # UTF-8 BOM
    gbk = [c for c in corpus if "gbk" in c.path.name]
    assert gbk and read_table(gbk[0].path).encoding == "gb18030"


@pytest.mark.parametrize("n", range(len(BUILDERS)), ids=[b.__name__ for b in BUILDERS])
def test_each_file_imports_with_its_expected_counts(
    corpus: list[Case], desk_factory: Callable[..., Desk], n: int
) -> None:
    case = corpus[n]
    imports_as_expected(case.path, case.expected, desk_factory, case.community or f"社区{n}")


@pytest.mark.parametrize("builder", ["title_merged_xlsx", "utf8_bom_csv"])
def test_the_place_of_origin_is_imported_into_the_households(
    corpus: list[Case], desk_factory: Callable[..., Desk], builder: str
) -> None:
    """迁出地 as a merged group over 县/乡镇/村, and as one cell: never 'not imported'."""
    case = corpus[[b.__name__ for b in BUILDERS].index(builder)]
    desk = desk_factory("迁出地")
    raw = read_table(case.path)
    mapping = suggest_mapping(raw.headers)
    assert not [c for c in plan_import(desk, raw, mapping).ignored if "迁出" in c.column]
    apply_import(desk, plan_import(desk, raw, mapping), mode="valid_only")
    origins = desk.conn.execute(
        "SELECT origin_county, origin_township FROM household WHERE deleted = 0"
    ).fetchall()
    assert origins and all(c and c.endswith(("县", "市")) and t for c, t in origins), origins


def test_the_command_lines_json_report_counts_everything(
    corpus: list[Case], tmp_path: Path
) -> None:
    import orjson

    case = _gbk(corpus)
    stdout, rejects = _imported_by_command(case, tmp_path, "--json")
    out = orjson.loads(stdout)
    e = case.expected
    s = out["summary"]
    assert s["rows_read"] == e.data_rows and s["rejected_by_reason"] == dict(e.reasons)
    result = out["result"]
    assert result["people_created"] == e.people and result["households_created"] == e.households
    assert result["counts"]["rejected_by_reason"] == dict(e.reasons)
    text = rejects.read_text(encoding="utf-8-sig")
    assert "注：拒绝 4 行" in text
    assert "两人共用一个身份证号码 2" in text and "户主未通过，整户暂缓 1" in text
    assert "two people with one ID number 2" in text


def test_zones_of_one_community_never_merge(
    corpus: list[Case], desk_factory: Callable[..., Desk]
) -> None:
    """The 安置地址 file: the community's name stripped, each zone its own buildings, the
    families at the same numbers in zones A, B and none are three households."""
    case = corpus[[b.__name__ for b in BUILDERS].index("community_address_xlsx")]
    assert case.community is not None
    desk = desk_factory(case.community)
    raw = read_table(case.path)
    apply_import(desk, plan_import(desk, raw, suggest_mapping(raw.headers)), mode="valid_only")
    numbers = {b["number"] for b in desk.buildings.find()}
    assert numbers == {f"{z}{b}" for z in ("A区", "B区", "") for b in (1, 2, 3)}
    homes = desk.conn.execute(
        "SELECT b.number, h.unit, h.room FROM household h JOIN building b ON b.id = h.building_id"
    ).fetchall()
    assert len(homes) == len(set(homes)) == case.expected.households


def test_every_reason_names_a_column_of_the_file_or_a_field_in_chinese(
    corpus: list[Case], desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    """A clerk reads where each problem is in the words of the file: a member held back with
    a rejected head points at no cell, and is named by the field's Chinese name, never by its
    name in the code (``relation``), on screen, in the command's report and the rejects file."""
    import re

    from relocdesk.validation import FIELD_LABELS

    codes = {f for f in FIELD_LABELS if re.fullmatch(r"[a-z_]+", f)}
    held_back = 0
    for n, case in enumerate(corpus):
        desk = desk_factory(case.community or f"社区{n}")
        raw = read_table(case.path)
        plan = plan_import(desk, raw, suggest_mapping(raw.headers))
        for e in (e for r in plan.report for e in r.errors):
            assert e.where in raw.headers or e.where == FIELD_LABELS[e.field][0], e
            assert e.where not in codes, e
            held_back += e.code == "head_rejected"
    assert held_back  # the corpus holds households held back with their head

    stdout, rejects = _imported_by_command(_gbk(corpus), tmp_path)
    label = FIELD_LABELS["relation"][0]
    lines = [x for x in stdout.splitlines() if "[head_rejected]" in x]
    assert lines and all(x.strip().startswith(label) for x in lines), lines
    reasons = rejects.read_text(encoding="utf-8-sig")
    assert f"{label}：户主" in reasons and "relation：" not in reasons
    # the counts by reason in words too, the codes only beside each row's problem
    summary = next(x for x in stdout.splitlines() if "拒绝原因 / rejected by reason" in x)
    assert "户主未通过，整户暂缓 1" in summary and "head_rejected" not in summary


def _gbk(corpus: list[Case]) -> Case:
    return corpus[[b.__name__ for b in BUILDERS].index("gbk_csv")]


def _imported_by_command(case: Case, tmp_path: Path, *options: str) -> tuple[str, Path]:
    """``relocdesk import FILE --valid-only --rejects`` into a new community: what it printed
    and the rejects file it wrote."""
    import subprocess
    import sys

    data = tmp_path / "data"
    with Desk(data / "community.db") as desk:
        desk.create_community("锦绣社区")
    rejects = tmp_path / "rejects.csv"
    cli = [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data), "import"]
    run = subprocess.run(
        [*cli, str(case.path), *options, "--valid-only", "--rejects", str(rejects)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout, rejects
