"""Every real export under ../shared is detected without --profile and read; values spot-checked
against the file's own text (the numbers below were read off the files, line by line)."""

import math
from pathlib import Path

import pytest

from labapp.core.elements import element_factor
from labapp.importers import TIDY_COLUMNS, read_export

pytestmark = pytest.mark.real_files

EXPECTED_PROFILE = {
    "agilent_icp_expert/export.csv": "agilent_icp_expert_long",
    "agilent_icp_expert/250130_Seawaters.csv": "agilent_icp_expert_worksheet",
    "thermo_qtegra/AR20200205Aliquots.csv": "thermo_qtegra",
    "thermo_qtegra/MMR 10 2 20 Al CONC_20200224.csv": "thermo_qtegra",
    "thermo_qtegra/icp_oes_data.tsv": "thermo_qtegra",
    "perkinelmer_syngistix_winlab/Drinking Water.csv": "perkinelmer_winlab_long",
    "perkinelmer_syngistix_winlab/rawDataDemo.csv": "perkinelmer_winlab_long",
    "perkinelmer_syngistix_winlab/Lotus Avio Environmental 22-07 XLS.xlsx": "perkinelmer_syngistix_workbook",
    "horiba_jobinyvon/ICP limstest bog envas.csv": "horiba_jobinyvon_short_report",
    "shimadzu_icpesolution/icp output.txt": "shimadzu_icpesolution",
    "olympus_vanta/chemistry-841524-2022-01-10-14-39-13.csv": "olympus_vanta",
    "olympus_vanta/olympus_vanta_test.csv": "olympus_vanta",
    "bruker_tracer_5i/Results.csv": "bruker_tracer_results",
    "bruker_s8_tiger/DU-0001.csv": "bruker_s8_tiger",
    "panalytical_superq_omnian/axios_00.csv": "panalytical_superq_single",
    "panalytical_superq_omnian/axios_multi_00.csv": "panalytical_superq_multi",
    "panalytical_epsilon/panalytical_test.txt": "panalytical_epsilon",
    "panalytical_epsilon/Test2.txt": "panalytical_epsilon",
    "rigaku/BOG.csv": "rigaku_zsx",
    "rigaku/Rigaku XRF CSV - RIGAKU.csv": "rigaku_zsx_operator",
    "agilent_masshunter/User_Raw.csv": "agilent_masshunter_batch",
    "thermo_niton/bodmerton.csv": "thermo_niton",
    "perkinelmer_syngistix_nexion/nexion350x.xlsx": "perkinelmer_nexion_workbook",
    "thermo_arl_performx/Results XRF.xlsx": "thermo_arl_oxsas",
    "pg_instruments_dv5000/PGDV5000ICP.xlsx": "pg_instruments_dv5000",
}
_cache: dict = {}


def read(real_files_dir: Path, name: str):
    if name not in _cache:
        _cache[name] = read_export(real_files_dir / name)
    return _cache[name]


def one(frame, **where):
    rows = frame
    for key, value in where.items():
        rows = rows[rows[key] == value]
    assert len(rows) == 1, f"{where}: {len(rows)} rows"
    return rows.iloc[0]


def test_every_real_file_is_covered(real_files_dir):
    present = {
        str(p.relative_to(real_files_dir))
        for p in real_files_dir.rglob("*")
        if p.is_file() and p.name != "SOURCES.md"
    }
    assert present == set(EXPECTED_PROFILE)


@pytest.mark.parametrize("name", sorted(EXPECTED_PROFILE))
def test_detected_and_tidy(real_files_dir, name):
    result = read(real_files_dir, name)
    assert result.profile == EXPECTED_PROFILE[name] and result.metadata["detected"]
    assert list(result.frame.columns[: len(TIDY_COLUMNS)]) == list(TIDY_COLUMNS)
    assert len(result.frame) > 0
    assert set(result.frame["sample_type"]) <= {
        "sample",
        "blank",
        "standard",
        "check",
        "check_blank",
        "crm",
        "spike",
        "duplicate",
        "unknown",
    }
    assert set(result.frame["unit"]) <= {"mg/L", "ug/L", "wt%", "mg/kg", ""}


