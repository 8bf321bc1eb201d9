"""The merge rules issue 11 added: a whole row offered after a restore keeps, field by field,
the later clock (whatever the order of offers); an op's value for a field the server's row
never had is taken, whatever the clocks; an edit of a deleted row is a conflict."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from relocdesk import hlc
from relocdesk.server.merge import RowState, apply_op, merge_state

FIELDS = ("room", "notes", "phone", "deleted")
CID = "c1"


def _clock(ms: int, device: str) -> str:
    return hlc.make(1_700_000_000_000 + ms, 0, device)


versions = st.fixed_dictionaries(
    {f: st.tuples(st.integers(1, 50), st.sampled_from(["devA", "devB"])) for f in FIELDS}
)


def _state(device: str, v: dict[str, tuple[int, str]]) -> RowState:
    created = _clock(0, "devA")
    data: dict[str, object] = {f: f"{f}@{ms}{dev}" for f, (ms, dev) in v.items()}
    data["deleted"] = v["deleted"][0] % 2
    clocks = {f: _clock(ms, dev) for f, (ms, dev) in v.items()}
    return RowState("household", "h1", CID, created, int(data["deleted"]), data, clocks)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(versions, versions, versions)
def test_offers_merge_to_the_latest_clock_of_each_field_in_any_order(
    x: dict[str, tuple[int, str]], y: dict[str, tuple[int, str]], z: dict[str, tuple[int, str]]
) -> None:
    rows = [_state("x", x), _state("y", y), _state("z", z)]
    results = []
    for order in ((0, 1, 2), (2, 1, 0), (1, 2, 0)):
        server: RowState | None = None
        for i in order:
            merged = merge_state(copy.deepcopy(server), CID, copy.deepcopy(rows[i]))
            server = merged or server
        assert server is not None
        results.append((server.data, server.clocks, server.deleted))
    assert results[0] == results[1] == results[2]
    data, clocks, deleted = results[0]
    for f in FIELDS:
        best = max(rows, key=lambda r: r.clocks[f])
        assert clocks[f] == best.clocks[f] and data[f] == best.data[f]
    assert deleted == data["deleted"]


def test_an_offer_the_server_already_holds_changes_nothing() -> None:
    v = {f: (7, "devA") for f in FIELDS}
    server = _state("s", v)
    assert merge_state(server, CID, _state("d", v)) is None


def test_a_field_the_server_never_had_takes_the_device_value_despite_an_older_clock() -> None:
    # The administrator's community row: a name only, stamped when it was made.
    server = RowState("community", CID, CID, _clock(1000, "server"), 0, {"name": "新民社区"}, {})
    device_insert = _clock(5, "devA")  # the laptop made its row long before
    fields = {"name": "新民社区", "county": "惠水县", "address": "安置点 8 号"}
    state, conflicts = apply_op(
        server, CID, device_insert, "community", CID, device_insert, fields, {}
    )
    assert state.data["county"] == "惠水县" and state.data["address"] == "安置点 8 号"
    assert conflicts == []


def test_an_edit_landing_on_a_tombstone_is_a_conflict_on_deleted() -> None:
    created, gone, edit = _clock(1, "devA"), _clock(5, "devA"), _clock(9, "devB")
    server = RowState(
        "household", "h1", CID, created, 1, {"notes": "", "deleted": 1}, {"deleted": gone}
    )
    state, conflicts = apply_op(
        server, CID, edit, "household", "h1", edit, {"notes": "已转学"}, {"notes": created}
    )
    assert state.deleted == 1 and state.data["notes"] == "已转学"
    assert len(conflicts) == 1
    c = conflicts[0].data
    assert (c["field"], c["lost_value"], c["won_value"]) == ("deleted", "0", "1")
    assert (c["lost_device"], c["won_device"]) == ("devB", "devA")
