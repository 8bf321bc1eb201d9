"""The sync page with a county that has its own certificate authority: refused plainly
without its CA file, enrolled with it, and the file shown afterwards; in Chinese and
English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")
pytest.importorskip("fastapi")

from tests.server.test_tls import Pki
from tests.ui.test_sync_page import on_worker, settle


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_enroll_with_the_county_ca_file(
    window: Any, qtbot: Any, tmp_path: Path, language: str
) -> None:
    import keyring

    from relocdesk.server.storage import Storage
    from tests.sync.harness import LiveServer, MemoryKeyring

    pki = Pki(tmp_path)
    old_ring = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    storage = Storage(f"sqlite:///{tmp_path / 'server.db'}")
    storage.create_all()
    server = LiveServer(
        storage, ssl_certfile=str(pki.cert_file), ssl_keyfile=str(pki.key_file)
    ).start()
    try:
        community = on_worker(window, qtbot, lambda d: d.community_id)
        storage.create_community("锦绣社区", community_id=community, county="惠水县")
        storage.create_user("secretary", "correct horse 42", "secretary", community)
        page = window.show_page("sync")
        settle(window, qtbot)

        def enroll(ca_file: str) -> None:
            page.url.setText(server.url)
            page.user.setText("secretary")
            page.password.setText("correct horse 42")
            page.ca_file.setText(ca_file)
            page.enroll_button.click()
            settle(window, qtbot)

        enroll("")
        note = page.enroll_note.text()
        assert not page.status.get("enrolled")
        assert ("证书不受信任" in note) if language == "zh_CN" else ("not trusted" in note), note
        page.grab().save(str(tmp_path / f"sync-untrusted-{language}.png"))
        enroll(str(pki.ca_file))
        assert page.status.get("enrolled"), page.enroll_note.text()
        page.ca_file.clear()
        page.ca_file.setModified(False)  # as when the page opens anew
        page.refresh()
        settle(window, qtbot)
        assert page.ca_file.text() == str(pki.ca_file)
        assert page.ca_label.text() == (
            "证书颁发机构" if language == "zh_CN" else "Certificate authority"
        )
        page.grab().save(str(tmp_path / f"sync-ca-{language}.png"))
    finally:
        server.stop()
        storage.close()
        keyring.set_keyring(old_ring)
