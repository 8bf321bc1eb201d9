"""The Windows setup script (installer/relocdesk.iss, built on Windows only) against what the
program it installs needs: a Windows that Qt 6 and the bundled Python run on, 64-bit. Without
its MinVersion, Inno Setup's default (Windows 7 SP1) installed on an office's Windows 7 PC a
program that could not start."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Qt 6's oldest supported Windows (Qt for Windows, "Supported Configurations"): 10, 1809.
QT6_OLDEST_WINDOWS = (10, 0, 17763)


def _setup_section() -> dict[str, str]:
    keys: dict[str, str] = {}
    section = ""
    for line in (ROOT / "installer" / "relocdesk.iss").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Setup]" and "=" in line and not line.startswith(";"):
            key, _, value = line.partition("=")
            keys[key.strip()] = value.strip()
    return keys


def test_the_setup_refuses_a_windows_the_program_cannot_run_on() -> None:
    setup = _setup_section()
    assert "MinVersion" in setup, "without it Inno Setup installs on Windows 7"
    version = tuple(int(p) for p in setup["MinVersion"].split("."))
    assert version >= QT6_OLDEST_WINDOWS
    assert setup["ArchitecturesAllowed"] == "x64compatible"  # PySide6 is 64-bit only


def test_the_install_guide_says_which_windows() -> None:
    guide = (ROOT / "docs" / "install.md").read_text(encoding="utf-8")
    assert "Windows 10 (1809 or later)" in guide and "64-bit" in guide
