"""The certificate names the software version that produced it (issue 11: one version everywhere)."""

import shutil
import subprocess

import pytest

from labapp import __version__
from labapp.certificates.layout import render_certificate
from labapp.certificates.model import CertificateData
from labapp.resources import resource_path


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_footer_and_metadata_carry_the_version(tmp_path):
    import json

    example = resource_path("certificate", "example-certificate.json")
    data = CertificateData.from_dict(json.loads(example.read_text()))
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(render_certificate(data, "0" * 64).pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert f"labapp {__version__}" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"labapp {__version__}" in info
