"""label_choice first_filled: per reading, the first candidate label column that is filled (Vanta's
operator-typed Sample ID, else its Test Label), in the wide and the long layout."""

from pathlib import Path

import pytest

from labapp.importers import read_export
from labapp.importers.profile import parse_profile

PROFILE = """
id = "{id}"
name = "label choice"
vendor = "test"
technique = "XRF"
family = "{family}"

[columns]
sample_label = ["Sample ID", "Test Label"]
{columns}

[layout]
label_choice = "first_filled"

[units]
ppm = "mg/kg"
"""


@pytest.mark.parametrize(
    ("family", "columns", "text"),
    [
        ("wide", 'unit = ["Units"]', "Test Label,Sample ID,Units,Ni\n1,OREAS 999,ppm,41\n2,,ppm,42\n"),
        (
            "long",
            'analyte = ["Element"]\nvalue = ["Conc"]\nunit = ["Units"]',
            "Test Label,Sample ID,Element,Conc,Units\n1,OREAS 999,Ni,41,ppm\n2,,Ni,42,ppm\n",
        ),
    ],
)
def test_the_first_filled_label_column_wins_per_reading(tmp_path, family, columns, text):
    source = tmp_path / "p.toml"
    profile = parse_profile(PROFILE.format(id="p", family=family, columns=columns), Path(source))
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    frame = read_export(path, profile).frame
    assert frame["sample_label"].tolist() == ["OREAS 999", "2"]
    assert frame["value"].tolist() == [41.0, 42.0]
    assert frame["sample_type"].tolist() == ["crm", "sample"]  # the name, not the reading number, decides
