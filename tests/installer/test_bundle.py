"""Build the Linux installer bundle with installer/linux/build.sh and smoke-test the frozen program.

Slow (about a minute and a half on two cores), so it is marked `bundle` and deselected from the
normal run; .ci/run runs it as its own step:  pytest -m bundle tests/installer
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from labapp._version import __version__
from labapp.instruments import profiles_dir

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle builds on Linux only"),
]

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("bundle")
    env = {**os.environ, "LABAPP_DIST": str(work / "dist"), "LABAPP_WORK": str(work / "work")}
    if sys.prefix != sys.base_prefix:  # reuse the running virtualenv; build.sh adds only PyInstaller
        env["LABAPP_BUILD_VENV"] = sys.prefix
    result = subprocess.run(
        [str(REPO_ROOT / "installer" / "linux" / "build.sh")],
        env=env, capture_output=True, text=True, timeout=1200, check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return Path(result.stdout.strip().splitlines()[-1])


def test_archive_is_named_for_the_version_and_holds_bundle_desktop_file_and_icon(archive: Path) -> None:
    top = f"labapp-{__version__}-linux-{platform.machine()}"
    assert archive.name == f"{top}.tar.gz"
    with tarfile.open(archive) as tar:
        members = {member.name: member for member in tar.getmembers()}
        desktop = tar.extractfile(members[f"{top}/labapp.desktop"]).read().decode()  # type: ignore[union-attr]
        icon = tar.extractfile(members[f"{top}/labapp.png"]).read()  # type: ignore[union-attr]
    for exe in ("labapp", "labapp-cli", "install-desktop-entry.sh"):
        assert members[f"{top}/{exe}"].mode & 0o111, f"{exe} is not executable"
    assert "Exec=labapp\n" in desktop and "Icon=labapp\n" in desktop
    assert f"X-labapp-Version={__version__}\n" in desktop
    assert icon.startswith(b"\x89PNG\r\n\x1a\n")
    inside = f"{top}/_internal"
    for needed in (
        "labapp/store/migrations/env.py",  # alembic reads migrations as files
        "labapp/resources/certificate/fonts/ipaexg.ttf",
        "labapp/resources/criteria/jp-eu-black-mass-provisional.toml",
        "labapp/resources/demo/manifest.csv",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
    ):
        assert f"{inside}/{needed}" in members, f"{needed} missing from the bundle"
    profiles = {name.rsplit("/", 1)[1] for name in members if name.startswith(f"{inside}/labapp/instruments")}
    assert {path.name for path in profiles_dir().glob("*.toml")} <= profiles
    assert any(name.startswith(f"{inside}/reportlab/fonts/") for name in members)
    assert any(name.startswith(f"{inside}/pyqtgraph/colors/maps/") for name in members)
    assert not any(name.startswith(f"{inside}/PySide6/Qt/lib/libQt6Quick") for name in members)


def test_frozen_program_passes_its_self_test(archive: Path) -> None:
    result = subprocess.run(
        [str(REPO_ROOT / "installer" / "smoke_test.sh"), str(archive)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"smoke: --version ok (labapp {__version__})" in result.stdout
    assert "frozen build" in result.stdout  # the bundle's own code ran, not the source tree
    assert f"self-test PASSED: 11 of 11 checks (labapp {__version__})" in result.stdout
    assert "FAIL" not in result.stdout
