"""The one check of a corpus file against its expected counts, in both import modes, shared
by the corpus as written (test_corpus) and as re-saved by an office suite (test_office_suite)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from relocdesk.desk import Desk
from relocdesk.roster import apply_import, plan_import, read_table, suggest_mapping
from tests.roster._roster import snapshot
from tests.roster.corpus.families import Expected


def imports_as_expected(
    path: Path, e: Expected, make_desk: Callable[[str], Desk], community: str
) -> None:
    """The plan's counts are ``e``'s; all-or-nothing writes everything or (with a rejected
    row) nothing at all; valid-rows-only writes the expected people and households and a
    rejects file of exactly the rejected rows."""
    desk = make_desk(community)
    raw = read_table(path)
    plan = plan_import(desk, raw, suggest_mapping(raw.headers))
    s = plan.summary()
    assert not plan.problems, plan.to_json(3)
    assert s["rows"] == e.data_rows, plan.to_json(5)
    assert s["errors"] == e.rejected, plan.to_json(10)
    assert s["rejected_by_reason"] == dict(e.reasons), plan.to_json(10)
    assert s["repeats"] == e.repeats
    assert s["corrected"] == e.corrected
    assert s["skipped_rows"] == dict(e.skipped)
    assert s["rows_read"] == e.data_rows + sum(e.skipped.values())
    assert {c["column"] for c in s["ignored_columns"]} == e.ignored

    before = snapshot(desk)
    whole = apply_import(desk, plan)
    if e.rejected:
        assert not whole.applied and whole.code == "errors"
        assert snapshot(desk) == before  # nothing written, not even an outbox entry
    else:
        assert whole.applied and whole.people_created == e.people == desk.people.count()
        assert whole.households_created == e.households

    fresh = make_desk(community)
    plan = plan_import(fresh, raw, suggest_mapping(raw.headers))
    rejects = path.with_name(path.stem + "_rejects.xlsx")
    part = apply_import(fresh, plan, mode="valid_only", rejects_path=rejects)
    assert part.applied, part
    assert part.people_created == e.people == fresh.people.count()
    assert part.households_created == e.households
    assert part.rejected == e.rejected
    if e.rejected:  # the rejects file holds exactly the rejected rows, its notes skipped
        assert len(read_table(rejects).rows) == e.rejected
