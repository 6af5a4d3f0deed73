"""The command line's face of the status list and the currency check: help text and one-line refusals
(the full flows are in tests/services/test_status_list_and_notices.py and tests/e2e)."""

from __future__ import annotations

import pytest

from labapp.cli import main


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_verify_help_documents_the_status_list_and_every_exit_code(capsys) -> None:
    text = _help(capsys, "verify")
    assert "--status LIST.pdf" in text
    for code in (
        "0 valid",
        "1 tampered",
        "2 usage error",
        "4 not whole file",
        "5 untrusted",
        "6 no signature",
        "7 not current",
        "8 record mismatch",
    ):
        assert f"  {code}" in text, code
    assert "missing from the status list" in text and "exits 8" in text


def test_status_list_help_says_who_publishes_and_how_recipients_check(capsys) -> None:
    text = _help(capsys, "certificates", "status-list")
    assert "--out FILE" in text and "--user USER" in text
    assert "labapp verify CERT.pdf --status status-list.pdf" in text
    assert "QA manager" in text and "LABAPP_KEY_PASSWORD" in text
    assert "status-list" in _help(capsys, "certificates")


def test_bad_status_list_arguments_fail_in_one_line(tmp_path, capsys) -> None:
    cert = tmp_path / "cert.pdf"
    cert.write_bytes(b"%PDF-1.7\n%%EOF\n")
    assert main(["verify", str(cert), "--status", str(tmp_path / "missing.pdf")]) == 2
    assert capsys.readouterr().err == f"labapp: {tmp_path / 'missing.pdf'}: no such status list file\n"
    text_list = tmp_path / "list.json"
    text_list.write_text("{}", encoding="utf-8")
    assert main(["verify", str(cert), "--status", str(text_list)]) == 2
    assert "not a PDF file: a labapp status list is a signed PDF" in capsys.readouterr().err
    out = tmp_path / "list.txt"
    assert (
        main(
            [
                "--db",
                str(tmp_path / "none.sqlite"),
                "certificates",
                "status-list",
                "--out",
                str(out),
                "--user",
                "qa",
            ]
        )
        == 2
    )
    assert capsys.readouterr().err == f"labapp: {out}: the status list is a signed PDF: name it .pdf\n"
