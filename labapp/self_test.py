"""`labapp --self-test`: prove an installation works end to end, in a throwaway folder.

Frozen builds break in ways the source tree never shows: a data file left out of the bundle, a
module only imported by name, a Qt plugin missing. So the self-test reads every kind of bundled
resource through the same loaders the application uses, runs the demo chain headless, opens the
main window offscreen (through a callable the CLI supplies, because services never import the
GUI), issues a signed certificate with a throwaway lab root and verifies it. Nothing outside the
temporary folder is read or written except the bundled resources.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from labapp._version import __version__
from labapp.certificates.issue import issue_certificate, write_certificate
from labapp.certificates.model import load_twin
from labapp.certificates.signing import SigningRequest, pyhanko_signer
from labapp.certificates.verification import Verdict
from labapp.core.errors import LabappError
from labapp.demo.build import DemoReport, run_demo
from labapp.importers import all_profiles
from labapp.importers.profile import ProfileOrigin
from labapp.instruments import profiles_dir
from labapp.resources import resource_path
from labapp.services.administration import keys, methods
from labapp.services.certification import verify
from labapp.services.grading import criteria_catalog
from labapp.store.migrate import MIGRATIONS_DIR

# Opens the main window on a database, closes it again and returns a one-line summary.
WindowCheck = Callable[[Path], str]

SIGNER = "selftest"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "ipaexg.ttf")
TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true")


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str

    def line(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'}  {self.name:<18} {self.detail}"


@dataclass
class SelfTestReport:
    checks: list[Check] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)

    def summary(self) -> str:
        failed = sum(not check.passed for check in self.checks)
        if self.passed:
            return f"self-test PASSED: {len(self.checks)} of {len(self.checks)} checks (labapp {__version__})"
        return f"self-test FAILED: {failed} of {len(self.checks)} checks failed (labapp {__version__})"


def run_self_test(
    window_check: WindowCheck | None = None,
    on_check: Callable[[Check], None] | None = None,
    folder: Path | None = None,
) -> SelfTestReport:
    """Run every check (a failure never stops the others); `folder` keeps the files for inspection."""
    report = SelfTestReport()

    def record(name: str, step: Callable[[], str]) -> bool:
        try:
            check = Check(name, True, step())
        except Exception as exc:  # noqa: BLE001 - a self-test reports every failure, it never crashes
            check = Check(name, False, f"{type(exc).__name__}: {exc}".splitlines()[0])
        report.checks.append(check)
        if on_check is not None:
            on_check(check)
        return check.passed

    with _work_folder(folder) as work, _isolated_environment(work):
        record("version", _version)
        for name, step in RESOURCE_CHECKS:
            record(name, step)
        demo: list[DemoReport] = []
        demo_ok = record("demo chain", lambda: _demo(work / "demo", demo))
        if window_check is not None:
            record("main window", lambda: _window(window_check, demo[0] if demo_ok else None))
        record("certificate", lambda: _certificates(work, demo[0] if demo_ok else None))
    return report


# -- bundled resources: read through the loaders the application itself uses -----------------------
def _version() -> str:
    frozen = "frozen build" if getattr(sys, "frozen", False) else "from source"
    return f"labapp {__version__}, Python {sys.version.split()[0]}, {frozen}"


def _criteria() -> str:
    entries = criteria_catalog.list_sets()
    _require(entries, f"no criteria sets in {criteria_catalog.shipped_dir()}")
    default = criteria_catalog.default_set()
    return f"{len(entries)} sets, default {default.id} {default.version}"


def _methods() -> str:
    loaded = methods.load_methods()
    _require(loaded, f"no methods in {methods.bundled_methods_dir()}")
    return f"{len(loaded)} methods: {', '.join(sorted(loaded))}"


def _demo_data() -> str:
    folder = resource_path("demo")
    files = sorted(path.name for path in folder.glob("*.csv"))
    _require("manifest.csv" in files, f"{folder}: manifest.csv missing")
    rows = resource_path("demo", "manifest.csv").read_text(encoding="utf-8").splitlines()
    _require(len(rows) > 1, "demo manifest.csv has no data rows")
    return f"{len(files)} files, manifest with {len(rows) - 1} rows"


def _fonts() -> str:
    sizes = []
    for name in FONT_FILES:
        path = resource_path("certificate", "fonts", name)
        with path.open("rb") as stream:
            _require(stream.read(4) in TRUETYPE_MAGIC, f"{path}: not a TrueType font")
        sizes.append(path.stat().st_size)
    return f"{len(FONT_FILES)} TrueType fonts, {sum(sizes) / 1e6:.1f} MB"


def _certificate_assets() -> str:
    example = load_twin(resource_path("certificate", "example-certificate.json").read_bytes())
    return f"example certificate {example.certificate.number} parses"


def _instrument_profiles() -> str:
    files = sorted(profiles_dir().glob("*.toml"))
    _require(files, f"no instrument profiles in {profiles_dir()}")
    profiles = [p for p in all_profiles() if p.origin is ProfileOrigin.SHIPPED]
    _require(len(profiles) == len(files), f"{len(files)} profile files but {len(profiles)} profiles loaded")
    return f"{len(profiles)} profiles load"


def _migrations() -> str:
    env = MIGRATIONS_DIR / "env.py"
    _require(env.is_file(), f"{env}: missing (alembic reads it as a file)")
    scripts = sorted((MIGRATIONS_DIR / "versions").glob("*.py"))
    _require(scripts, f"{MIGRATIONS_DIR / 'versions'}: no migration scripts")
    return f"env.py and {len(scripts)} revision scripts readable"


RESOURCE_CHECKS: Sequence[tuple[str, Callable[[], str]]] = (
    ("criteria", _criteria),
    ("methods", _methods),
    ("demo data", _demo_data),
    ("fonts", _fonts),
    ("certificate assets", _certificate_assets),
    ("instruments", _instrument_profiles),
    ("migrations", _migrations),
)


# -- the chain -------------------------------------------------------------------------------------
def _demo(out_dir: Path, keep: list[DemoReport]) -> str:
    started = time.perf_counter()
    result = run_demo(out_dir)
    keep.append(result)
    names = ", ".join(name for name, _ in result.stages)
    return f"{len(result.stages)} stages ({names}) in {time.perf_counter() - started:.1f} s"


def _window(window_check: WindowCheck, demo: DemoReport | None) -> str:
    _require(demo is not None, "not run: the demo chain failed")
    assert demo is not None
    return window_check(demo.database)


def _certificates(work: Path, demo: DemoReport | None) -> str:
    """Verify the demo's own certificates when it issues them, else issue one here and verify it."""
    issued = [Path(path) for path in getattr(demo, "certificates", None) or ()]
    if issued:
        root = getattr(demo, "root_pem", None) or _demo_root(demo)
        origin = "demo"
    else:
        issued, root = [_issue_example(work)], None
        origin = "example data, throwaway lab root"
    keys_folder = work / "keys"
    for path in issued:
        result = verify.verify_file(path, root_pem=root, keys_folder=keys_folder)
        _require(result.verdict is Verdict.VALID, f"{path.name}: {result.verdict.label}: {result.message}")
    names = ", ".join(path.name for path in issued)
    return f"{len(issued)} signed PDF verified valid ({origin}): {names}"


