"""The README's two commands set up a fresh machine: Debian packages included.

``make test`` and ``make run`` check for the Debian packages they need before doing
anything else. These tests run the real Makefile with a PATH on which the browsers and
Redis are missing, and with ``id``/``sudo``/``apt-get`` standing in for the machine's
own (the one part a test may not really do is install packages on the host).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make")
TEST_PACKAGES = "chromium firefox-esr redis-server"

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def fake_bin(tmp_path: Path, *, uid: int, sudo_ok: bool) -> Path:
    """A PATH with Python, Node and env, without the browsers and Redis."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(real_python3())
    for tool in ("node", "npm", "env", "true"):
        if found := shutil.which(tool):
            (bin_dir / tool).symlink_to(found)
    script(bin_dir / "id", f"echo {uid}")
    # A password-less sudo runs what it is given (``sudo -n true`` asks whether it may).
    script(bin_dir / "sudo", '[ "$1" = -n ] && shift; exec "$@"' if sudo_ok else "exit 1")
    script(bin_dir / "apt-get", f'echo "apt-get $*" >> {tmp_path / "apt.log"}')
    return bin_dir


def real_python3() -> str:
    """The interpreter ``python3`` runs (not a version manager's shim that needs its PATH)."""
    return subprocess.check_output(["python3", "-c", "import sys; print(sys.executable)"], text=True).strip()


def script(path: Path, body: str) -> None:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def make(target: str, bin_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": str(bin_dir)}
    return subprocess.run([MAKE, "-s", "-C", str(ROOT), target], env=env, capture_output=True,
                          text=True, timeout=120)


def test_without_rights_make_test_stops_at_once_with_the_line_to_run(tmp_path):
    result = make("test", fake_bin(tmp_path, uid=1000, sudo_ok=False))
    assert result.returncode != 0
    assert f"sudo apt-get update && sudo apt-get install -y {TEST_PACKAGES}" in result.stdout
    assert not (tmp_path / "apt.log").exists()
    # Nothing after the check ran: no build, no tests.
    assert "esbuild" not in result.stdout + result.stderr and "pytest" not in result.stdout


def test_as_root_the_missing_packages_are_installed(tmp_path):
    result = make("system-packages-test", fake_bin(tmp_path, uid=0, sudo_ok=False))
    assert result.returncode == 0, result.stdout + result.stderr
    calls = (tmp_path / "apt.log").read_text().splitlines()
    assert calls == ["apt-get update -qq", f"apt-get install -y -qq {TEST_PACKAGES}"]


def test_with_passwordless_sudo_the_missing_packages_are_installed(tmp_path):
    result = make("system-packages-test", fake_bin(tmp_path, uid=1000, sudo_ok=True))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "apt.log").read_text().splitlines()[-1] == f"apt-get install -y -qq {TEST_PACKAGES}"


def test_serving_needs_no_browser(tmp_path):
    result = make("system-packages-serve", fake_bin(tmp_path, uid=1000, sudo_ok=False))
    assert result.returncode == 0, result.stdout + result.stderr
