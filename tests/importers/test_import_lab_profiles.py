"""A laboratory adds a format without touching the installed program: profiles in
<data folder>/instruments (and folders named in settings.toml) are detected like shipped ones,
never shadow a shipped id, and `labapp parse --profile-file` / `labapp profiles check|list` try them."""

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from labapp.cli import main
from labapp.importers import catalog, read_export

PROFILE = """id = "acme_icp_semicolon"
name = "ACME ICP semicolon export"
family = "long"
technique = "ICP-OES"

[columns]
sample_label = ["Probe"]
analyte = ["Linie"]
value = ["Konz."]
unit = ["Einheit"]
datetime = ["Messzeit"]

[analytes]
patterns = ['^(?P<element>[A-Z][a-z]?) (?P<line>\\d+,\\d+)$']

[sample_types]
label_patterns = [['(?i)^blank', "blank"], ['(?i)\\sDUP$', "duplicate"]]

[units]
ppm = "mg/L"
"""
SAMPLE = (
    "Probe;Linie;Konz.;Einheit;Messzeit\n"
    "Blank;Ni 231,604;0,001;mg/l;2024-05-02 10:15:00\n"
    "BM-0424 DUP;Co 228,616;12,5;mg/l;2024-05-02 10:17:00\n"
)


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def lab(tmp_path, monkeypatch) -> Path:
    data = tmp_path / "data"
    (data / "instruments").mkdir(parents=True)
    monkeypatch.setenv("LABAPP_DATA", str(data))
    return data


def test_a_profile_in_the_lab_folder_is_detected(lab, tmp_path):
    (lab / "instruments" / "acme_icp_semicolon.toml").write_text(PROFILE)
    (tmp_path / "run.csv").write_text(SAMPLE)
    result = read_export(tmp_path / "run.csv")
    assert result.profile == "acme_icp_semicolon" and result.metadata["origin"] == "lab"
    f = result.frame
    assert f["element"].tolist() == ["Ni", "Co"] and f["line"].tolist() == ["231.604", "228.616"]
    assert f["value"].tolist() == [0.001, 12.5] and f["sample_type"].tolist() == ["blank", "duplicate"]
    assert f["acquired_at"].tolist() == ["2024-05-02T10:15:00", "2024-05-02T10:17:00"]


def test_a_folder_named_in_settings_is_read_too(lab, tmp_path):
    shared = tmp_path / "share"
    shared.mkdir()
    (shared / "acme_icp_semicolon.toml").write_text(PROFILE)
    (lab / "settings.toml").write_text(f"[instruments]\nfolders = [{str(shared)!r}]\n".replace("'", '"'))
    (tmp_path / "run.csv").write_text(SAMPLE)
    assert read_export(tmp_path / "run.csv").profile == "acme_icp_semicolon"


def test_a_lab_profile_never_shadows_a_shipped_one(lab, tmp_path, real_files_dir):
    clash = PROFILE.replace('id = "acme_icp_semicolon"', 'id = "agilent_icp_expert_long"')
    (lab / "instruments" / "agilent_icp_expert_long.toml").write_text(clash)
    (lab / "instruments" / "broken.toml").write_text('id = "broken"\nname = [\n')
    known = catalog()
    shipped = [p for p in known.profiles if p.id == "agilent_icp_expert_long"]
    assert len(shipped) == 1 and shipped[0].origin == "shipped"
    assert any("agilent_icp_expert_long" in p and "already a shipped profile" in p for p in known.problems)
    assert any("broken.toml" in p and "not a readable TOML" in p for p in known.problems)
    result = read_export(real_files_dir / "agilent_icp_expert/export.csv")
    assert result.profile == "agilent_icp_expert_long" and len(result.frame) == 861
    assert any("lab profile left out" in w for w in result.warnings)  # said on every read, never silent


def test_parse_with_a_profile_file_states_the_profile(lab, tmp_path):
    (tmp_path / "acme_icp_semicolon.toml").write_text(PROFILE)
    (tmp_path / "run.csv").write_text(SAMPLE)
    code, out, err = run(
        ["parse", str(tmp_path / "run.csv"), "--profile-file", str(tmp_path / "acme_icp_semicolon.toml")]
    )
    assert code == 0 and out.splitlines()[0].startswith("source_row,sample_label")
    assert "profile acme_icp_semicolon (as given), 2 readings" in err
    code, _, err = run(["parse", str(tmp_path / "run.csv")])
    assert code != 0 and "no instrument profile recognises" in err  # not in the lab folder: unknown


def test_profiles_check_reads_the_samples_and_names_problems_by_line(lab, tmp_path):
    good = tmp_path / "acme_icp_semicolon.toml"
    good.write_text(PROFILE)
    (tmp_path / "run.csv").write_text(SAMPLE)
    code, out, _ = run(["profiles", "check", str(good), str(tmp_path / "run.csv")])
    assert code == 0 and "profile acme_icp_semicolon is valid" in out
    assert "run.csv: 2 readings of 2 samples" in out
    assert "auto-detection would choose" not in out  # once in the lab folder, detection finds it
    bad = tmp_path / "acme_bad.toml"
    bad.write_text(
        PROFILE.replace('id = "acme_icp_semicolon"', 'id = "acme_bad"').replace(
            "[units]\nppm", '[units]\npmm = "furlongs"\nppm'
        )
    )
    code, _, err = run(["profiles", "check", str(bad), str(tmp_path / "run.csv")])
    assert code == 1 and f"{bad}, line 20: unit 'pmm' maps to 'furlongs'" in err
    clash = tmp_path / "thermo_niton.toml"
    clash.write_text(PROFILE.replace('id = "acme_icp_semicolon"', 'id = "thermo_niton"'))
    code, _, err = run(["profiles", "check", str(clash)])
    assert code == 1 and "already a shipped profile's" in err


def test_profiles_list_shows_shipped_and_lab(lab):
    (lab / "instruments" / "acme_icp_semicolon.toml").write_text(PROFILE)
    code, out, _ = run(["profiles", "list"])
    rows = {line.split()[0]: line for line in out.splitlines()[1:] if line.strip()}
    assert code == 0 and rows["acme_icp_semicolon"].endswith("this laboratory")
    assert rows["thermo_niton"].endswith("installed with labapp") and "Thermo Fisher" in rows["thermo_niton"]
    assert "agilent_masshunter_batch" in rows and "pg_instruments_dv5000" in rows
