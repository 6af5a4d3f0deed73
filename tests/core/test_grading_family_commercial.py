"""Family assignment (rules of shared/domain/black-mass.md) and the commercial figures beside a grade."""

from __future__ import annotations

import pytest

from labapp.core.commercial import LI2CO3_PER_LI, commercial_figures
from labapp.core.family import assign_family, normalise_declared
from labapp.core.lot_assay import AnalyteResult, LotAssay


def exact(**wt: float) -> dict[str, tuple[float, float]]:
    return {k: (v, v) for k, v in wt.items()}


@pytest.mark.parametrize(("composition", "family"), [
    (dict(Ni=20.0, Co=8.0, Mn=7.0, Fe=0.5, P=0.2), "NCM"),  # Ni+Co 28 >= 15
    (dict(Ni=0.3, Co=0.1, Mn=0.1, Fe=25.0, P=12.0), "LFP"),  # Fe >= 15, P >= 8, Ni+Co < 2
    (dict(Ni=2.0, Co=1.5, Mn=30.0, Fe=0.5, P=0.2), "LMO"),  # Mn >= 25, Ni+Co < 10
    (dict(Ni=1.0, Co=25.0, Mn=0.5, Fe=0.5, P=0.2), "LCO"),  # Co >= 15, Ni < 5, Mn < 3 (tried before NCM)
    (dict(Ni=8.0, Co=3.0, Mn=12.0, Fe=0.5, P=0.2), "Mixed"),  # Ni+Co 11 < 15, Mn < 25
    (dict(Ni=1.5, Co=0.6, Mn=0.1, Fe=25.0, P=12.0), "Mixed"),  # LFP with Ni+Co 2.1: not < 2
    (dict(Ni=1.0, Co=15.0, Mn=3.0, Fe=0.5, P=0.2), "NCM"),  # Mn 3 is not < 3: not LCO, Ni+Co 16 -> NCM
])
def test_family_rules(composition: dict[str, float], family: str) -> None:
    assert assign_family(exact(**composition)).family == family


def test_censored_values_count_only_when_they_prove_the_rule() -> None:
    lfp = exact(Mn=0.1, Fe=25.0, P=12.0)
    assert assign_family({**lfp, "Ni": (0.0, 0.5), "Co": (0.0, 0.5)}).family == "LFP"  # < 1.0 in all
    assert assign_family({**lfp, "Ni": (0.0, 1.5), "Co": (0.0, 1.5)}).family == "Mixed"  # < 3: unproven


def test_mismatch_with_declared_chemistry_is_flagged() -> None:
    ncm = exact(Ni=20.0, Co=8.0, Mn=7.0, Fe=0.5, P=0.2)
    assert not assign_family(ncm, "NMC").mismatch  # NMC, NCA are the NCM/NCA family
    flagged = assign_family(ncm, "LFP")
    assert flagged.mismatch and flagged.mismatch_text == "declared LFP but the assay indicates NCM"
    assert assign_family(ncm, "sodium-ion").mismatch
    assert normalise_declared("nca") == "NCM"


def test_family_needs_the_rule_analytes() -> None:
    a = assign_family(exact(Ni=20.0, Co=8.0, Mn=7.0))
    assert a.family is None and "Fe, P not reported" in a.reason


def test_lithium_carbonate_factor_matches_atomic_weights() -> None:
    # IUPAC 2021 standard atomic weights (abridged): Li 6.94, C 12.011, O 15.999.
    m_li2co3 = 2 * 6.94 + 12.011 + 3 * 15.999
    assert pytest.approx(m_li2co3 / (2 * 6.94), abs=1e-3) == LI2CO3_PER_LI


def lot(**kw: object) -> LotAssay:
    return LotAssay.of("L", [
        AnalyteResult("Ni", 20.0, 0.6), AnalyteResult("Co", 8.0, 0.8), AnalyteResult("Mn", 6.0, 0.2),
        AnalyteResult("Li", 4.0, 0.2), AnalyteResult("Cu", 1.0, 0.05),
        AnalyteResult("Al", None, censored="<", loq=0.05), AnalyteResult("moisture", 4.0, 0.2),
    ], **kw)


def test_content_and_contained_metal_from_wet_mass_and_moisture() -> None:
    fig = commercial_figures(lot(net_wet_mass_kg=25_000.0))
    content = {f.name: f for f in fig.content}
    assert content["Ni+Co"].value == pytest.approx(28.0)
    # no budgets to correlate: the sum of U (0.6 + 0.8), an upper bound, said in the note (issue 17:
    # the quadrature sqrt(0.6^2 + 0.8^2) = 1.0 understates U when the terms share inputs)
    assert content["Ni+Co"].expanded_uncertainty == pytest.approx(1.4)
    assert "upper bound" in content["Ni+Co"].note
    assert content["Ni+Co+Mn"].value == pytest.approx(34.0)
    assert content["Li2CO3 equivalent"].value == pytest.approx(4.0 * 5.323)
    assert fig.net_dry_mass_t == pytest.approx(24.0)  # 25 t wet at 4 % moisture
    contained = {f.name: f for f in fig.contained}
    assert contained["Ni"].value == pytest.approx(4.8)  # 24 t x 20 %
    assert contained["Ni"].expanded_uncertainty == pytest.approx(0.144)
    assert contained["Li2CO3 equivalent"].value == pytest.approx(24.0 * 0.04 * 5.323)
    assert contained["Al"].value == 0.0 and "below LOQ" in contained["Al"].note


def test_dry_mass_given_directly_wins_and_missing_mass_is_said() -> None:
    assert commercial_figures(lot(net_dry_mass_kg=10_000.0, net_wet_mass_kg=99_000.0)).net_dry_mass_t == 10.0
    fig = commercial_figures(lot())
    assert fig.contained == () and "net dry mass" in fig.notes[0]
