"""Real PDFs read back with pdftotext and pdffonts: names, ID numbers, labels, fonts, flow."""

from __future__ import annotations

import io
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from relocdesk.forms import fonts, layout, printing
from relocdesk.validation import ValidationError
from tests.forms.conftest import RARE_A, RARE_B, TWELVE, Town, page_count, pdffonts, pdftotext

LABELS = {
    "residence_permit": ["居住证申领登记表", "姓名", "公民身份号码", "户籍地址", "居住地址",
                         "入住日期", "申领事由", "申请人签名", "社区意见", "照片"],
    "household_card": ["户情卡", "户号", "迁出地", "家庭收入", "人均纯收入", "家庭成员",
                       "身份证号码", "参保", "最近走访", "未办结诉求", "就业与参保",
                       "劳动力", "已就业", "县外务工", "基本医保", "大病保险", "养老保险",
                       "就业险", "安居险"],
    "referral": ["就业推荐表", "求职人员信息", "身份证号码", "用人单位", "推荐意见",
                 "就业推荐回执", "录用结果", "沿虚线剪下"],
    "visit_record": ["入户走访记录表", "户号", "走访日期", "走访人", "走访情况记录",
                     "收集的诉求", "走访人签字"],
    "visit_form": ["入户走访记录表", "户号", "户主身份证号", "家庭成员", "走访日期",
                   "□例行走访", "□跟进回访", "□应约走访", "走访情况记录", "走访人签字"],
}  # fmt: skip


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def print_one(town: Town, kind: str, out: Path, **who: object) -> printing.PrintResult:
    return printing.print_forms(town.desk.conn, kind, out=out, **who)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", sorted(LABELS))
