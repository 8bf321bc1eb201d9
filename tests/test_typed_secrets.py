"""Passwords, PINs and account names typed with a Chinese input method left in full-width
mode: ｌｉ for li, １２３４ for 1234. The county server refused the password it had been given
(each try counting towards the lock-out), and the desk refused a full-width PIN as a password
too short, then the PIN itself at sign-in. They are now read as meant (NFKC, as NIST SP
800-63B asks of a verifier that accepts Unicode), on a real enrollment over HTTP and on the
desk's own sign-in; a password set before, in full-width, still verifies as it was typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relocdesk.desk import Desk
from relocdesk.server.passwords import check_password, hash_password
from relocdesk.staff import check_pin, hash_pin, pin_matches
from relocdesk.sync.client import SyncEngine
from relocdesk.sync.protocol import SyncError
from relocdesk.typed import as_meant
from tests.sync.harness import County

WIDE = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}


def wide(text: str) -> str:
    """``text`` as an input method in full-width mode types it."""
    return text.translate(WIDE)


def test_a_device_enrolls_with_name_and_password_typed_full_width(tmp_path: Path) -> None:
    county = County(f"sqlite:///{tmp_path / 'county.db'}", tmp_path)
    try:
        county.storage.create_user("liming", "Huishui-2026", "secretary", county.community_id)
        engine = SyncEngine(Desk(tmp_path / "device.db"), retries=1, backoff=0.01)
        county.engines.append(engine)
        with pytest.raises(SyncError) as refused:
            engine.enroll(county.url, "liming", "Huishui-2027")  # still a wrong password
        assert refused.value.code == "bad_credentials"
        engine.enroll(county.url, wide("liming"), wide("Huishui-2026"))
        assert engine.run(verify=True).verified  # the token works: a whole sync
    finally:
        county.close()


def test_a_password_set_full_width_before_still_verifies_as_typed() -> None:
    import secrets

    from relocdesk.server import passwords

    typed = wide("Huishui-2026")
    # the hash of the password exactly as it was typed, as the server made them before
    salt = secrets.token_bytes(16)
    n, r, p = passwords.SCRYPT_N, passwords.SCRYPT_R, passwords.SCRYPT_P
    stored = f"scrypt${n}${r}${p}${salt.hex()}${passwords._scrypt(typed, salt, n, r, p).hex()}"
    assert check_password(typed, stored) and not passwords._matches("Huishui-2026", stored)
    assert not check_password(wide("Huishui-2027"), stored)
    assert check_password("Huishui-2026", hash_password(typed))  # set anew: as meant


def test_a_pin_typed_full_width_is_the_pin(tmp_path: Path) -> None:
    assert check_pin(wide("2580")) == "2580"
    stored = hash_pin("2580")
    assert pin_matches(wide("2580"), stored) and pin_matches("2580", stored)
    assert not pin_matches(wide("2581"), stored)
    with Desk(tmp_path / "community.db") as desk:
        desk.create_community("锦绣社区", county="惠水县")
        desk.staff.add("王芳", wide("2580"))  # set in full-width, signed in with ASCII
        assert desk.staff.sign_in("王芳", "2580").name == "王芳"


@given(st.text(max_size=20))
def test_as_meant_is_stable_and_leaves_ascii_alone(text: str) -> None:
    meant = as_meant(text)
    assert as_meant(meant) == meant
    if text.isascii():
        assert meant == text
    assert as_meant(wide("Abc-123")) == "Abc-123"