def test_agilent_long(real_files_dir):
    everything = read(real_files_dir, "agilent_icp_expert/export.csv").frame
    f = everything[everything["replicate"].isna()]
    blank = one(f, source_row=2)
    assert (blank.sample_label, blank.sample_type, blank.element, blank.line) == (
        "Blank",
        "blank",
        "Mn",
        "257.610",
    )
    assert (blank.value, blank.unit, blank.intensity) == (0.0, "mg/L", 41.504)
    assert blank.acquired_at == "2016-08-02T14:11:28"  # ICP Expert writes MM/DD/YYYY (US locale)
    assert one(f, source_row=16).sample_type == "check"  # Type LCS
    over = one(f, source_row=79)  # "x","-","mg/L"
    assert math.isnan(over.value) and over["flags"] == "incomplete_model" and over.intensity == 3.78472e6
    under = one(f, source_row=98)  # "uv",-0.0117905
    assert under.value == -0.0117905 and "under_calibration_range" in under["flags"].split(";")
    # per-replicate intensities and flags: ...,2,43.5896,"",39.4185,"" and ...,2,3.7203E6,"x",3.84913E6,"x"
    assert one(everything, source_row=2, replicate=1).intensity == 43.5896
    assert one(everything, source_row=2, replicate=2).intensity == 39.4185
    rep = one(everything, source_row=79, replicate=1)
    assert rep.intensity == 3.7203e6 and rep["flags"] == "incomplete_model" and math.isnan(rep.value)


def test_agilent_worksheet(real_files_dir):
    f = read(real_files_dir, "agilent_icp_expert/250130_Seawaters.csv").frame
    b_axial = one(f, source_row=2, element="B", line="249.678")
    assert b_axial.view == "axial" and b_axial.intensity == 444.14 and math.isnan(b_axial.value)
    assert one(f, source_row=2, element="B", line="249.772").view == "radial"
    assert 3 not in set(f["source_row"])  # IAPSOf0.5998... has no values


def test_qtegra(real_files_dir):
    f = read(real_files_dir, "thermo_qtegra/icp_oes_data.tsv").frame
    fe = one(f, source_row=6, element="Fe", line="238.204")
    assert fe.sample_label == "STD0.05" and fe.view == "axial"
    assert fe.intensity == 481.1833316  # ISCorrectedIntensity.Average preferred over Raw.Average
    assert fe.value == 0.04869121788 and fe.unit == "mg/L"
    sc = one(f, source_row=6, element="Sc")
    assert sc.recovery_pct == 100.9439117 and "internal_standard" in sc["flags"] and math.isnan(sc.value)
    mmr = read(real_files_dir, "thermo_qtegra/MMR 10 2 20 Al CONC_20200224.csv").frame
    assert one(mmr, source_row=5, line="394.401").intensity == 2.32014
    assert (
        one(
            read(real_files_dir, "thermo_qtegra/AR20200205Aliquots.csv").frame,
            source_row=5,
            element="Be",
            line="234.861",
        ).intensity
        == -0.203
    )


