"""Build the PyInstaller bundle once per set of sources, cached outside the checkout.

The key is a hash of everything that goes into the bundle (the spec, the code, resources,
pyproject.toml and the installed packages' versions), so an unchanged tree reuses the last
build and CI reruns stay cheap; a cold build takes a few minutes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE_ENV = "RELOCDESK_BUNDLE_CACHE"
SOURCES = ("installer", "main.py", "pyproject.toml", "relocdesk", "resources", "ui")
KEEP_BUILDS = 2


def cache_root() -> Path:
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "relocdesk-bundle"


def source_key() -> str:
    h = hashlib.sha256()
    for top in SOURCES:
        path = ROOT / top
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for f in files:
            if "__pycache__" in f.parts or f.suffix == ".pyc":
                continue
            h.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes() + b"\0")
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    h.update("\n".join(packages).encode())
    h.update(sys.version.encode())
    return h.hexdigest()[:20]


def build() -> Path:
    """The program folder of a bundle of this tree, building it when not cached."""
    root = cache_root()
    key = source_key()
    done = root / key / "dist" / "RelocDesk"
    if (root / key / "complete").is_file():
        return done
    work = root / key
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    log = work / "build.log"
    with log.open("w", encoding="utf-8") as out:
        result = subprocess.run(
            [
                sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
                str(ROOT / "installer" / "relocdesk.spec"),
            ],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=1800,
        )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"PyInstaller failed ({result.returncode}); see {log}")
    shutil.rmtree(work / "build", ignore_errors=True)  # 100+ MB of intermediate files
    (work / "complete").write_text(key, encoding="utf-8")
    _drop_old(root, key)
    return done


def _drop_old(root: Path, key: str) -> None:
    builds = sorted(
        (p for p in root.iterdir() if p.is_dir() and p.name != key),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in builds[KEEP_BUILDS - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
