"""What the app shell asks of the façade before and around its pages: where the database
lives, the demo on a first start, the statement trace of the UI tests' guard, the print
warm-up and the copy of a made file."""

from __future__ import annotations

from pathlib import Path

import pytest

from relocdesk.desk import Desk


def test_database_in_a_folder_or_the_default_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert Desk.database_in(tmp_path) == tmp_path / "community.db"
    assert Desk.database_in(str(tmp_path)) == tmp_path / "community.db"
    monkeypatch.setenv("RELOCDESK_DATA_DIR", str(tmp_path / "elsewhere"))
    assert Desk.database_in() == tmp_path / "elsewhere" / "community.db"
    assert Desk.database_in("") == tmp_path / "elsewhere" / "community.db"


def test_make_demo_fills_an_empty_database(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with Desk(tmp_path / "demo.db") as desk:
        assert desk.make_demo(30, lambda done, total: seen.append((done, total)))
        assert desk.community_id
        households = desk.conn.execute("SELECT * FROM household").fetchall()
        assert len(households) == 30
    assert seen[-1] == (30, 30)


def test_trace_statements_sees_every_statement_until_stopped(tmp_path: Path) -> None:
    with Desk(tmp_path / "t.db") as desk:
        seen: list[str] = []
        desk.trace_statements(seen.append)
        desk.unsent_count()
        desk.setting("device_id")
        assert len(seen) == 2 and "outbox" in seen[0] and "settings" in seen[1]
        desk.trace_statements(None)
        desk.unsent_count()
        assert len(seen) == 2


def test_warm_up_printing_loads_what_a_first_print_needs() -> None:
    import sys

    Desk.warm_up_printing()
    assert {"pypdfium2", "reportlab.platypus", "relocdesk.forms.flow"} <= set(sys.modules)


def test_copy_out_names_the_file_when_it_cannot(tmp_path: Path) -> None:
    made = tmp_path / "made.pdf"
    made.write_bytes(b"%PDF-1.4 test")
    Desk.copy_out(made, tmp_path / "copy.pdf")
    assert (tmp_path / "copy.pdf").read_bytes() == made.read_bytes()
    target = tmp_path / "no" / "such" / "copy.pdf"
    with pytest.raises(OSError) as failed:
        Desk.copy_out(made, target)
    assert "找不到文件或目录" in str(failed.value) and str(target) in str(failed.value)
