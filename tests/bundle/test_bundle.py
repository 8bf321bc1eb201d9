"""The installed program, as an office gets it: the PyInstaller folder started with no
virtualenv, no checkout and no Python on the path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bundle.build import ROOT, build, cache_root

pytestmark = [pytest.mark.bundle, pytest.mark.timeout(2400)]

SIZE_BUDGET = 300 * 1024 * 1024


@pytest.fixture(scope="session")
def program() -> Path:
    return build()


def clean_env(home: Path) -> dict[str, str]:
    """What a fresh office account has: system paths only, its own home, no Python set-up."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
        # No keyring in a bare account: the database passphrase as an unattended start gives it.
        "RELOCDESK_PASSPHRASE": "门前石榴 2024",
    }
    assert not any(k in env for k in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"))
    return env


def test_app_opens_a_demo_switches_language_and_prints(program: Path, tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    run = subprocess.run(
        [str(program / "RelocDesk"), "--data-dir", str(data), "--demo-households", "100",
         "--self-check", str(out)],
        env=clean_env(tmp_path / "home"), cwd=tmp_path, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads((out / "self-check.json").read_text("utf-8"))
    assert found["ok"] and found["frozen"] is True
    assert found["language_first"] == "zh_CN"
    assert found["title_first"] == found["title_zh"] == "安置社区工作台"
    assert found["title_en"] == "RelocDesk — resettlement community desk"
    assert found["pages"][1] == "住户" and found["pages_en"][1] == "Households"
    assert found["households"] == 100 and found["card_pages"] >= 1
    card = out / "household-card.pdf"
    fonts = subprocess.run(["pdffonts", str(card)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(r.split()[-5] == "yes" for r in rows), fonts.stdout  # emb column
    text = subprocess.run(
        ["pdftotext", str(card), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "户情卡" in text and found["household_no"] in text
    assert (data / "backups").is_dir() and list((data / "backups").glob("daily-*.db"))


def test_command_line_warnings_match_the_checkout(program: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = clean_env(tmp_path / "home")
    cli = str(program / "relocdesk-cli")
    made = subprocess.run(
        [cli, "--data-dir", str(data), "demo", "--households", "100", "--seed", "3",
         "--date", "2026-11-20"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    bundled = subprocess.run(
        [cli, "--data-dir", str(data), "warnings", "--json", "--date", "2026-11-20"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert bundled.returncode == 0, bundled.stderr
    # The same command from the checkout, on the same file: the bundle computes the same.
    here = subprocess.run(
        [sys.executable, "-m", "relocdesk.cli", "--data-dir", str(data), "warnings", "--json",
         "--date", "2026-11-20"],
        env=env, capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert here.returncode == 0, here.stderr
    warnings = json.loads(bundled.stdout)
    assert warnings and warnings == json.loads(here.stdout)
    backed = subprocess.run(
        [cli, "--data-dir", str(data), "backup"], env=env, capture_output=True, text=True
    )
    assert backed.returncode == 0 and list((data / "backups").glob("manual-*.db"))
    wrong = subprocess.run([cli, "--data-dir", str(data), "restore", str(tmp_path / "none.db")],
                           env=env, capture_output=True, text=True)  # fmt: skip
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert "找不到备份文件" in wrong.stderr


def test_size_budget_and_nothing_of_the_build_machine(program: Path) -> None:
    total = 0
    # The checkout, the virtualenv and the build's work folder: none may be written inside.
    needles = [str(ROOT).encode(), sys.prefix.encode(), str(cache_root()).encode()]
    baked: list[str] = []
    for path in program.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        total += path.stat().st_size
        data = path.read_bytes()
        if any(n in data for n in needles):
            baked.append(str(path.relative_to(program)))
    print(f"bundle size: {total / 1024 / 1024:.1f} MB in {program.name}/")
    assert total <= SIZE_BUDGET, f"{total / 1024 / 1024:.1f} MB"
    assert not baked, baked[:20]
