"""`labapp demo` end to end: fresh and reused output folders, and a foreign folder left alone."""

import shlex
import shutil
import subprocess
import sys

import pytest

from labapp.core.errors import LabappError
from labapp.demo.build import DEMO_USERS, run_demo
from labapp.services.administration.audit_trail import verify_audit
from labapp.services.administration.users import authenticate
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import list_lots


def test_demo_twice_in_the_same_folder(tmp_path, printed_demo):
    completed, made = printed_demo
    assert completed.returncode == 0, completed.stderr
    assert "(new folder)" in completed.stdout  # the first demo made a new folder
    out = tmp_path / "demo"
    shutil.copytree(made, out)
    second = run_demo(out)
    assert second.reused_folder is True
    assert [name for name, _ in second.stages][:2] == ["users", "lots"]
    with ServiceContext(str(second.database)) as ctx:
        lots = list_lots(ctx)
        assert len(lots) == 14  # the manifest's lots, once: the first demo's database was replaced
        assert {lot.code for lot in lots} >= {"BM26-0001", "BM26-0002"}
        assert verify_audit(ctx).ok
        for user in DEMO_USERS:
            assert authenticate(ctx, user.username, user.password).full_name == user.full_name


def test_demo_refuses_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "thesis.docx").write_text("precious")
    with pytest.raises(LabappError, match="not made by labapp demo"):
        run_demo(tmp_path)
    assert (tmp_path / "thesis.docx").read_text() == "precious"


def test_demo_command_prints_summary_and_users(printed_demo):
    completed, folder = printed_demo
    tmp_path = folder.parent
    assert completed.returncode == 0, completed.stderr
    assert "(new folder)" in completed.stdout
    assert "chain intact" in completed.stdout
    assert all(user.password in completed.stdout for user in DEMO_USERS)
    # every command the demo prints works as printed, on a fresh home (no LABAPP_KEYS, no --keys-dir)
    hints = {line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in completed.stdout.splitlines()
             if ": labapp " in line}
    assert set(hints) == {"check one", "its keys", "a run's results", "open it"}
    certificate = next((tmp_path / "d" / "certificates").glob("*.pdf"))
    outputs = {}
    for name, hint in hints.items():
        command = shlex.split(hint.replace("FILE.pdf", str(certificate)))
        assert command[0] == "labapp"
        if name == "open it":  # the desktop: its database is there and opens (the window is tested elsewhere)
            assert command[1:] == ["--db", str(tmp_path / "d" / "labapp.sqlite")]
            command += ["db", "info"]
        ran = subprocess.run([sys.executable, "-m", "labapp", *command[1:]], capture_output=True, text=True,
                             timeout=120, stdin=subprocess.DEVNULL)
        assert ran.returncode == 0, (hint, ran.stdout + ran.stderr)
        outputs[name] = ran.stdout
    assert outputs["check one"].startswith("VALID") and "currency: current" in outputs["check one"]
    assert outputs["its keys"].startswith(str(tmp_path / "d" / "keys"))
    assert "root certificate present" in outputs["its keys"]
    assert "BM26-0001" in outputs["a run's results"] and "Ni" in outputs["a run's results"]
