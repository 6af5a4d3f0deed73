"""Profiles: the shipped set loads, mistakes name the TOML file, and the README's worked example
(a new format of an existing family, TOML only) reads its sample file."""

import re
from pathlib import Path

import pytest

from labapp.importers import all_profiles, load_profile, read_export
from labapp.importers.profile import ProfileError
from labapp.instruments import profiles_dir

README = Path(profiles_dir()) / "README.md"


def test_shipped_profiles_load_and_cover_the_families():
    profiles = all_profiles()
    assert {p.family for p in profiles} == {"long", "wide", "blocks", "positional"}
    assert len(profiles) >= 20
    assert any("workbook" in p.formats and p.family == "long" for p in profiles)  # families work in sheets


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'id = "p"\nname = "x"\nfamily = "long"\n[layout]\nheader = "^a"\nbogus = 1\n',
            "line 6: unknown key.*bogus",
        ),
        ('id = "p"\nname = "x"\nfamily = "sideways"\n', "family must be one of"),
        (
            'id = "p"\nname = "x"\nfamily = "long"\n[layout]\nheader = "^a("\n',
            "line 5: bad regular expression",
        ),
        (
            'id = "p"\nname = "x"\nfamily = "long"\n[columns]\nvalue = ["re:Conc("]\n',
            "bad regular expression",
        ),
        ('id = "p"\nname = "x"\nfamily = "wide"\n', "name the columns"),
        (
            'id = "p"\nname = "x"\nfamily = "long"\n[layout]\nheader = "^a"\n[units]\nppm = "furlongs"\n',
            "unit 'ppm'",
        ),
        ('id = "q"\nname = "x"\nfamily = "long"\n[layout]\nheader = "^a"\n', "must equal the file name"),
        (
            'id = "p"\nname = "x"\nfamily = "long"\n[layout]\nheader = "^a"\n'
            '[sample_types]\ndefault = "soup"\n',
            "sample type 'soup'",
        ),
        ('id = "p"\nname = [\n', "not a readable TOML"),
    ],
)
def test_profile_mistakes_name_the_file(tmp_path, text, message):
    source = tmp_path / "p.toml"
    source.write_text(text)
    with pytest.raises(ProfileError, match=message) as info:
        load_profile(source)
    assert str(source) in str(info.value)


def _readme_blocks() -> tuple[str, str]:
    blocks = re.findall(r"\n((?:    .*\n|\n)+)", README.read_text())
    dedented = ["\n".join(line[4:] for line in b.splitlines()).strip() + "\n" for b in blocks]
    sample = next(b for b in dedented if b.startswith("Probe;"))
    toml = next(b for b in dedented if b.startswith('id = "acme_icp_semicolon"'))
    return sample, toml


def test_worked_example_from_readme(tmp_path):
    sample, toml = _readme_blocks()
    (tmp_path / "acme_icp_semicolon.toml").write_text(toml)
    profile = load_profile(tmp_path / "acme_icp_semicolon.toml")
    (tmp_path / "run.csv").write_text(sample)
    frame = read_export(tmp_path / "run.csv", profile=profile).frame
    assert frame["element"].tolist() == ["Ni", "Co"]
    assert frame["line"].tolist() == ["231.604", "228.616"]
    assert frame["value"].tolist() == [0.001, 12.5]
    assert frame["sample_type"].tolist() == ["blank", "duplicate"]
    assert frame["acquired_at"].tolist() == ["2024-05-02T10:15:00", "2024-05-02T10:17:00"]
