"""One op cannot stop a device's sync: an op the server refuses, or one this device can no
longer read, is set aside whole with its reason (``relocdesk.sync.refused``) and every other
change goes up; nothing is lost, and the device ends in agreement with the server."""

from __future__ import annotations

import httpx
import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocdesk.desk import Desk
from relocdesk.queries import household_file
from relocdesk.sync import outbox, protocol, refused
from relocdesk.sync.client import SyncEngine
from tests.conftest import add_household
from tests.sync.harness import County, server_snapshot

BAD = "粘贴来的\x00乱码"  # text with a NUL character: the server refuses it in any field


def _notes(county: County) -> dict[str, str | None]:
    server = server_snapshot(county.storage, county.community_id)
    return {k[1]: v["data"].get("notes") for k, v in server.items() if k[0] == "household"}


def _homes(a: SyncEngine, n: int) -> list[str]:
    ids = [add_household(a.desk, room=f"{i + 1:03d}")["id"] for i in range(n)]
    a.run()
    return ids


def _write_notes(desk: Desk, hid: str, notes: str) -> None:
    # The row writer, under the façade's checks: what an older app or a damaged file holds.
    with desk.transaction() as w:
        w.update("household", hid, {"notes": notes})


def test_a_refused_op_is_set_aside_with_its_reason_and_the_rest_go_up(county: County) -> None:
    a, b = county.device(), county.device()
    h = _homes(a, 3)
    _write_notes(a.desk, h[0], "第一户已走访")
    _write_notes(a.desk, h[1], BAD)
    _write_notes(a.desk, h[2], "第三户已走访")

    report = a.run(verify=False)
    assert (report.pushed, report.refused) == (2, 1)
    assert a.desk.unsent_count() == 0 and a.status()["refused"] == 1
    assert "另存未上传的修改 1 项" in report.summary()
    [aside] = refused.listed(a.desk)
    assert aside["row_id"] == h[1] and aside["code"] == "bad_request"
    assert "空字符" in aside["zh"] and "NUL" in aside["en"]
    kept = a.desk.conn.execute("SELECT fields FROM outbox_refused").fetchone()[0]
    assert orjson.loads(kept) == {"notes": BAD}  # the change itself, whole

    notes = _notes(county)
    assert notes[h[0]] == "第一户已走访" and notes[h[2]] == "第三户已走访"
    assert notes[h[1]] is None
    b.run()
    assert b.desk.households.get(h[2])["notes"] == "第三户已走访"

    # Checked against the server, the device ends equal to it; the refused value stays aside.
    again = a.run(verify=True)
    assert again.verified is True and again.refused == 0
    assert a.desk.households.get(h[1])["notes"] is None
    assert refused.count(a.desk) == 1


def test_a_damaged_op_is_set_aside_and_its_change_still_reaches_the_county(
    county: County,
) -> None:
    a = county.device()
    h = _homes(a, 2)
    _write_notes(a.desk, h[0], "损坏前写下的说明")
    _write_notes(a.desk, h[1], "完好的修改")
    # The first op's stored fields damaged: a compact op of a shape the file does not have.
    a.desk.conn.execute(
        "UPDATE outbox SET fields = '[987, \"x\"]' WHERE row_id = ? AND tbl = 'household'", (h[0],)
    )
    # Looking at the household's history while the op is damaged does not fail.
    history = household_file.history(a.desk.conn, h[0], [])
    assert any(e.row_id == h[0] and e.fields == () for e in history)

    report = a.run(verify=True)
    assert report.refused == 1 and report.verified is True
    [aside] = refused.listed(a.desk)
    assert aside["code"] == "damaged_op" and aside["row_id"] == h[0]
    # The row still held the change: the digest check offered it back.
    notes = _notes(county)
    assert (notes[h[0]], notes[h[1]]) == ("损坏前写下的说明", "完好的修改")


def test_the_server_names_the_refused_op_by_its_place_in_the_batch(county: County) -> None:
    a = county.device()
    [hid] = _homes(a, 1)
    _write_notes(a.desk, hid, "好")
    _write_notes(a.desk, hid, BAD)
    batch = outbox.batch(a.desk.conn, 10)
    token = county.storage.issue_token(county.user, "probe-device")["token"]
    resp = httpx.post(
        f"{county.url}/v1/push",
        content=orjson.dumps({"ops": batch}),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            protocol.VERSION_HEADER: str(protocol.VERSION),
        },
    )
    assert resp.status_code == 400 and resp.json()["item"] == 1
    err = protocol.error_from_wire(resp.status_code, resp.json())
    assert err.item == 1 and "整批未保存" in err.zh
    assert _notes(county)[hid] is None  # nothing of the batch was stored


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(bad=st.lists(st.booleans(), min_size=1, max_size=12))
def test_every_good_change_arrives_wherever_the_bad_ones_are(
    county: County, bad: list[bool]
) -> None:
    # Batches of four ops, so the bad ones fall in several batches, at any place in them.
    # A user of its own per example: the server allows three devices a user.
    user = f"clerk{len(county.engines)}"
    county.storage.create_user(user, county.password, "secretary", county.community_id)
    a = county.device(user=user, push_batch=4)
    homes = _homes(a, len(bad))
    for i, (hid, is_bad) in enumerate(zip(homes, bad, strict=True)):
        _write_notes(a.desk, hid, BAD if is_bad else f"第 {i} 户")
    report = a.run(verify=False)
    assert report.refused == sum(bad) == refused.count(a.desk)
    assert report.pushed == len(bad) - sum(bad) and a.desk.unsent_count() == 0
    notes = _notes(county)
    for i, (hid, is_bad) in enumerate(zip(homes, bad, strict=True)):
        assert notes[hid] == (None if is_bad else f"第 {i} 户")


def test_a_damaged_shape_sets_aside_its_ops_only(county: County) -> None:
    """A bulk insert's ops are read through their shape (``store.ops``): a shape row the file
    can no longer read fails only the ops written under it, never the whole push."""
    a = county.device()
    [hid] = _homes(a, 1)
    with a.desk.transaction() as w:
        w.insert_many("building", [{"number": "9号楼"}, {"number": "10号楼"}])
    _write_notes(a.desk, hid, "完好的修改")
    (shape,) = a.desk.conn.execute(
        "SELECT DISTINCT CAST(fields AS TEXT) ->> 0 FROM outbox WHERE tbl = 'building'"
    ).fetchone()
    for damage in ('{"fixed": {}}', '"9号楼"', "[1, 2]", "not json"):
        a.desk.conn.execute("UPDATE outbox_shape SET names = ? WHERE id = ?", (damage, shape))
        assert outbox.batch(a.desk.conn, 10)[0][1] == "household"  # the readable op
    report = a.run(verify=True)
    assert (report.pushed, report.refused) == (1, 2) and report.verified is True
    assert {r["code"] for r in refused.listed(a.desk)} == {"damaged_op"}
    # The rows still held the buildings: the digest check offered them back.
    server = server_snapshot(county.storage, county.community_id)
    numbers = {v["data"]["number"] for k, v in server.items() if k[0] == "building"}
    assert {"9号楼", "10号楼"} <= numbers
    assert _notes(county)[hid] == "完好的修改"
