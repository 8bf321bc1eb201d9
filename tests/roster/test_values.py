"""Value mapping: words of coded columns no vocabulary knows, listed with counts, mapped once by
the clerk (or a map.json for the CLI), then imported as the values they were mapped to."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk import enums, vocab
from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from relocdesk.roster.values import ValueMapError, known_values, read_value_map

from ._roster import HEADERS, as_rows, roster, snapshot, write_csv, write_xlsx

INSURANCE = "是否参加城乡居民基本医疗保险"
COLUMNS = [*HEADERS, INSURANCE]


def office_roster(households: int = 12) -> list[dict[str, str]]:
    """A roster as a township office fills it: 在家务农 for people farming at home, 长孙 for
    an eldest grandson, 参合 (joined the rural co-operative medical scheme, the old word)."""
    people = roster(households)
    for n, p in enumerate(people):
        p[INSURANCE] = ("参合", "已参保", "参 合")[n % 3]
        if n % 4 == 1:
            p["就业状态"] = "在家务农"
        if p["与户主关系"] == "儿子" and n % 2 == 0:
            p["与户主关系"] = "长孙"
    return people


def expected_unknown(people: list[dict[str, str]]) -> dict[str, Counter[str]]:
    """The words no table knows, counted from the rows written, not by the importer."""
    return {
        "employment_status": Counter(p["就业状态"] for p in people if p["就业状态"] == "在家务农"),
        "relation": Counter(p["与户主关系"] for p in people if p["与户主关系"] == "长孙"),
        "ins_medical": Counter(p[INSURANCE] for p in people if p[INSURANCE] in ("参合", "参 合")),
    }


def plan_file(desk: Desk, path: Path, **kw: Any) -> Any:
    raw = read_table(path)
    return plan_import(desk, raw, suggest_mapping(raw.headers), **kw)


MAP = {
    "employment_status": {"在家务农": "not_seeking"},
    "relation": {"长孙": "grandson"},
    "ins_medical": {"参合": "1"},
}


def test_the_plan_lists_unrecognised_words_with_counts(desk: Desk, tmp_path: Path) -> None:
    people = office_roster()
    path = write_xlsx(tmp_path / "r.xlsx", COLUMNS, as_rows(people, COLUMNS))
    plan = plan_file(desk, path)
    found = plan.unrecognised()
    got = {f: Counter({u.value: u.count for u in us}) for f, us in found.items()}
    assert got == expected_unknown(people)
    assert found["ins_medical"][0].column == INSURANCE
    assert plan.summary()["unrecognised_values"]["relation"] == [
        {
            "column": "与户主关系",
            "value": "长孙",
            "count": expected_unknown(people)["relation"]["长孙"],
        }
    ]


def test_with_a_mapping_they_import(desk: Desk, tmp_path: Path) -> None:
    people = office_roster()
    path = write_xlsx(tmp_path / "r.xlsx", COLUMNS, as_rows(people, COLUMNS))
    plan = plan_file(desk, path, values=MAP)
    assert plan.ok, plan.to_json(5)
    assert plan.unrecognised() == {}
    result = apply_import(desk, plan)
    assert result.applied and result.people_created == len(people)
    for p in people:
        row = desk.people.by_id_number(p["身份证号码"])
        assert row is not None
        if p["就业状态"] == "在家务农":
            assert row["employment_status"] == "not_seeking"
        if p["与户主关系"] == "长孙":
            assert row["relation"] == "grandson"
        assert row["ins_medical"] == 1  # 参合, 参 合 (the key folds spaces) and 已参保


def test_leaving_a_word_unmapped_keeps_its_rows_rejected(desk: Desk, tmp_path: Path) -> None:
    people = office_roster()
    path = write_xlsx(tmp_path / "r.xlsx", COLUMNS, as_rows(people, COLUMNS))
    partial = {f: w for f, w in MAP.items() if f != "employment_status"}
    plan = plan_file(desk, path, values=partial)
    assert set(plan.unrecognised()) == {"employment_status"}
    assert plan.counts()["rejected_by_reason"]["not_in_list"] == sum(
        expected_unknown(people)["employment_status"].values()
    )


@pytest.mark.parametrize(
    ("values", "named"),
    [
        (
            {"employment_status": {"在家务农": "farming"}},
            ("employment_status", "在家务农", "farming"),
        ),
        ({"ins_medical": {"参合": "是"}}, ("ins_medical", "参合", "是")),
        ({"民族": {"苗": "苗族"}}, ("民族",)),
        ({"name": {"x": "y"}}, ("name",)),  # free text has nothing to map to
        ({"relation": ["长孙", "grandson"]}, ("relation",)),
    ],
)
def test_a_mapping_to_an_unknown_field_or_value_is_refused(
    desk: Desk, tmp_path: Path, values: Any, named: tuple[str, ...]
) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", COLUMNS, as_rows(office_roster(3), COLUMNS))
    before = snapshot(desk)
    with pytest.raises(ValueMapError) as caught:
        plan_file(desk, path, values=values)
    for word in named:
        assert word in caught.value.message_zh and word in caught.value.message_en
    assert snapshot(desk) == before


def test_every_known_value_of_every_field_is_one_its_rule_accepts() -> None:
    from relocdesk.roster.columns import TARGETS
    from relocdesk.roster.values import mappable

    coded = [t for t in TARGETS if mappable(t.field)]
    assert {t.field for t in coded} >= {"relation", "employment_status", "ins_medical", "dibao"}
    for t in coded:
        for value in known_values(t.field):
            assert t.labels is None or value in t.labels
            assert t.labels is not None or value in ("1", "0")


_UNKNOWN = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=6
).filter(
    lambda w: (
        vocab.key(w) not in vocab.words("employment_status")
        and w not in {zh for zh, _ in enums.EMPLOYMENT_STATUS.values()}
    )
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(word=_UNKNOWN, target=st.sampled_from(sorted(enums.EMPLOYMENT_STATUS)))
def test_any_unknown_word_mapped_reads_as_its_value(
    desk: Desk, tmp_path_factory: pytest.TempPathFactory, word: str, target: str
) -> None:
    people = roster(2)
    people[0]["就业状态"] = word
    path = write_csv(tmp_path_factory.mktemp("h") / "r.csv", HEADERS, as_rows(people))
    before = plan_file(desk, path)
    assert [u.value for u in before.unrecognised()["employment_status"]] == [word]
    after = plan_file(desk, path, values={"employment_status": {word: target}})
    assert after.ok and after.people[0].values["employment_status"] == target


def test_the_community_remembers_its_mapping(desk: Desk) -> None:
    assert desk.roster.value_map() == {}
    desk.roster.remember_values({"relation": {"长孙": "grandson"}})
    whole = desk.roster.remember_values(
        {"ins_medical": {"参合": "1"}, "relation": {"侄儿": "other"}}
    )
    assert whole == {
        "relation": {"长孙": "grandson", "侄儿": "other"},
        "ins_medical": {"参合": "1"},
    }
    assert desk.roster.value_map() == whole
    with pytest.raises(ValueMapError):
        desk.roster.remember_values({"relation": {"长孙": "eldest grandson"}})
    assert desk.roster.value_map() == whole


def test_a_value_map_file_is_read_or_said_plainly(tmp_path: Path) -> None:
    good = tmp_path / "map.json"
    good.write_text(json.dumps(MAP, ensure_ascii=False), encoding="utf-8-sig")  # Notepad's BOM
    assert read_value_map(good) == MAP
    bad = tmp_path / "bad.json"
    bad.write_text("{'relation': 1}", encoding="utf-8")
    with pytest.raises(ValueMapError) as caught:
        read_value_map(bad)
    assert "JSON" in caught.value.message_zh and "JSON" in caught.value.message_en
    with pytest.raises(ValueMapError):
        read_value_map(tmp_path / "missing.json")


def _cli(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_command_line_lists_the_words_and_imports_them_with_a_map(tmp_path: Path) -> None:
    import orjson

    data = tmp_path / "data"
    with Desk(data / "community.db") as desk:
        desk.create_community("锦绣社区")
    people = office_roster()
    path = write_csv(tmp_path / "r.csv", COLUMNS, as_rows(people, COLUMNS), encoding="gbk")

    dry = _cli("import", str(path), "--dry-run", "--json", data=data)
    assert dry.returncode == 1, dry.stderr  # rows are refused until the words are mapped
    listed = orjson.loads(dry.stdout)["summary"]["unrecognised_values"]
    got = {f: Counter({u["value"]: u["count"] for u in us}) for f, us in listed.items()}
    assert got == expected_unknown(people)

    text = _cli("import", str(path), "--dry-run", data=data)
    assert "未识别的值 / values not recognised (employment_status, 就业状态)" in text.stdout
    assert f"“在家务农” {expected_unknown(people)['employment_status']['在家务农']}" in text.stdout

    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"relation": {"长孙": "长孙子"}}, ensure_ascii=False), "utf-8")
    refused = _cli("import", str(path), "--values", str(wrong), data=data)
    assert refused.returncode == 2
    assert "relation" in refused.stderr and "长孙子" in refused.stderr
    assert "不是已知取值" in refused.stderr and "not a known value" in refused.stderr
    assert "Traceback" not in refused.stderr

    good = tmp_path / "map.json"
    good.write_text(json.dumps(MAP, ensure_ascii=False), "utf-8")
    done = _cli("import", str(path), "--values", str(good), "--json", data=data)
    assert done.returncode == 0, done.stdout + done.stderr
    out = orjson.loads(done.stdout)
    assert out["result"]["people_created"] == len(people)
    assert out["summary"]["unrecognised_values"] == {}
