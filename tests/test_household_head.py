"""The head of a household leaving it: removed (a death, a move away) or moved to another.

Before, removing the head left the household naming a person no longer in it: the household
card printed the removed person as its head (found printing a card after a removal). Now the
new head is named first, as household registration does (户主变更): while others live in the
household its head is neither removed nor moved out, and nothing is written; the last member
may leave, and the household then names no head. Real database files, the real command line
and a printed card read back with pdftotext.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from relocdesk.desk import Desk
from relocdesk.validation import ValidationError
from tests.conftest import add_household

CLI = (sys.executable, "-m", "relocdesk.cli")


def _family(desk: Desk) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    home = add_household(desk, building="1", unit=1, room="101")
    head = desk.people.create(household_id=home["id"], name="欧阳秀英", relation="head")
    son = desk.people.create(household_id=home["id"], name="欧阳建国", relation="son")
    desk.households.update(home["id"], head_person_id=head["id"])
    return home, head, son


def _outbox(desk: Desk) -> int:
    return int(desk.conn.execute("SELECT count(*) FROM outbox").fetchone()[0])


def test_the_head_is_not_removed_or_moved_while_others_live_there(tmp_path: Path) -> None:
    with Desk(tmp_path / "community.db") as desk:
        desk.create_community("锦绣社区", county="惠水县")
        home, head, son = _family(desk)
        elsewhere = add_household(desk, building="2", unit=1, room="202")
        before = _outbox(desk)
        for leave in (
            lambda: desk.people.delete(head["id"]),
            lambda: desk.people.move(head["id"], elsewhere["id"]),
        ):
            with pytest.raises(ValidationError) as refused:
                leave()
            assert refused.value.field == "head_person_id" and refused.value.code == "head_leaves"
            assert "欧阳秀英" in refused.value.message_zh and "户主" in refused.value.message_zh
            assert "head" in refused.value.message_en
        assert _outbox(desk) == before  # nothing written
        kept = desk.people.get(head["id"])
        assert kept is not None and not kept["deleted"] and kept["household_id"] == home["id"]
        # another member may leave as ever; once the son is head, the mother may leave too
        desk.households.update(home["id"], head_person_id=son["id"])
        desk.people.delete(head["id"])
        assert desk.households.get(home["id"])["head_person_id"] == son["id"]  # type: ignore[index]
        with pytest.raises(ValidationError) as removed:  # nor made head again once removed
            desk.households.update(home["id"], head_person_id=head["id"])
        assert removed.value.code == "not_found"  # a removed person is no live row


def test_the_last_member_leaving_leaves_a_household_without_a_head(tmp_path: Path) -> None:
    with Desk(tmp_path / "community.db") as desk:
        desk.create_community("锦绣社区", county="惠水县")
        home, head, son = _family(desk)
        desk.people.delete(son["id"])
        elsewhere = add_household(desk, building="2", unit=1, room="202")
        desk.people.move(head["id"], elsewhere["id"])  # the last member: allowed
        assert desk.households.get(home["id"])["head_person_id"] is None  # type: ignore[index]
        desk.households.update(elsewhere["id"], head_person_id=head["id"])
        desk.people.delete(head["id"])
        assert desk.households.get(elsewhere["id"])["head_person_id"] is None  # type: ignore[index]


def test_a_household_card_never_names_a_removed_head(tmp_path: Path) -> None:
    with Desk(tmp_path / "community.db") as desk:
        desk.create_community("锦绣社区", county="惠水县")
        home, head, son = _family(desk)
        desk.people.delete(son["id"])
        desk.people.delete(head["id"])
        number = home["household_no"]
    out = tmp_path / "card.pdf"
    done = subprocess.run(
        [*CLI, "--data-dir", str(tmp_path), "print", "card", "--household", number, "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "户情卡" in text and number in text
    assert "欧阳秀英" not in text and "欧阳建国" not in text