def test_perkinelmer(real_files_dir):
    dw = read(real_files_dir, "perkinelmer_syngistix_winlab/Drinking Water.csv")
    assert dw.metadata["encoding"] == "utf-16" and dw.metadata["value_column"] == "Conc (Samp)"
    assert any("instrument's sample units" in w for w in dw.warnings)  # no Conc (Calib) in this export
    arsenic = one(dw.frame, source_row=2)
    assert (arsenic.sample_label, arsenic.element, arsenic.intensity) == ("Blank", "As", -200.0614584)
    assert math.isnan(arsenic.value) and arsenic.acquired_at == "2017-08-11T09:57:47"
    demo_all = read(real_files_dir, "perkinelmer_syngistix_winlab/rawDataDemo.csv").frame
    demo = demo_all[demo_all["replicate"].isna()]
    assert one(demo_all, source_row=2, replicate=5).intensity == 502.7154065  # Int (Corr)5
    assert one(demo, source_row=2).intensity == 493.3304008
    sc = one(demo, source_row=8)  # 20ppm,Sc 361.383,...,Conc (Calib) 100 (the IS), Conc (Samp) blank
    assert sc.value == 100.0 and sc.unit == "mg/L" and sc["flags"] == ""
    assert one(demo_all, source_row=8, replicate=1).value == 99.70752076  # Conc (Calib)1
    book = read(real_files_dir, "perkinelmer_syngistix_winlab/Lotus Avio Environmental 22-07 XLS.xlsx").frame
    qc = one(book, source_row="Conc. in Calib Units!14", element="Ca", line="317.933")
    assert qc.sample_label == "QC10" and qc.value == pytest.approx(10.214248868996528) and qc.unit == "mg/L"
    assert qc.intensity > 0 and qc.acquired_at == "2026-07-23T01:59:53"


def test_horiba_blocks(real_files_dir):
    f = read(real_files_dir, "horiba_jobinyvon/ICP limstest bog envas.csv").frame
    ca = one(f, source_row=8)
    assert (ca.sample_label, ca.element, ca.intensity, ca.value, ca.unit) == (
        "QC 350 PPM",
        "Ca",
        208401.988,
        332.779,
        "mg/L",
    )
    assert ca.acquired_at == "2015-03-10T18:52:00"
    assert one(f, source_row=41)["flags"] == "vendor:X" and one(f, source_row=41).value == -0.005
    k = one(f, source_row=612)  # flag "<"
    assert k.censored == "<" and math.isnan(k.value)


def test_shimadzu_positional(real_files_dir):
    f = read(real_files_dir, "shimadzu_icpesolution/icp output.txt").frame
    first = one(f, source_row=1)
    assert (first.sample_label, first.sample_type, first.element, first.line) == (
        "Blank",
        "blank",
        "As",
        "193.759",
    )
    assert first.value == -0.1088778 and first.unit == "ug/L"
    hg = one(f, source_row=51)
    assert (hg.sample_label, hg.sample_type, hg.element, hg.value) == (
        "1-16-02225",
        "sample",
        "Hg",
        -0.0209517,
    )


def test_vanta(real_files_dir):
    f = read(real_files_dir, "olympus_vanta/chemistry-841524-2022-01-10-14-39-13.csv").frame
    mg = one(f, element="Mg")
    assert mg.censored == "<" and math.isnan(mg.value) and mg.unit == "mg/kg"
    al = one(f, element="Al")
    assert (al.value, al.uncertainty, al.source_row) == (23663.0, 460.0, 3)
    assert al.acquired_at == "2022-01-10T14:38:24"
    assert "LE" not in set(f["element"])
    old = read(real_files_dir, "olympus_vanta/olympus_vanta_test.csv").frame
    assert one(old, source_row=4, element="Al").value == 8089.0


def test_bruker(real_files_dir):
    tracer = read(real_files_dir, "bruker_tracer_5i/Results.csv")
    na = one(tracer.frame, source_row=12, element="Na")
    assert (na.value, na.uncertainty, na.unit) == (0.4511, 0.0367, "wt%")
    assert one(tracer.frame, source_row=12, element="Mg").censored == "<"
    assert 553 not in set(tracer.frame["source_row"])  # "Included in Average" row
    s8 = read(real_files_dir, "bruker_s8_tiger/DU-0001.csv").frame
    al = one(s8, species="Al2O3")
    assert al.sample_label == "DU-0001" and al.line == "Ka1"
    assert al.value == pytest.approx(2.46 * element_factor("Al2O3")) and al.species_value == 2.46
    na = one(s8, species="Na2O")
    assert na.censored == "<" and na.unit == "mg/kg"
    assert na.detection_limit == pytest.approx(466.4 * element_factor("Na2O"))


