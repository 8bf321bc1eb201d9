"""An undo refused because the record changed since names the changed fields in the
person's words, in each language, as every other refusal does (a real database file)."""

from __future__ import annotations

import pytest

from relocdesk.desk import Desk
from relocdesk.validation import ValidationError


def test_the_fields_changed_since_are_named_in_each_language(desk: Desk) -> None:
    home = desk.add_household(household_no="H1", name="张三", phone="13800000001")
    desk.undo.record(
        lambda: desk.households.update(home["id"], phone="13900000002", move_in_date="2020.1.8")
    )
    desk.households.update(home["id"], move_in_date="2021-03-04")  # a later edit, here
    with pytest.raises(ValidationError) as refused:
        desk.undo.undo(sync_first=False)
    e = refused.value
    assert e.code == "changed_since"
    assert "（入住日期）" in e.message_zh and "(move-in date)" in e.message_en
    assert "move_in_date" not in e.message_zh + e.message_en


def test_a_record_deleted_since_is_said_so(desk: Desk) -> None:
    home = desk.add_household(household_no="H1", name="张三")
    need = desk.undo.record(
        lambda: desk.needs.create(
            household_id=home["id"], category="employment", description="找工作"
        )
    )
    desk.needs.delete(need["id"])
    with pytest.raises(ValidationError) as refused:
        desk.undo.undo(sync_first=False)
    e = refused.value
    assert "（删除）" in e.message_zh and "(deletion)" in e.message_en
    # deleted on this computer, not by someone on another device
    assert "本机" in e.message_zh and "this computer" in e.message_en
