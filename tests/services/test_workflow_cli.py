"""The workflow from the command line: signing reads the password (LABAPP_PASSWORD without a terminal),
exclusions and overrides need a reason, `signatures` exits non-zero once a signature is invalidated."""

import pytest
from _workflow_support import PASSWORDS, RUN, build_template, copy_of, mark_calculated, reportable_result_ids

from labapp.cli import main


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("cli") / "template.sqlite")


@pytest.fixture
def db(template, tmp_path):
    with copy_of(template, tmp_path) as ctx:
        mark_calculated(ctx)
        yield ctx, str(tmp_path / "workflow.sqlite")


def _as(monkeypatch, user):
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORDS[user])


def test_sign_through_the_cli_and_list_signatures(db, monkeypatch, capsys):
    ctx, path = db
    _as(monkeypatch, "tess")
    assert main(["--db", path, "submit", "--run", RUN, "--user", "tess"]) == 0
    assert "is now submitted" in capsys.readouterr().out
    _as(monkeypatch, "rita")
    assert main(["--db", path, "review", "--run", RUN, "--user", "rita"]) == 0
    _as(monkeypatch, "quinn")
    assert main(["--db", path, "approve", "--run", RUN, "--user", "quinn", "--reason", "QC fine"]) == 0
    out = capsys.readouterr().out
    assert "is now approved" in out and "lots approved: BM26-0001, BM26-0002" in out
    assert main(["--db", path, "signatures", "--run", RUN]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and all(" - valid" in line for line in lines)
    assert lines[2].startswith("Quinn Sato (quinn), ") and "approved [approve]" in lines[2]
    with ctx.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE results SET value = 1.0")
    assert main(["--db", path, "signatures", "--run", RUN]) == 1
    captured = capsys.readouterr()
    assert captured.out.count("signature invalidated") == 3 and "3 signature(s) invalidated" in captured.err


def test_wrong_password_and_missing_reason_fail_with_one_line(db, monkeypatch, capsys):
    _ctx, path = db
    monkeypatch.setenv("LABAPP_PASSWORD", "Wrong-Pass!00")
    assert main(["--db", path, "submit", "--run", RUN, "--user", "tess"]) == 2
    assert capsys.readouterr().err.strip() == "labapp: user name or password is wrong"
    _as(monkeypatch, "tess")
    main(["--db", path, "submit", "--run", RUN, "--user", "tess"])
    _as(monkeypatch, "rita")
    with pytest.raises(SystemExit):  # argparse: --reason is required to reject
        main(["--db", path, "reject", "--run", RUN, "--user", "rita"])
    assert main(["--db", path, "reject", "--run", RUN, "--user", "rita", "--reason", "CCV drift"]) == 0


def test_exclude_and_override_commands(db, monkeypatch, capsys):
    ctx, path = db
    _as(monkeypatch, "tom")
    argv = [
        "--db",
        path,
        "exclude",
        "--run",
        RUN,
        "--scope",
        "replicate",
        "--element",
        "Ni",
        "--line",
        "231.604",
        "--sample",
        "BM26-0001",
        "--reason",
        "air bubble",
        "--user",
        "tom",
    ]
    assert main(argv) == 2
    assert "a replicate exclusion needs replicate" in capsys.readouterr().err
    assert main([*argv, "--replicate", "2"]) == 0
    assert "recalculate the run" in capsys.readouterr().out
    mark_calculated(ctx)
    result_id = reportable_result_ids(ctx)["BM26-0002"]
    _as(monkeypatch, "quinn")
    assert (
        main(
            [
                "--db",
                path,
                "override",
                "--result",
                str(result_id),
                "--value",
                "48.0",
                "--reason",
                "referee value",
                "--user",
                "quinn",
            ]
        )
        == 0
    )
    assert f"result {result_id} set to 48" in capsys.readouterr().out


def test_second_review_switch(db, monkeypatch, capsys):
    _ctx, path = db
    _as(monkeypatch, "rita")
    assert main(["--db", path, "second-review", "off", "--reason", "two-person lab", "--user", "rita"]) == 2
    assert "may not manage methods" in capsys.readouterr().err
    _as(monkeypatch, "quinn")
    assert main(["--db", path, "second-review", "off", "--reason", "two-person lab", "--user", "quinn"]) == 0
    _as(monkeypatch, "tess")
    main(["--db", path, "submit", "--run", RUN, "--user", "tess"])
    _as(monkeypatch, "quinn")
    assert main(["--db", path, "approve", "--run", RUN, "--user", "quinn"]) == 0  # straight from submitted