def test_panalytical(real_files_dir):
    single = read(real_files_dir, "panalytical_superq_omnian/axios_00.csv").frame
    na = one(single, species="Na2O")
    assert na.sample_label == "ESFERA CINZA - 1g H3BO3 -  1:0,5 - NO PPC"
    assert na.species_value == 2.085 and na.unit == "wt%" and na["flags"] == "background_corrected"
    assert one(single, species="H2O")["flags"] == "fixed_balance"
    multi = read(real_files_dir, "panalytical_superq_omnian/axios_multi_00.csv").frame
    fe = one(multi, source_row=12, species="Fe2O3")
    assert fe.species_value == 96.803 and fe.value == pytest.approx(96.803 * element_factor("Fe2O3"))
    assert len(multi[(multi.source_row == 13) & (multi.element == "Ca")]) == 0  # empty cell
    eps = read(real_files_dir, "panalytical_epsilon/panalytical_test.txt")
    na = one(eps.frame, source_row=3, element="Na")
    assert (na.value, na.unit, na.intensity) == (4071.117, "mg/kg", -5.865)
    assert eps.metadata["statistics_rows_excluded"] == 2 and {27, 28}.isdisjoint(eps.frame["source_row"])
    test2 = read(real_files_dir, "panalytical_epsilon/Test2.txt").frame
    assert one(test2, source_row=4, species="SiO2").species_value == 33.866


def test_rigaku(real_files_dir):
    bog = read(real_files_dir, "rigaku/BOG.csv")
    al = one(bog.frame, source_row=3, species="Al2O3")
    assert al.sample_label == "BOG652" and al.species_value == 19.847 and al.unit == "wt%"
    assert one(bog.frame, source_row=3, element="As").value == 53.0
    assert bog.metadata["statistics_rows_excluded"] == 7
    stacked = read(real_files_dir, "rigaku/Rigaku XRF CSV - RIGAKU.csv").frame
    u = one(stacked, source_row=3, species="U3O8")
    assert u.sample_label == "E1 TAIL 08.08 7H" and u.species_value == 320006.0 and u.unit == "mg/L"
    u_la = one(stacked, source_row=20, element="U")
    assert u_la.line == "La" and u_la.intensity == pytest.approx(1552.57)


def test_masshunter(real_files_dir):
    result = read(real_files_dir, "agilent_masshunter/User_Raw.csv")
    f = result.frame
    assert result.metadata["delimiter"] == "semicolon"
    li = one(f, source_row=3, element="Li")  # ;FAUX;001SMPL.d;19/12/2018 10:42;Sample;;0;341.13;...
    assert (li.sample_label, li.sample_type, li.line, li.view, li.intensity) == (
        "0",
        "sample",
        "7",
        "no gas",
        341.13,
    )
    assert li.acquired_at == "2018-12-19T10:42:00" and li["flags"] == ""  # Rjct FAUX = not rejected
    co = one(f, source_row=10, element="Co")  # CalStd "Traces 1 ppb": 21674.87667 cps, 1.102624862 ppb
    assert (co.sample_type, co.intensity, co.value, co.unit) == ("standard", 21674.87667, 1.102624862, "ug/L")
    se = one(f, source_row=8, element="Se", line="80")  # <0.000
    assert se.censored == "<" and math.isnan(se.value) and se.detection_limit == 0.0
    assert set(f[(f.source_row == 3) & (f.element == "Ca")]["line"]) == {"43", "44"}  # two isotopes
    sc = one(f, source_row=3, element="Sc")  # 45 Sc ( ISTD ): counts only
    assert sc.intensity == 35278.59667 and math.isnan(sc.value)


