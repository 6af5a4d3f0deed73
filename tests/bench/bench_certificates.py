"""Benchmark: render + attach + sign one certificate, as a ratio to a bare signed one-page reportlab PDF.

Run on demand: .venv/bin/python tests/bench/bench_certificates.py [--twins FOLDER]
           or: .venv/bin/pytest tests/bench/bench_certificates.py -s
With --twins (e.g. the `certificates` folder of `labapp demo --out X`), every twin in FOLDER is also
issued once in each language, as one batch in a fresh process: the median process CPU per certificate
over different certificates (no two alike, unlike the example repeated, so nothing a process keeps
from one certificate to the next, such as parsed markup, is counted as if every text repeated).
Both sides are measured in the same run with the same key, so the ratio is stable across machines;
the absolute time per certificate is printed for docs/PERFORMANCE.md (goal: < 150 ms on 2 cores).
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from labapp.certificates.fonts import register_fonts
from labapp.certificates.issue import issue_certificate
from labapp.certificates.model import load_twin
from labapp.certificates.pki import Keystore
from labapp.certificates.signing import LabSigner, SigningRequest, pyhanko_signer
from labapp.resources import resource_path

ROUNDS = 15


def _interleaved(actions: dict[str, Callable[[], object]], rounds: int = ROUNDS) -> dict[str, list[float]]:
    """Wall times in ms; the actions alternate within each round so they share the machine's load."""
    for action in actions.values():
        action()  # warm-up: fonts registered, code paths imported
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for name in actions:
        samples[f"{name}_cpu"] = []
    for _ in range(rounds):
        for name, action in actions.items():
            start, cpu = time.perf_counter(), time.process_time()
            action()
            samples[name].append((time.perf_counter() - start) * 1000)
            samples[f"{name}_cpu"].append(
                (time.process_time() - cpu) * 1000
            )  # a loaded machine moves it less
    return samples


def _signer() -> LabSigner:
    with tempfile.TemporaryDirectory() as folder:
        store = Keystore(folder)
        store.init_ca("Bench Root", "Bench Lab", b"bench-ca-passphrase")
        store.issue("bench", "Bench Signer", b"bench-ca-passphrase", b"bench-signer-pass")
        return pyhanko_signer(store.load_signer("bench", b"bench-signer-pass"))


def run_twins(folder: Path, language: str) -> list[float]:
    """Process CPU (ms) of each twin in `folder` issued once in `language`, as a batch in this process
    would issue them: after one example certificate (imports, fonts), each twin once, in order."""
    signer = _signer()
    register_fonts()
    request = SigningRequest(meaning="approval", signer_name="Bench Signer")
    warm = load_twin(resource_path("certificate", "example-certificate.json").read_bytes())
    warm.certificate.language = language
    issue_certificate(warm, signer, request)
    samples = []
    for path in sorted(folder.glob("*.json")):
        data = load_twin(path.read_bytes())
        data.certificate.language = language
        start = time.process_time()
        issue_certificate(data, signer, request)
        samples.append((time.process_time() - start) * 1000)
    return samples


def report_twins(folder: Path) -> str:
    """One fresh process per language (nothing kept from another language's batch)."""
    lines = []
    for language in ("en", "ja", "en+ja"):
        command = [sys.executable, __file__, "--twins-batch", str(folder), language]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        samples = [float(value) for value in output.split()]
        lines.append(
            f"{len(samples)} twins, {language}, one batch in a fresh process: process CPU per certificate "
            f"median {statistics.median(samples):.1f} ms (first {samples[0]:.1f}, max {max(samples):.1f})"
        )
    return "\n".join(lines)


def run() -> dict[str, float]:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    with tempfile.TemporaryDirectory() as folder:
        store = Keystore(folder)
        store.init_ca("Bench Root", "Bench Lab", b"bench-ca-passphrase")
        store.issue("bench", "Bench Signer", b"bench-ca-passphrase", b"bench-signer-pass")
        signer = pyhanko_signer(store.load_signer("bench", b"bench-signer-pass"))
    register_fonts()
    template = resource_path("certificate", "example-certificate.json").read_bytes()
    request = SigningRequest(meaning="approval", signer_name="Bench Signer")

    def bare() -> bytes:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=A4)
        canvas.setFont("LabappSans", 12)
        canvas.drawString(72, 770, "Certificate of Analysis")
        canvas.showPage()
        canvas.save()
        writer = IncrementalPdfFileWriter(io.BytesIO(buffer.getvalue()))
        output = io.BytesIO()
        signers.sign_pdf(
            writer, signers.PdfSignatureMetadata(field_name="Signature1"), signer=signer, output=output
        )
        return output.getvalue()

    def certificate(language: str) -> Callable[[], object]:
        data = load_twin(template)
        data.certificate.language = language
        return lambda: issue_certificate(data, signer, request)

    return _interleaved({"baseline": bare, **{lang: certificate(lang) for lang in ("en", "ja", "en+ja")}})


def report(samples: dict[str, list[float]]) -> str:
    base = statistics.median(samples["baseline"])
    try:
        import _rl_accel  # noqa: F401 - reportlab's optional C accelerator (reportlab[accel])

        accel = "with"
    except ImportError:
        accel = "without"
    lines = [
        f"{ROUNDS} rounds; median (min) wall time per PDF; reportlab {accel} its C accelerator (rl_accel)",
        f"baseline: bare one-page reportlab PDF + pyHanko signature: {base:.1f} ms "
        f"({min(samples['baseline']):.1f})",
    ]
    for language in ("en", "ja", "en+ja"):
        median = statistics.median(samples[language])
        lines.append(
            f"certificate {language:<5} (3 pages) render + attach twin + sign: {median:.1f} ms "
            f"({min(samples[language]):.1f}) = {median / base:.1f} x baseline"
        )
    cpu_base = statistics.median(samples["baseline_cpu"])
    cpu = ", ".join(
        f"{lang} {statistics.median(samples[f'{lang}_cpu']):.1f} ms "
        f"({statistics.median(samples[f'{lang}_cpu']) / cpu_base:.2f}x)"
        for lang in ("en", "ja", "en+ja")
    )
    lines.append(f"process CPU, median: baseline {cpu_base:.1f} ms; {cpu}")
    return "\n".join(lines)


@pytest.mark.bench
def test_bench_certificates() -> None:
    print()
    print(report(run()))


if __name__ == "__main__":
    if "--twins-batch" in sys.argv:
        at = sys.argv.index("--twins-batch")
        print(" ".join(f"{ms:.2f}" for ms in run_twins(Path(sys.argv[at + 1]), sys.argv[at + 2])))
        sys.exit()
    print(report(run()))
    if "--twins" in sys.argv:
        print(report_twins(Path(sys.argv[sys.argv.index("--twins") + 1])))
