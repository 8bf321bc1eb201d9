"""The training archive: the record set's checks, the migration that adds provider and result,
and what counts as trained for EMP-04 (a completed training, a training referral taken up)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from relocdesk.desk import Desk
from relocdesk.monitoring import evaluate
from relocdesk.store import migrations, open_database
from relocdesk.validation import ValidationErrors
from tests.conftest import add_household

TODAY = datetime.date.today()


def ago(days: int) -> str:
    return (TODAY - datetime.timedelta(days=days)).isoformat()


def _person(desk: Desk, **fields: Any) -> dict[str, Any]:
    hh = add_household(desk)
    values = {"name": "杨再兴", "birth_date": "1990-03-01"}
    values["employment_status"] = "unemployed_willing"
    return desk.people.create(household_id=hh["id"], **{**values, **fields})


def _errors(exc: pytest.ExceptionInfo[ValidationErrors]) -> dict[str, tuple[str, str]]:
    return {e.field: (e.message_zh, e.message_en) for e in exc.value.errors}


def test_a_training_keeps_every_field_and_an_edit_changes_it(desk: Desk) -> None:
    p = _person(desk)
    t = desk.trainings.create(
        person_id=p["id"],
        course="电工培训",
        provider="县职业技术学校",
        start_date=ago(40),
        end_date=ago(10),
        certificate="初级工职业资格证书",
        result="已结业",  # the Chinese label is taken as the code
    )
    assert (t["provider"], t["result"], t["certificate"]) == (
        "县职业技术学校",
        "completed",
        "初级工职业资格证书",
    )
    edited = desk.trainings.update(t["id"], result="not_completed", provider="县人社局")
    assert (edited["result"], edited["provider"]) == ("not_completed", "县人社局")
    assert [r["id"] for r in desk.trainings.of_person(p["id"])] == [t["id"]]
    ops = [r[0] for r in desk.conn.execute("SELECT tbl FROM outbox WHERE tbl = 'training'")]
    assert ops == ["training"] * len(ops) and ops  # the rows go to the server


def test_bad_input_names_the_field_in_both_languages_and_writes_nothing(desk: Desk) -> None:
    p = _person(desk)
    with pytest.raises(ValidationErrors) as exc:
        desk.trainings.create(person_id=p["id"], course="焊工", start_date=ago(5), end_date=ago(9))
    zh, en = _errors(exc)["end_date"]
    assert zh.startswith("培训结束日期") and "早于培训开始日期" in zh
    assert en.startswith("training end date") and "before the start date" in en
    with pytest.raises(ValidationErrors) as exc:
        desk.trainings.create(
            person_id=p["id"], course="焊工", end_date=ago(-3), result="completed"
        )
    zh, en = _errors(exc)["result"]
    assert zh.startswith("结业情况") and en.startswith("training result")
    with pytest.raises(ValidationErrors) as exc:
        desk.trainings.create(person_id=p["id"], course="焊工", result="挂科")
    assert "结业情况" in _errors(exc)["result"][0] and "已结业" in _errors(exc)["result"][0]
    with pytest.raises(ValidationErrors) as exc:
        desk.trainings.create(person_id=p["id"], course=" ")
    assert _errors(exc)["course"][0].startswith("培训项目")
    assert desk.trainings.count() == 0


def test_an_edit_is_checked_against_the_row_as_it_would_be(desk: Desk) -> None:
    p = _person(desk)
    t = desk.trainings.create(person_id=p["id"], course="育婴员", start_date=ago(30))
    with pytest.raises(ValidationErrors) as exc:
        desk.trainings.update(t["id"], end_date=ago(31))
    assert set(_errors(exc)) == {"end_date"}
    assert desk.trainings.get(t["id"])["end_date"] is None  # type: ignore[index]


def test_migration_0011_adds_provider_and_result_and_keeps_the_trainings(tmp_path: Path) -> None:
    path = tmp_path / "v10.db"
    conn = open_database(path)
    migrations.migration_set().apply(Database(conn), stop_before="0011_training")
    conn.execute("PRAGMA foreign_keys = OFF")  # the training alone, without its person
    conn.execute(
        "INSERT INTO training (id, community_id, created_at, updated_at, updated_by, person_id,"
        " course, end_date, certificate) VALUES ('t1', 'c', 'h', 'h', 'd', 'p1', '电工',"
        " '2025-01-10', '合格证')"
    )
    conn.close()
    with Desk(path) as desk:
        assert "0011_training" in desk.applied_migrations
        row = desk.conn.execute("SELECT * FROM training WHERE id = 't1'").fetchone()
        kept = (row["course"], row["end_date"], row["certificate"])
        assert kept == ("电工", "2025-01-10", "合格证")
        assert (row["provider"], row["result"]) == (None, None)
    assert path.with_name("v10.db.before-0011_training.bak").exists()


def _fires(desk: Desk, person_id: str) -> bool:
    return person_id in {w.subject_id for w in evaluate(desk, TODAY, codes={"EMP-04"})}


def test_only_a_completed_training_counts(desk: Desk) -> None:
    going = _person(desk)
    desk.trainings.create(person_id=going["id"], course="电商", start_date=ago(5), result="培训中")
    dropped = _person(desk)
    desk.trainings.create(
        person_id=dropped["id"], course="电商", end_date=ago(5), result="not_completed"
    )
    before_results = _person(desk)  # no result recorded, as before 0011: ended counts
    desk.trainings.create(person_id=before_results["id"], course="电工", end_date=ago(5))
    not_ended = _person(desk)
    desk.trainings.create(person_id=not_ended["id"], course="电工", end_date=ago(-5))
    assert _fires(desk, going["id"]) and _fires(desk, dropped["id"])
    assert not _fires(desk, before_results["id"])
    assert _fires(desk, not_ended["id"])


def _training_referral(desk: Desk, person_id: str, outcome: str, days: int) -> None:
    r = desk.referrals.create(
        person_id=person_id, employer="县职业技术学校", kind="training", date=ago(days + 3)
    )
    # the person stays unemployed: only the referral's outcome is recorded
    desk.referrals.record_outcome(r["id"], outcome, date=ago(days), person={})


def test_a_training_referral_taken_up_counts_within_the_window(desk: Desk) -> None:
    taken = _person(desk)
    _training_referral(desk, taken["id"], "hired", 1094)
    stale = _person(desk)
    _training_referral(desk, stale["id"], "hired", 1095)
    declined = _person(desk)
    _training_referral(desk, declined["id"], "declined", 10)
    job = _person(desk)  # a job referral taken up is no training
    r = desk.referrals.create(person_id=job["id"], employer="帮扶车间", kind="workshop")
    desk.referrals.record_outcome(r["id"], "hired", person={})
    assert not _fires(desk, taken["id"])
    assert _fires(desk, stale["id"]) and _fires(desk, declined["id"]) and _fires(desk, job["id"])
    (w,) = [w for w in evaluate(desk, TODAY, codes={"EMP-04"}) if w.subject_id == stale["id"]]
    assert "1095 天" in w.facts["zh"] and "1095 days" in w.facts["en"]


def test_completing_a_training_closes_out_the_warning_and_says_so(desk: Desk) -> None:
    from relocdesk.monitoring.closeout import describe
    from tests.monitoring.test_indicators import TODAY as DAY

    p = _person(desk)
    end = (DAY - datetime.timedelta(days=10)).isoformat()
    t = desk.trainings.create(person_id=p["id"], course="焊工培训", end_date=end, result="培训中")
    _, written = desk.warnings.track(DAY)
    assert written == []
    desk.trainings.update(t["id"], result="completed", certificate="焊工证")
    _, written = desk.warnings.track(DAY + datetime.timedelta(days=1))
    (row,) = [r for r in written if r["indicator"] == "EMP-04"]
    assert row["person_id"] == p["id"]
    assert "training.result → completed" in describe(row["cleared_by"], "en")