def test_niton_german_locale(real_files_dir):
    result = read(real_files_dir, "thermo_niton/bodmerton.csv")
    f = result.frame
    assert (result.metadata["delimiter"], result.metadata["decimal"]) == ("semicolon", ",")
    ba = one(f, source_row=2, element="Ba")  # 3522,06;66,22
    assert (ba.value, ba.uncertainty, ba.unit) == (3522.06, 66.22, "mg/kg")
    si = one(f, source_row=2, element="Si")  # Si 218714,75 kept; SiO2 467874,59 checked against it
    assert si.value == 218714.75 and si.species == ""
    assert "SiO2/Si" in result.metadata["cross_checked"] and "Fe2O3/Fe" in result.metadata["cross_checked"]
    assert one(f, source_row=2, element="Ce").censored == "<"
    assert si.acquired_at == "2007-06-01T00:54:00"  # 01.06.07: dd.mm.yy, stated as a warning
    assert any("do not show whether the day or the month comes first" in w for w in result.warnings)
    assert "Bal" not in set(f["element"])


def test_nexion_workbook(real_files_dir):
    result = read(real_files_dir, "perkinelmer_syngistix_nexion/nexion350x.xlsx")
    f = result.frame
    assert result.metadata["value_sheet"] == "Unfactored Concentrations"  # not the LIMS-edited one
    ag = one(f, sample_label="STD 500 PPb", element="Ag")
    assert (ag.value, ag.unit, ag.line, ag.sample_type) == (0.500057204249354, "mg/L", "107", "standard")
    assert (
        ag.intensity == 67646.1912467452 and ag.acquired_at == "2019-09-13T11:53:34"
    )  # 13/09/19 11:53:34 AM
    assert one(f, sample_label="Oreas 45d", element="Fe", line="56")["flags"] == "saturated"  # S
    assert one(f, sample_label="Oreas 45d", element="Fe", line="56").sample_type == "crm"
    assert "Calibration Curves" not in set(f["sample_label"])


def test_arl_oxsas_workbook(real_files_dir):
    result = read(real_files_dir, "thermo_arl_performx/Results XRF.xlsx")
    f = result.frame
    assert sorted(set(f["sample_label"])) == ["RCK-0001", "RCK-0002", "RCK-0003", "RCK-0004"]  # SID Value 5
    sn = one(f, sample_label="RCK-0002", element="Sn", species="")  # '0.0226' stored as text
    assert (sn.value, sn.unit, sn.source_row) == (0.0226, "wt%", "Exported Analyses!4")
    assert sn.acquired_at == "2025-03-31T07:49:14"  # 20250331 and 74914
    assert "no unit in the file for some readings; profile default wt% assumed" in result.warnings
    ta = f[(f.sample_label == "RCK-0001") & (f.element == "Ta")]
    assert sorted(ta["species"]) == ["", "Ta2O5"]  # Ta 0.0041 and Ta2O5 0.0063 are not the same number
    assert all("element_oxide_mismatch" in flags for flags in ta["flags"])
    assert "Total" not in set(f["element"])


def test_pg_dv5000_blocks_in_a_sheet(real_files_dir):
    result = read(real_files_dir, "pg_instruments_dv5000/PGDV5000ICP.xlsx")
    f = result.frame
    blank = f[(f.sample_label == "Blank") & (f.element == "Ca")]
    assert blank["replicate"].tolist()[:3] == [1, 2, 3]
    assert blank["value"].tolist() == [0.0, 0.016, 0.003, 0.007]  # replicates and the mean row (χ)
    ca = one(blank, replicate=1)
    assert (ca.line, ca.view, ca.unit, ca.source_row) == ("396.847", "axial", "mg/L", "Result!4")
    assert ca.acquired_at == "2026-05-22T08:01:33" and ca.sample_type == "blank"
    assert result.metadata["statistics_rows_excluded"] == 78  # σ and RSD% of 39 solutions