def _demo_root(demo: DemoReport | None) -> Path | None:
    """The demo's lab root when it keeps its keys in <demo>/keys; None falls back to our keystore."""
    if demo is None:
        return None
    candidate = keys.keystore(demo.out_dir / "keys").root_pem
    return candidate if candidate.is_file() else None


def _issue_example(work: Path) -> Path:
    folder = work / "keys"
    ca_pass, signer_pass = secrets.token_urlsafe(16).encode(), secrets.token_urlsafe(16).encode()
    store = keys.keystore(folder)  # a throwaway keystore, no person's key: nothing to audit
    store.init_ca("labapp Self-Test Root CA", "labapp self-test", ca_pass)
    store.issue(SIGNER, "Self Test Signer", ca_pass, signer_pass)
    material = store.load_signer(SIGNER, signer_pass)
    data = load_twin(resource_path("certificate", "example-certificate.json").read_bytes())
    request = SigningRequest(meaning="approval", signer_name="Self Test Signer", location="self-test")
    issued = issue_certificate(data, pyhanko_signer(material), request)
    pdf, _twin = write_certificate(issued, work / "certificates")
    return pdf


# -- helpers ---------------------------------------------------------------------------------------
def _require(condition: object, message: str) -> None:
    if not condition:
        raise LabappError(message)


@contextmanager
def _work_folder(folder: Path | None) -> Iterator[Path]:
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        yield folder
        return
    # SQLite or Qt may still hold a file on Windows for a moment; a leftover temp folder is harmless.
    with tempfile.TemporaryDirectory(prefix="labapp-self-test-", ignore_cleanup_errors=True) as name:
        yield Path(name)


@contextmanager
def _isolated_environment(work: Path) -> Iterator[None]:
    """Qt without a display, and Qt's settings file (window geometry) inside `work` on Linux/macOS
    (XDG_CONFIG_HOME); restored afterwards for callers in the same process. Windows keeps Qt
    settings in the registry, where the window stores only its geometry."""
    wanted = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(work / "config")}
    previous = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
