"""是否X columns (是否在校生, 是否参保, 是否残疾 …): a yes/no question about one field, read
through the tables in resources/vocab (yes_no_columns.csv for what yes and no give the field,
yes_no.csv for the words and marks), never through branches in code."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest

from relocdesk import fields, vocab
from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from relocdesk.roster.columns import BY_FIELD, header_field, question

from ._roster import id_number

QUESTIONS = sorted(vocab.questions().items())


@pytest.mark.parametrize(("header", "q"), QUESTIONS, ids=[h for h, _ in QUESTIONS])
def test_every_question_names_a_field_and_gives_values_it_accepts(
    header: str, q: tuple[str, str | None, str | None]
) -> None:
    field, yes, no = q
    assert header.startswith("是否")
    t = BY_FIELD[field]
    assert header_field(header) == field
    assert header_field(f"*{header}（是/否）") == field  # marks and notes around it
    assert question(header) == (yes, no)
    rule = fields.RULES[t.table][t.column]
    for answer in (yes, no):
        if answer is not None:
            given: object = int(answer) if t.boolean else answer
            assert rule(given, t.column) == given


# An independent reading of the table for the three columns of the file below.
EXPECTED = {
    "是否在校生": ("school_status", {1: "enrolled", 0: "not_applicable"}),
    "是否参保": ("ins_medical", {1: 1, 0: 0}),
    "是否重度残疾": ("severe_disability", {1: 1, 0: 0}),
}
YES = ["是", "√", "Y", "1", "有", "是 "]
NO = ["否", "×", "N", "0", "无", "否"]


def _roster(path: Path, disabled: list[str]) -> tuple[Path, list[list[str]]]:
    headers = ["户号", "姓名", "公民身份号码", "与户主关系", *EXPECTED, "是否残疾"]
    rows = []
    for n in range(len(YES) * 2):
        answers = [(YES if (n + k) % 2 else NO)[n % len(YES)] for k in range(len(EXPECTED))]
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=311 * n)
        rows.append(
            [
                f"H{n // 3}",
                "王李张刘陈杨黄赵吴周徐孙"[n] + "伟芳",
                id_number(born, 20 + n),
                "户主" if n % 3 == 0 else "配偶" if n % 3 == 1 else "子女",
                *answers,
                disabled[n % len(disabled)],
            ]
        )
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([headers, *rows])
    return path, rows


def test_answers_become_the_fields_values(desk: Desk, tmp_path: Path) -> None:
    path, rows = _roster(tmp_path / "r.csv", ["否", "×", ""])
    raw = read_table(path)
    mapping = suggest_mapping(raw.headers)
    assert [mapping[i] for i in range(4, 8)] == [
        "school_status",
        "ins_medical",
        "severe_disability",
        "disability_grade",
    ]
    plan = plan_import(desk, raw, mapping)
    assert plan.ok, plan.to_json(3)
    assert apply_import(desk, plan).applied
    yes_words = {vocab.key(w) for w in YES}
    for row in rows:
        person = desk.people.by_id_number(row[2])
        assert person is not None
        for k, (field, values) in enumerate(EXPECTED.values()):
            said = 1 if vocab.key(row[4 + k]) in yes_words else 0
            assert person[BY_FIELD[field].column] == values[said], (row, field)
        assert person["disability_grade"] is None  # a no is a blank: nothing more known


def test_a_yes_that_cannot_say_which_value_is_asked_once(desk: Desk, tmp_path: Path) -> None:
    """是否残疾 是: which grade? The value-mapping step lists it, and the clerk's answer is
    used for every such cell."""
    path, rows = _roster(tmp_path / "r.csv", ["是", "否"])
    raw = read_table(path)
    mapping = suggest_mapping(raw.headers)
    plan = plan_import(desk, raw, mapping)
    asked = plan.unrecognised()["disability_grade"]
    assert [(u.column, u.value, u.count) for u in asked] == [
        ("是否残疾", "是", sum(1 for n in range(len(rows)) if n % 2 == 0))
    ]
    plan = plan_import(desk, raw, mapping, values={"disability_grade": {"是": "2"}})
    assert plan.ok, plan.to_json(3)
    assert apply_import(desk, plan).applied
    grades = [desk.people.by_id_number(r[2])["disability_grade"] for r in rows]  # type: ignore[index]
    assert grades == ["2" if n % 2 == 0 else None for n in range(len(rows))]


def test_a_question_column_also_reads_the_fields_own_words(desk: Desk, tmp_path: Path) -> None:
    """A 是否在校生 cell saying 在校 or 辍学 is read by the field's vocabulary, as a 在校情况
    column's is."""
    rows = [["户号", "姓名", "公民身份号码", "与户主关系", "是否在校生"]]
    words = ["在校", "辍学", "是", "否"]
    for n, w in enumerate(words):
        born = datetime.date(2010, 1, 1) + datetime.timedelta(days=400 * n)
        rows.append([f"H{n}", "王李张刘"[n] + "小明", id_number(born, 30 + n), "户主", w])
    path = tmp_path / "s.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    raw = read_table(path)
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    assert plan.ok, plan.to_json(3)
    assert apply_import(desk, plan).applied
    got = [desk.people.by_id_number(r[2])["school_status"] for r in rows[1:]]  # type: ignore[index]
    assert got == ["enrolled", "not_enrolled", "enrolled", "not_applicable"]
