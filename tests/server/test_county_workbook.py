"""The county workbook and one code path (issue 13, items 3 and 4): every figure of each
community's monthly workbook is equal on the server and on the laptop holding the same
data, on several seeded communities; the county workbook's rows are those figures, its
totals are the sums (counted again here with pandas from the laptops' own files), its
sheets are titled, frozen and sized."""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from pandas.testing import assert_frame_equal

from relocdesk.monitoring import AREAS
from relocdesk.reports import monthly
from relocdesk.reports.county import county_extras
from relocdesk.reports.monthly import as_of
from relocdesk.server import cli as server_cli
from relocdesk.server import county_clock
from relocdesk.server.county import CountyFigures
from relocdesk.server.county.workbook import OVERVIEW, area_sheet
from relocdesk.sync.client import SyncEngine
from tests.conftest import connect
from tests.conftest import frame as read_frame
from tests.server.county_seed import seeded_laptop
from tests.sync.harness import County

# The server's day is the county's (Beijing time, relocdesk.server.county_clock), a laptop's its
# own machine's: from 16:00 UTC a machine kept in UTC is a day behind. In the field both are
# the county's day; here the laptops' figures are taken as of the county's day too.
TODAY = county_clock.today()
THIS_MONTH = TODAY.strftime("%Y-%m")
LAST_MONTH = (TODAY.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")


@pytest.fixture
def seeded(county: County, tmp_path: Path) -> list[SyncEngine]:
    county.storage.create_county("522731", "惠水县")
    county.storage.create_county("522732", "三都县")
    laptops = [
        seeded_laptop(county, tmp_path, n, seed, "522731")
        for n, seed in ((30, 11), (18, 12), (9, 13))
    ]
    seeded_laptop(county, tmp_path, 6, 14, "522732")  # another county's: never in this one's
    return laptops


def test_every_monthly_figure_is_equal_on_the_server(
    county: County, seeded: list[SyncEngine], tmp_path: Path
) -> None:
    figures = CountyFigures(county.storage, tmp_path / "copies")
    for laptop, month in itertools.product(seeded, (THIS_MONTH, LAST_MONTH)):
        mine = monthly(laptop.desk, month, TODAY)
        theirs, extras = figures.month(laptop.desk.community_id, month)
        assert list(theirs) == list(mine)
        for sheet, frame in mine.items():
            assert_frame_equal(theirs[sheet], frame, obj=sheet)
        assert extras == county_extras(laptop.desk.conn, as_of(month, TODAY)[1])
        assert mine["总体情况"]["数值"].iloc[0] > 0  # households: not an empty comparison


def test_the_county_workbook(
    county: County, seeded: list[SyncEngine], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "county.xlsx"
    args = ["report", "county", "--db", county.storage.url, "--county", "522731"]
    args += ["--month", LAST_MONTH, "-o", str(out), "--copies", str(tmp_path / "copies")]
    assert server_cli.main(args) == 0, capsys.readouterr().err
    book = pd.read_excel(out, sheet_name=None, header=2, engine="openpyxl")
    assert list(book) == [OVERVIEW, *(area_sheet(zh) for zh, _ in AREAS.values())]
    overview = book[OVERVIEW]
    # rows by community name (two communities may share one: then by id)
    laptops = sorted(seeded, key=lambda lap: (_name(lap), lap.desk.community_id))
    assert list(overview["社区"]) == [*(_name(lap) for lap in laptops), "合计"]

    for row, laptop in enumerate(laptops):
        own = monthly(laptop.desk, LAST_MONTH, TODAY)["总体情况"].set_index("指标")["数值"]
        for figure, value in own.items():
            assert overview.loc[row, figure] == pytest.approx(value), figure
        by_indicator = monthly(laptop.desk, LAST_MONTH, TODAY)["预警指标"]
        for zh, _ in AREAS.values():
            sheet = book[area_sheet(zh)]
            for _, r in by_indicator[by_indicator["领域"] == zh].iterrows():
                assert sheet.loc[row, f"{r['编码']} {r['指标']}"] == r["预警数"]
    overview = overview.set_index("社区")

    # the totals, counted again from the laptops' files
    total = overview.loc["合计"]
    households = pd.concat([_live_households(lap.desk.path) for lap in seeded])
    assert total["户数"] == len(households)
    assert total["人数"] == households["members"].sum()
    recorded = households[households["income_year"].notna() & (households["members"] > 0)]
    assert total["已登记收入户数"] == len(recorded)
    assert total["人均纯收入（元）"] == round(recorded["income"].sum() / recorded["members"].sum())
    communities = overview.iloc[:-1]
    for figure in ("劳动力人数", "零就业家庭", "红色预警（未确认）", "居住证待办人数", "就业预警"):
        assert total[figure] == communities[figure].sum(), figure
    assert total["劳动力就业率"] == pytest.approx(
        communities["劳动力就业人数"].sum() / communities["劳动力人数"].sum(), abs=5e-5
    )
    for zh, _ in AREAS.values():
        sheet = book[area_sheet(zh)].set_index("社区")
        assert (sheet.iloc[-1] == sheet.iloc[:-1].sum()).all()
        assert sheet.iloc[:-1].sum().sum() == communities[f"{zh}预警"].sum()

    ws = load_workbook(out)[OVERVIEW]
    assert ws["A1"].value.startswith("惠水县") and ws.freeze_panes == "B4"
    assert ws.column_dimensions["A"].width >= 8 and ws["A3"].font.bold


def test_a_bad_month_is_said_plainly(
    sqlite_county: County, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    county = sqlite_county
    county.storage.create_county("522731", "惠水县")
    args = ["report", "county", "--db", county.storage.url, "--county", "522731"]
    # year 0000 and the month after 9999-12 are no dates; full-width digits make none either
    for month in ("2026-13", "0000-01", "9999-12", "２０２６-０５"):
        out = str(tmp_path / "x.xlsx")
        assert server_cli.main([*args, "--month", month, "-o", out]) == 2, month
        err = capsys.readouterr().err
        assert "YYYY-MM" in err and "Traceback" not in err and "unexpected" not in err, err
    assert server_cli.main([*args[:-1], "000000", "--month", THIS_MONTH, "-o", "x.xlsx"]) == 2
    assert "没有此县" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def _name(laptop: SyncEngine) -> str:
    found = laptop.desk.community()
    assert found is not None
    return str(found["name"])


def _live_households(path: Path) -> pd.DataFrame:
    conn = connect(path)  # a laptop's database: encrypted with the device's key
    try:
        h = read_frame(conn, "SELECT * FROM household WHERE deleted = 0 AND status = 'active'")
        p = read_frame(conn, "SELECT household_id FROM person WHERE deleted = 0")
    finally:
        conn.close()
    members = p.groupby("household_id").size()
    h["members"] = h["id"].map(members).fillna(0).astype(int)
    h["income"] = h[["income_wages", "income_business", "income_transfers", "income_property"]].sum(
        axis=1
    )
    return h


def test_the_workbook_never_replaces_another_file(
    county: County, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o is typed by hand: the server's own SQLite file, someone's notes, a folder or one
    not made yet. Each is refused before the workbook is worked out, exit 2 (or 3 for the
    folder), nothing written; before, the file was replaced by the workbook -- for the
    server's database, the county's data -- or 'unexpected error: OSError' came at the end."""
    county.storage.create_county("522731", "惠水县")
    args = ["report", "county", "--db", county.storage.url, "--county", "522731"]
    args += ["--month", THIS_MONTH, "-o"]
    notes = tmp_path / "notes.xlsx"
    notes.write_text("county IT's own notes", encoding="utf-8")
    database = Path(county.storage.url.removeprefix("sqlite:///"))
    folder = tmp_path / "reports.xlsx"
    folder.mkdir()
    cases = [(str(notes), 2, "不会覆盖"), (str(folder), 2, "folder")]
    cases.append((str(tmp_path / "no" / "such" / "county.xlsx"), 3, "找不到文件或目录"))
    cases.append((str(tmp_path / "county.pdf"), 2, ".xlsx"))
    if database.exists():  # SQLite: its file under another name is refused by its kind
        cases.append((str(database), 2, ".xlsx"))
    for out, code, words in cases:
        assert server_cli.main([*args, out]) == code, out
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err and "unexpected" not in err, err
    assert notes.read_text(encoding="utf-8") == "county IT's own notes"
    assert not (tmp_path / "county.pdf").exists()
    assert county.storage.counties()  # the database still opens and holds the county
    # --copies naming a file, or a folder that cannot be made: named, not 'unexpected error'
    for copies in (notes, Path("/proc/no-copies-here")):
        argv = [*args, str(tmp_path / "county.xlsx"), "--copies", str(copies)]
        assert server_cli.main(argv) == 3
        err = capsys.readouterr().err
        assert str(copies) in err and "cannot use" in err and "unexpected" not in err, err
    assert server_cli.main([*args, str(tmp_path / "county.xlsx")]) == 0
    assert server_cli.main([*args, str(tmp_path / "county.xlsx")]) == 0  # its own: replaced