def test_every_form_shows_name_id_number_and_labels(town: Town, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.pdf"
    who = {"household_no": town.rare_household}
    if kind == "referral":
        who = {"person_id_number": town.rare_b_id}
    result = print_one(town, kind, out, **who)
    text = pdftotext(out)
    names = [RARE_B] if kind == "referral" else [RARE_A]
    ids = [town.rare_b_id] if kind == "referral" else [town.rare_a_id]
    if kind == "residence_permit":
        names, ids = [RARE_A, RARE_B], [town.rare_a_id, town.rare_b_id]
    for name in names:
        assert name in flat(text)
    for id_number in ids:
        # Whole, on one line: never broken across lines.
        assert re.search(rf"(?<![0-9X]){id_number}(?![0-9X])", text), id_number
    for label in LABELS[kind]:
        assert label in flat(text), label
    assert "锦绣社区" in text
    assert "打印日期" in text
    assert re.search(r"第\s*1\s*页\s*共\s*\d+\s*页", text)
    assert result.pages == page_count(out)


def test_monthly_summary_counts_and_lists(town: Town, tmp_path: Path) -> None:
    import datetime

    # A household that moved out counts nowhere, not even as a monitored one.
    gone = town.desk.households.create(household_no="JX-0099", monitored=1, status="moved_out")
    assert gone["status"] == "moved_out"
    visit_day = datetime.date.fromisoformat(
        town.desk.conn.execute("SELECT date FROM visit").fetchone()[0]
    )
    month = visit_day.strftime("%Y-%m")
    out = tmp_path / "monthly.pdf"
    result = printing.print_forms(town.desk.conn, "monthly", month=month, out=out)
    text = flat(pdftotext(out))
    for label in ("月度工作汇总表", "基本情况", "在住户数", "零就业家庭", "居住证办理", "待申领"):
        assert label in text
    assert f"{visit_day.year}年{visit_day.month}月" in text
    # 2 households of 2 + 12 people; everyone but 陈𠮷 in work, 13 in the labour force (one
    # worker is not: the workbook's definition), 陈𠮷 among them; both of the first household
    # still to apply for a permit; one visit this month to one household.
    for figure in ("在住户数2", "在册人口14", "劳动力人数13", "劳动力就业人数12", "零就业家庭0",
                   "监测户0",
                   "低保户1", "待申领2人", "入户走访1次走访1户"):  # fmt: skip
        assert figure in text, figure
    assert result.subject_table == "community" and result.count == 1


@pytest.mark.parametrize("kind", [*sorted(LABELS), "monthly_summary"])
def test_every_font_is_embedded(town: Town, tmp_path: Path, kind: str) -> None:
    out = tmp_path / "f.pdf"
    if kind == "visit_form":
        printing.print_forms(town.desk.conn, kind, household_no=town.rare_household, out=out)
    else:
        printing.print_forms(town.desk.conn, kind, all_pending=True, out=out)
    rows = pdffonts(out)
    assert rows
    for row in rows:
        # name type encoding emb sub uni object ID: embedded, subset, with a ToUnicode map.
        assert row[-5:-2] == ["yes", "yes", "yes"], row
        assert "Helvetica" not in row[0]


def test_rare_characters_come_from_the_fallback_fonts(town: Town, tmp_path: Path) -> None:
    chain = fonts.chain()
    assert chain.missing(RARE_A + RARE_B) == ""
    assert chain.font_for("䶮") == "RDHeiExt"
    assert chain.font_for("𠮷") == "RDMinB"
    out = tmp_path / "p.pdf"
    printing.print_forms(
        town.desk.conn, "residence_permit", household_no=town.rare_household, out=out
    )
    names = " ".join(row[0] for row in pdffonts(out))
    assert "DroidSansFallback" in names
    assert "HanaMinB" in names
    text = pdftotext(out)
    assert "䶮" in text
    assert "𠮷" in text  # the supplementary character is extracted whole, not as U+20BB


def test_fallback_fonts_are_read_only_for_characters_that_need_them(
    town: Town, tmp_path: Path
) -> None:
    fonts.set_resources_dir(None)  # a fresh chain, as in a new process
    try:
        printing.print_forms(
            town.desk.conn, "household_card", household_no=town.big_household, out=tmp_path / "a"
        )
        # Line breaks in headings are layout: the 28 MB of fallbacks stay unread.
        assert fonts.chain().names == ["RDHei"]
        assert fonts.chain().font_for("䶮") == "RDHeiExt"
        assert fonts.chain().names == ["RDHei", "RDHeiExt"]  # Extension B not needed yet
        assert fonts.chain().font_for("𠮷") == "RDMinB"
    finally:
        fonts.set_resources_dir(None)


def _ink(tmp_path: Path, text: str) -> int:
    """Dark pixels of one large character: a real glyph, not a blank, not the missing box."""
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / f"ink{ord(text[0]):x}.pdf"
    c = Canvas(str(pdf), pagesize=(120, 120), initialFontName=fonts.PRIMARY)
    layout.draw_text(c, 10, 20, text, 96)
    c.save()
    subprocess.run(["pdftoppm", "-r", "72", "-gray", pdf, pdf.with_suffix("")], check=True)
    pgm = next(tmp_path.glob(pdf.stem + "*.pgm")).read_bytes()
    pixels = pgm.split(b"\n", 3)[3]
    return sum(1 for p in pixels if p < 128)


def test_rare_characters_draw_real_glyphs(tmp_path: Path) -> None:
    assert fonts.chain().missing("\U00030000") == "\U00030000"
    missing_box = _ink(tmp_path, "\U00030000")  # Ext-G, in no bundled font: prints as a box
    blank = _ink(tmp_path, " ")
    for ch in ("䶮", "𠮷", "张"):
        ink = _ink(tmp_path, ch)
        assert ink > blank + 200, ch
        assert ink != missing_box, ch
    assert missing_box > blank  # never a blank


def test_twelve_members_flow_to_a_second_page_with_the_header_repeated(
    town: Town, tmp_path: Path
) -> None:
    out = tmp_path / "card.pdf"
    result = printing.print_forms(
        town.desk.conn, "household_card", household_no=town.big_household, out=out
    )
    assert result.pages == page_count(out) >= 2
    page_one, page_two = pdftotext(out, first=1, last=1), pdftotext(out, first=2, last=2)
    first, second = flat(page_one), flat(page_two)
    # The whole header row of the members table, both of its lines in order, on both pages.
    header_row = re.compile(
        r"序\s+姓名\s+身份证号码\s+文化程度\s+就业状态\s+月收入\s+健康、就学\s+"
        r"(参保\s+)?号\s+关系 性别\s+出生日期 / 电话\s+劳动能力\s+单位、岗位、地点\s+\(元\)"
    )
    head_one, head_two = header_row.search(page_one), header_row.search(page_two)
    assert head_one and head_two
    # The table splits: some members under the header on each page, every one once.
    on_first = [n for n in TWELVE if n in flat(page_one[head_one.end() :])]
    on_second = [n for n in TWELVE if n in flat(page_two[head_two.end() :])]
    assert on_first and on_second
    assert sorted(on_first + on_second) == sorted(TWELVE)
    assert "第2页共2页" in second or "第2页共3页" in second
    # A loose second sheet still says whose card it is.
    assert "户情卡户号JX-0012户主王建国" in second
    # The summary counts the members: 12 of 12 with medical insurance, 6 with a pension.
    assert "12/12" in first and "6/12" in first
    assert "人均纯收入" in first and "9,983" in first  # 119,800 yuan over 12 people
    for id_number in town.big_ids:
        assert id_number in pdftotext(out)


def test_cancel_mid_batch_leaves_no_file_and_records_nothing(town: Town, tmp_path: Path) -> None:
    out = tmp_path / "batch.pdf"
    seen: list[tuple[int, int]] = []
    recorded: list[object] = []
    for kind in ("residence_permit", "household_card"):
        seen.clear()
        result = printing.print_forms(
            town.desk.conn,
            kind,
            all_pending=True,
            out=out,
            progress=lambda done, total: seen.append((done, total)),
            cancel=lambda: len(seen) >= 1,  # after the first form is drawn
            record=lambda k, ids: recorded.append((k, ids)),
        )
        assert result.cancelled and result.pages == 0
        assert seen == [(1, 2)]
        assert not out.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no partial file
    assert recorded == []


def test_record_gets_the_people_printed(town: Town, tmp_path: Path) -> None:
    recorded: list[tuple[str, list[str]]] = []
    result = printing.print_forms(
        town.desk.conn,
        "residence_permit",
        all_pending=True,
        out=tmp_path / "p.pdf",
        record=lambda kind, ids: recorded.append((kind, ids)),
    )
    pending = {r["id"] for r in town.desk.people.find(permit_status="to_apply")}
    assert recorded == [("residence_permit", list(result.subject_ids))]
    assert set(result.subject_ids) == pending and result.count == 2 == result.pages
    assert result.subject_table == "person"


def test_writes_into_a_file_object(town: Town) -> None:
    buffer = io.BytesIO()
    result = printing.print_forms(town.desk.conn, "referral", all_pending=True, out=buffer)
    assert buffer.getvalue().startswith(b"%PDF") and result.path is None and result.pages == 1


def test_a_household_without_recent_visits_gets_a_blank_visit_form(
    town: Town, tmp_path: Path
) -> None:
    out = tmp_path / "blank.pdf"
    result = printing.print_forms(
        town.desk.conn, "visit_record", household_no=town.big_household, out=out
    )
    text = flat(pdftotext(out))
    assert result.count == 1 and "王建国(户主)" in text and "例行走访" in text


@pytest.mark.parametrize(
    ("kind", "who", "code"),
    [
        ("passport", {"all_pending": True}, "unknown"),
        ("residence_permit", {}, "choose_one"),
        ("residence_permit", {"person_id_number": "522731199001011234"}, "not_found"),
        ("household_card", {"household_no": "NO-SUCH"}, "not_found"),
        ("monthly_summary", {"all_pending": True, "month": "2026/03"}, "format"),
    ],
)
def test_clear_errors(town: Town, tmp_path: Path, kind: str, who: dict, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        printing.print_forms(town.desk.conn, kind, out=tmp_path / "x.pdf", **who)
    assert info.value.code == code
    assert not (tmp_path / "x.pdf").exists()


def test_nothing_pending_is_said_plainly(tmp_path: Path) -> None:
    from relocdesk.desk import Desk

    with Desk(tmp_path / "empty.db") as desk:
        desk.create_community("空社区")
        with pytest.raises(ValidationError) as info:
            printing.print_forms(
                desk.conn, "residence_permit", all_pending=True, out=tmp_path / "e.pdf"
            )
    assert info.value.code == "nothing_to_print"


def test_reads_only(town: Town, tmp_path: Path) -> None:
    conn: sqlite3.Connection = town.desk.conn
    before = conn.total_changes
    for kind in ("residence_permit", "household_card", "referral", "visit_record"):
        printing.print_forms(conn, kind, all_pending=True, out=tmp_path / f"{kind}.pdf")
    assert conn.total_changes == before
