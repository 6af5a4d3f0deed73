"""The settlement terms as CSV rows (section,field,value): the same terms as the TOML form, and every
problem one line naming the file, the line and the field (issue 23 item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_settlement_value import TERMS

from labapp.core.errors import LabappError
from labapp.core.settlement_terms import TermsError, parse_terms
from labapp.core.settlement_terms_csv import parse_terms_csv
from labapp.services.settlement.compute import read_terms

CSV = """\
section,field,value
# the contract
contract,reference,BM-2026-117
contract,seller,Recycler Co.
contract,buyer,Refiner KK
contract,laboratory_acts_for,seller
contract,settle_agreed_on,mean
contract,umpire_rule,between else nearer
lot,wet_mass_t,25.000
lot,u_wet_mass_t,0.010
lot,moisture,stated
lot,moisture_pct,4.0
lot,u_moisture_pct,0.10
payable.Ni,payable_pct,75
payable.Ni,price,16000
payable.Ni,currency,USD
payable.Ni,price_unit,t
payable.Ni,price_date,2026-12-01
payable.Ni,reference,LME nickel cash official
payable.Ni,splitting_limit,0.30

payable.Li,payable_pct,60
payable.Li,price,10
payable.Li,currency,USD
payable.Li,price_unit,kg
payable.Li,basis,LCE
payable.Li,price_date,2026-12-01
payable.Li,reference,"Fastmarkets lithium carbonate 99.5 % battery grade"
payable.Li,splitting_limit,0.10
payable.Li,splitting_limit_kind,absolute
"""


def _as_toml(terms: object) -> object:
    return terms.__class__(**{**terms.__dict__, "source": "x"})  # type: ignore[attr-defined]


def test_csv_gives_the_same_terms_as_toml() -> None:
    assert _as_toml(parse_terms_csv(CSV, "terms.csv")) == _as_toml(parse_terms(TERMS, "terms.toml"))


def test_spreadsheet_with_semicolons_decimal_commas_and_bom() -> None:
    """A spreadsheet in a decimal-comma locale saves ';'-separated rows; Excel's 'CSV UTF-8' adds a BOM."""
    text = "\ufeff" + CSV.replace(",", ";").replace("0.30", "0,30").replace("25.000", "25,000")
    text = text.replace('"Fastmarkets lithium carbonate 99.5 % battery grade"', "Fastmarkets Li2CO3")
    terms = parse_terms_csv(text, "terms.csv")
    assert terms.limits["Ni"].limit == 0.30 and terms.wet_mass_t == 25.0
    assert terms.payables[1].reference == "Fastmarkets Li2CO3"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "payable.Ni,price,16000",
            "payable.Ni,price,-1",
            r"^terms.csv:15: \[payable.Ni\] price: must be positive",
        ),
        (
            "payable.Ni,price,16000",
            "payable.Ni,price,16 000",
            r"^terms.csv:15: \[payable.Ni\] price: give a number",
        ),
        (
            "payable.Ni,price_date,2026-12-01",
            "payable.Ni,price_date,1/12/2026",
            r"^terms.csv:18: \[payable.Ni\] price_date: give the pricing date as a date",
        ),
        ("payable.Li,price_unit,kg", "payable.Li,price_unit,oz", r"^terms.csv:25: \[payable.Li\] price_unit"),
        (
            "payable.Ni,payable_pct,75",
            "payable.Ni,payable_pc,75",
            r"^terms.csv:14: \[payable.Ni\] payable_pc: unknown",
        ),
        ("lot,moisture_pct,4.0\n", "", r"^terms.csv:\d+: \[lot\] moisture_pct: give a number"),
        ("payable.Li,basis,LCE", "payables.Li,basis,LCE", r"^terms.csv:26: 'payables.Li' is not a section"),
        ("lot,wet_mass_t,25.000", "lot,wet_mass_t", r"^terms.csv:9: give three cells"),
        ("section,field,value", "element,price", r"^terms.csv:1: the first row must be the header"),
        (
            "payable.Ni,currency,USD",
            "payable.Ni,price,1",
            r"^terms.csv:16: \[payable.Ni\] price: given twice",
        ),
    ],
)
def test_csv_errors_name_file_line_and_field(old: str, new: str, message: str) -> None:
    assert old in CSV
    with pytest.raises(TermsError, match=message):
        parse_terms_csv(CSV.replace(old, new, 1), "terms.csv")


def test_toml_refuses_a_misspelt_field_too() -> None:
    with pytest.raises(TermsError, match=r"^terms.toml:17: \[payable.Ni\] payable_pc: unknown field"):
        parse_terms(TERMS.replace("payable_pct = 75", "payable_pc = 75"), "terms.toml")


def test_service_reads_csv_by_its_suffix_and_names_a_wrong_encoding(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CSV.encode("utf-8"))
    read = read_terms(path)
    assert [p.element for p in read.terms.payables] == ["Ni", "Li"] and read.name == "terms.csv"
    path.write_bytes(CSV.replace("Recycler Co.", "Recycler Sàrl").encode("cp1252"))
    with pytest.raises(LabappError, match=r"terms.csv: the terms file is not UTF-8 text \(in a spreadsheet"):
        read_terms(path)
