"""Staff accounts on a real database file: PIN hashes, who may manage accounts, the throttle
that survives a restart, and the signed-in person as the actor of what is recorded."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relocdesk import staff as staff_module
from relocdesk.desk import Desk
from relocdesk.staff import SignInRefused, check_pin, pin_matches, wait_after
from relocdesk.typed import as_meant
from relocdesk.validation import ValidationError
from tests.conftest import connect


class Clock:
    """A clock the test moves by hand, so waits of minutes take no time."""

    def __init__(self, now: float = 1_780_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def raw(path: Path, sql: str) -> list[tuple[object, ...]]:
    """Read the file with its key but without the app's code, as someone with a copy and the
    key would (without the key nothing can be read: tests/test_encrypted_files.py)."""
    conn = connect(path)
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


def test_the_pin_is_stored_only_as_a_salted_scrypt_hash(desk: Desk) -> None:
    desk.staff.add("王芳", "482913")
    desk.staff.sign_in("王芳", "482913")
    desk.staff.add("李强", "482913", role="clerk")
    hashes = dict(raw(desk.path, "SELECT name, pin_hash FROM staff"))
    assert set(hashes) == {"王芳", "李强"}
    assert hashes["王芳"] != hashes["李强"]  # the same PIN, two salts
    for stored in hashes.values():
        assert "482913" not in str(stored)
        kind, n, r, p, salt, digest = str(stored).split("$")
        assert kind == "scrypt" and len(bytes.fromhex(salt)) == 16
        # recomputed independently with the same parameters
        again = hashlib.scrypt(
            b"482913", salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
        assert again.hex() == digest
    assert pin_matches("482913", str(hashes["王芳"]))
    assert not pin_matches("482914", str(hashes["王芳"]))


def test_only_a_signed_in_secretary_manages_accounts(desk: Desk) -> None:
    desk.staff.add("王芳", "482913")  # the first account: anyone
    with pytest.raises(ValidationError) as e:
        desk.staff.add("李强", "730052", role="clerk")
    assert e.value.code == "not_allowed" and "书记" in e.value.message_zh
    desk.staff.sign_in("王芳", "482913")
    desk.staff.add("李强", "730052", role="clerk")
    desk.staff.sign_in("李强", "730052")
    with pytest.raises(ValidationError, match="secretary"):
        desk.staff.add("赵敏", "730052")
    desk.staff.change_pin("李强", "118204")  # one's own PIN: allowed
    with pytest.raises(ValidationError, match="secretary"):
        desk.staff.change_pin("王芳", "118204")
    with pytest.raises(ValidationError, match="secretary"):
        desk.staff.disable("王芳")
    desk.staff.sign_in("王芳", "482913")
    with pytest.raises(ValidationError, match="signed in with"):
        desk.staff.disable("王芳")
    desk.staff.disable("李强")
    with pytest.raises(SignInRefused) as refused:
        desk.staff.sign_in("李强", "118204")
    assert refused.value.code == "disabled"
    assert [(m.name, m.active) for m in desk.staff.accounts()] == [("李强", False), ("王芳", True)]


def test_an_enrolled_device_starts_with_the_county_user(desk: Desk) -> None:
    # What enrollment leaves in the settings (relocdesk.sync.client.enroll).
    desk.set_setting("sync_user", "hs-zhang")
    desk.set_setting("sync_role", "clerk")
    assert desk.staff.first_account() == ("hs-zhang", "clerk")
    with pytest.raises(ValidationError) as e:
        desk.staff.add("张三", "482913")
    assert e.value.code == "not_enrolled_user" and "hs-zhang" in e.value.message_en
    member = desk.staff.add("hs-zhang", "482913", role="secretary")
    assert (member.role, member.county_user) == ("clerk", "hs-zhang")  # the server's role
    assert desk.staff.first_account() is None


@pytest.mark.parametrize(
    ("pin", "code"),
    [("123", "too_short"), ("1111", "too_simple"), ("abc12", "too_short"), ("", "too_short")],
)
def test_weak_pins_are_refused_naming_the_field(desk: Desk, pin: str, code: str) -> None:
    with pytest.raises(ValidationError) as e:
        desk.staff.add("王芳", pin)
    assert (e.value.field, e.value.code) == ("pin", code)
    assert e.value.message_zh and e.value.message_en
    assert desk.staff.accounts() == []  # nothing half-written


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=14))
def test_pin_rule_matches_its_statement(pin: str) -> None:
    meant = as_meant(pin)  # as typed in full-width or not (tests/test_typed_secrets.py)
    digits = meant.isascii() and meant.isdigit()
    ok = (len(meant) >= 4 and len(set(meant)) > 1) if digits else len(meant) >= 6
    try:
        check_pin(pin)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == ok


@given(st.integers(min_value=0, max_value=60))
def test_the_wait_grows_and_is_bounded(failures: int) -> None:
    assert wait_after(failures) <= wait_after(failures + 1) <= staff_module.LONGEST_WAIT_S
    assert (wait_after(failures) == 0) == (failures < staff_module.FREE_TRIES)


def test_wrong_pins_are_throttled_across_a_restart(
    desk_factory: Callable[..., Desk], tmp_path: Path
) -> None:
    path = tmp_path / "throttle.db"
    clock = Clock()
    desk = desk_factory(path=path)
    desk.staff.add("王芳", "482913")
    desk.staff.clock = clock
    codes = []
    for _ in range(staff_module.FREE_TRIES):
        with pytest.raises(SignInRefused) as e:
            desk.staff.sign_in("王芳", "000123")
        codes.append((e.value.code, e.value.wait_s))
    assert codes[:-1] == [("wrong_pin", 0.0)] * (staff_module.FREE_TRIES - 1)
    assert codes[-1] == ("throttled", staff_module.FIRST_WAIT_S)
    desk.close()

    # The app quits and starts again: the wait is still there, even for the right PIN.
    again = Desk(path)
    again.staff.clock = clock
    clock.now += 10
    with pytest.raises(SignInRefused) as e:
        again.staff.sign_in("王芳", "482913")
    assert e.value.code == "throttled" and e.value.wait_s == pytest.approx(20, abs=1)
    assert "20 秒" in e.value.message_zh and "20 seconds" in e.value.message_en
    clock.now += 21
    with pytest.raises(SignInRefused) as e:
        again.staff.sign_in("王芳", "999123")  # a fourth wrong PIN doubles the wait
    assert e.value.wait_s == 2 * staff_module.FIRST_WAIT_S
    clock.now += 2 * staff_module.FIRST_WAIT_S + 1
    assert again.staff.sign_in("王芳", "482913").name == "王芳"
    assert again.actor == "王芳"
    assert raw(path, "SELECT count(*) FROM staff_throttle") == [(0,)]
    again.close()


def test_an_unknown_name_is_told_like_a_wrong_pin(desk: Desk) -> None:
    desk.staff.add("王芳", "482913")
    with pytest.raises(SignInRefused) as unknown:
        desk.staff.sign_in("王 芳x", "482913")
    with pytest.raises(SignInRefused) as wrong:
        desk.staff.sign_in("王芳", "482914")
    assert unknown.value.code == wrong.value.code == "wrong_pin"
    assert unknown.value.message_en == wrong.value.message_en


def test_the_signed_in_person_is_the_actor_of_audit_rows(desk: Desk) -> None:
    from tests.conftest import add_household

    hh = add_household(desk, building="1", unit=1, room="101", household_no="H-1")
    desk.staff.add("王芳", "482913")
    desk.staff.sign_in("王芳", "482913")
    desk.audit.looked("view", "household", hh["id"])
    desk.audit.record("export", "household", [hh["id"]])
    rows = raw(desk.path, "SELECT action, actor, subject_id FROM audit ORDER BY action")
    assert rows == [("export", "王芳", hh["id"]), ("view", "王芳", hh["id"])]
    desk.staff.sign_out()
    with pytest.raises(SignInRefused):
        desk.staff.check("482913")


def test_accounts_stay_on_the_device(desk: Desk) -> None:
    from relocdesk.catalogue import SYNCED_TABLES

    assert "staff" not in SYNCED_TABLES and "staff_throttle" not in SYNCED_TABLES
    desk.staff.add("王芳", "482913")
    assert raw(desk.path, "SELECT count(*) FROM outbox WHERE tbl LIKE 'staff%'") == [(0,)]
