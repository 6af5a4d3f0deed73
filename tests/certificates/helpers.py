"""Helpers for the certificate tests: example data and external tools."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from labapp.certificates.model import CertificateData, load_twin
from labapp.resources import resource_path

CA_PASS = b"root-ca-passphrase"
SIGNER_PASS = b"signer-passphrase"
REPO_ROOT = Path(__file__).resolve().parents[2]


def example_data(language: str = "en") -> CertificateData:
    data = load_twin(resource_path("certificate", "example-certificate.json").read_bytes())
    data.certificate.language = language
    return data


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    """Run a Poppler, zbar or NSS tool; skip visibly when it is not installed (see docs/certificates.md)."""
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} not installed (apt-get install poppler-utils zbar-tools libnss3-tools)")
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
