"""Generate the demo's panel test files (resources/demo/panel/) from their truth table.

The true values per lot (moisture as received, water-soluble fluoride, carbon, largest particle size
and, for three lots, laser diffraction D-values) are written to truth_panel.csv; the bench files are
what a laboratory would type or export, with realistic noise from a fixed seed:

- bench_sheet.csv    moisture (two portions per lot: tare, before and after drying at 105 C) and
                     F_ws by ISE (one leach per lot, the batch's standards in the sheet), result sheet
- sieve_sheet.csv    one sieving per lot, masses retained on 2, 1, 0.5, 0.25, 0.125, 0.075 mm and pan
- leco_carbon.csv    a LECO-style export: blank, CRM (certified 3.00 +- 0.02 wt%) and two burns per lot
- laser_export.csv   three measurements each of three lots, Mastersizer-style Dx columns
- fusion_sheet.csv   total fluorine (NaOH fusion, ISE; its own standards), loss on ignition at 950 C
                     and acid-insoluble matter (two portions each per lot), result sheet; drawn from its
                     own random stream so the four files above stay byte-identical

Moisture equals the manifest's (the ICP results' dry basis uses it); F_ws and the largest size are
chosen well inside every shipped limit of the lot's designed grade, so grades stay as designed while
the China import screen becomes decidable. Total F (PVDF binder and LiPF6 residues, always above F_ws)
lies below every JP-EU and Fastmarkets limit, so it decides only T/CPCIF 0169-2021 (I-1 <= 0.1,
I-2 <= 0.5 wt%). Run: python tools/make_demo_panel_data.py
"""

from __future__ import annotations

import argparse
import csv
import math
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "resources" / "demo" / "panel"
SEED = 20260317
# lot -> (moisture % as received (the manifest's), F_ws wt% dry, C wt% dry, largest size mm)
TRUTH = {
    "BM26-0001": (1.2, 0.08, 32.5, 0.125),
    "BM26-0002": (3.8, 0.14, 35.1, 0.125),
    "BM26-0003": (6.5, 0.22, 38.4, 0.125),
    "BM26-0004": (2.4, 0.11, 33.0, 0.125),
    "BM26-0005": (4.2, 0.18, 36.2, 0.125),
    "BM26-0006": (1.5, 0.06, 28.7, 0.125),
    "BM26-0007": (1.1, 0.035, 18.2, 0.125),
    "BM26-0008": (4.6, 0.055, 21.4, 0.125),
    "BM26-0009": (3.1, 0.09, 30.3, 0.125),
    "BM26-0010": (5.5, 0.31, 40.2, 0.5),
    "BM26-0011": (2.8, 0.045, 24.6, 0.125),
    "BM26-0012": (7.8, 0.27, 39.0, 0.125),
    "BM26-0013": (3.5, 0.12, 29.9, 0.125),
    "BM26-0014": (7.2, 0.06, 22.8, 0.125),
}
# lot -> (total F wt% dry, loss on ignition at 950 C wt% dry, acid-insoluble matter wt% dry)
TRUTH_FUSION = {
    "BM26-0001": (0.24, 36.8, 0.6),
    "BM26-0002": (0.41, 40.2, 1.1),
    "BM26-0003": (0.62, 44.1, 2.3),
    "BM26-0004": (0.33, 37.9, 0.9),
    "BM26-0005": (0.58, 41.0, 1.4),
    "BM26-0006": (0.07, 32.3, 0.5),
    "BM26-0007": (0.09, 21.6, 0.4),
    "BM26-0008": (0.16, 25.9, 1.6),
    "BM26-0009": (0.27, 34.4, 1.2),
    "BM26-0010": (0.85, 46.0, 2.8),
    "BM26-0011": (0.13, 28.8, 1.3),
    "BM26-0012": (0.78, 44.9, 2.6),
    "BM26-0013": (0.36, 34.1, 1.0),
    "BM26-0014": (0.18, 27.5, 1.9),
}
SEED_FUSION = 20260320
FUSION_MASS_G = 0.25  # g fused, dissolved melt made up to 100 mL
LASER_D = ("D10", "D50", "D90")
LASER = {"BM26-0001": (4.8, 18.5, 52.0), "BM26-0002": (5.6, 22.4, 66.0), "BM26-0007": (2.1, 9.8, 31.5)}
APERTURES = (2.0, 1.0, 0.5, 0.25, 0.125, 0.075)
STANDARDS = (0.1, 0.5, 1.0, 5.0, 10.0, 50.0)  # mg/L
E0, SLOPE = 150.0, -58.1  # mV; mV per decade


def _g(x: float) -> str:
    return f"{x:.4f}"


def moisture_rows(rng: np.random.Generator) -> list[list[str]]:
    rows = []
    for lot, (moisture, *_) in TRUTH.items():
        for _ in range(2):
            tare = 24.0 + rng.uniform(0, 2)
            portion = 10.0 + rng.uniform(0, 5)
            found = moisture + rng.normal(0, 0.02)
            before = tare + portion
            after = before - portion * found / 100.0
            rows.append(
                [
                    lot,
                    "moisture-105c",
                    _g(tare),
                    _g(before),
                    _g(after),
                    "105",
                    "3",
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
    return rows


def fluoride_rows(rng: np.random.Generator) -> list[list[str]]:
    readings = [E0 + SLOPE * math.log10(c) + rng.normal(0, 0.2) for c in STANDARDS]
    standards = "; ".join(f"{c:g}:{e:.1f}" for c, e in zip(STANDARDS, readings, strict=True))
    rows = []
    for lot, (_, f_ws, *_) in TRUTH.items():
        mass = 1.0 + rng.uniform(-0.02, 0.02)
        c = f_ws * 1e4 * mass / 100.0 * (1 + rng.normal(0, 0.01))
        reading = E0 + SLOPE * math.log10(c) + rng.normal(0, 0.2)
        rows.append(
            [
                lot,
                "fluoride-ws-ise",
                "",
                "",
                "",
                "",
                "",
                _g(mass),
                "100",
                "1",
                f"{reading:.1f}",
                standards,
            ]
        )
    return rows


def fusion_fluoride_rows(rng: np.random.Generator) -> list[list[str]]:
    """One fusion per lot (0.25 g, 100 mL, 1+1 TISAB in standards and samples alike), the batch's own
    standards (prepared in the fusion blank matrix, so a different E0 from the water leach)."""
    e0, slope = 147.5, -57.6
    readings = [e0 + slope * math.log10(c) + rng.normal(0, 0.2) for c in STANDARDS]
    standards = "; ".join(f"{c:g}:{e:.1f}" for c, e in zip(STANDARDS, readings, strict=True))
    rows = []
    for lot, (total_f, *_) in TRUTH_FUSION.items():
        mass = FUSION_MASS_G + rng.uniform(-0.005, 0.005)
        c = total_f * 1e4 * mass / 100.0 * (1 + rng.normal(0, 0.01))
        reading = e0 + slope * math.log10(c) + rng.normal(0, 0.2)
        rows.append(
            _fusion_row(
                lot,
                "fluoride-total-ise",
                sample_g=_g(mass),
                leach_volume_ml="100",
                dilution="1",
                reading=f"{reading:.1f}",
                Standards=standards,
            )
        )
    return rows


def ignition_rows(rng: np.random.Generator) -> list[list[str]]:
    """Loss on ignition (950 C, 1 h) and acid-insoluble matter, two portions each per lot."""
    rows = []
    for lot, (_, loi, aim) in TRUTH_FUSION.items():
        for _ in range(2):
            tare = 20.0 + rng.uniform(0, 2)
            portion = 1.0 + rng.uniform(-0.02, 0.02)
            lost = portion * (loi + rng.normal(0, 0.1)) / 100.0
            rows.append(
                _fusion_row(
                    lot,
                    "loss-on-ignition",
                    tare_g=_g(tare),
                    gross_before_g=_g(tare + portion),
                    gross_after_g=_g(tare + portion - lost),
                    temperature_c="950",
                    time_h="1",
                )
            )
        for _ in range(2):
            crucible = 18.0 + rng.uniform(0, 2)
            portion = 1.0 + rng.uniform(-0.02, 0.02)
            residue = portion * (aim + rng.normal(0, 0.02)) / 100.0 + 0.0003  # + the reagent/filter blank
            rows.append(
                _fusion_row(
                    lot,
                    "acid-insoluble",
                    sample_g=_g(portion),
                    crucible_g=_g(crucible),
                    gross_residue_g=_g(crucible + residue),
                )
            )
    return rows


FUSION_HEADER = [
    "Lot",
    "Method",
    "tare_g",
    "gross_before_g",
    "gross_after_g",
    "temperature_c",
    "time_h",
    "sample_g",
    "crucible_g",
    "gross_residue_g",
    "leach_volume_ml",
    "dilution",
    "reading",
    "Standards",
]


def _fusion_row(lot: str, method: str, **cells: str) -> list[str]:
    return [lot, method, *(cells.get(name, "") for name in FUSION_HEADER[2:])]


def sieve_rows(rng: np.random.Generator) -> list[list[str]]:
    rows = []
    for lot, (*_, largest) in TRUTH.items():
        initial = 100.0 + rng.uniform(0, 5)
        retained = [0.0] * len(APERTURES)
        index = APERTURES.index(largest)
        retained[index + 1] = initial * rng.uniform(0.15, 0.35)  # below the largest size: the bulk
        if index + 2 < len(APERTURES):
            retained[index + 2] = initial * rng.uniform(0.2, 0.3)
        if index > 0:
            retained[index] = 0.0  # nothing on the largest size's own sieve
        pan = initial - sum(retained) - initial * 0.002  # 0.2 % lost to dust
        retained_text = ";".join(f"{r:.2f}" for r in retained)
        rows.append([lot, "particle-size-sieve", f"{initial:.2f}", retained_text, f"{pan:.2f}"])
    return rows


def leco_rows(rng: np.random.Generator) -> list[list[str]]:
    rows = [
        ["Blank", "0.0000", "0.002", "2026-03-19 08:10"],
        ["CRM 501", "0.0752", "3.02", "2026-03-19 08:14"],
    ]
    minute = 18
    for lot, (_, _, carbon, _) in TRUTH.items():
        for burn in (1, 2):
            found = carbon * (1 + rng.normal(0, 0.008))
            rows.append(
                [
                    f"{lot}-{burn}",
                    f"{0.075 + rng.uniform(0, 0.01):.4f}",
                    f"{found:.2f}",
                    f"2026-03-19 {8 + minute // 60:02d}:{minute % 60:02d}",
                ]
            )
            minute += 4
    return rows


def laser_rows(rng: np.random.Generator) -> list[list[str]]:
    rows = []
    for lot, ds in LASER.items():
        for n in (1, 2, 3):
            rows.append([f"{lot}-{n}", *(f"{d * (1 + rng.normal(0, 0.01)):.2f}" for d in ds)])
    return rows


def _write(name: str, header: list[str], rows: list[list[str]], out: Path = OUT) -> None:
    with (out / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(out: Path = OUT) -> None:
    rng = np.random.default_rng(SEED)
    out.mkdir(parents=True, exist_ok=True)
    truth = [
        [lot, a, f"{v:g}", u, b]
        for lot, values in TRUTH.items()
        for a, v, u, b in zip(
            ("moisture", "F_ws", "C", "particle_size"),
            values,
            ("wt%", "wt%", "wt%", "mm"),
            ("as_received", "dry", "dry", "dry"),
            strict=True,
        )
    ]
    truth += [
        [lot, a, f"{v:g}", "wt%", "dry"]
        for lot, values in TRUTH_FUSION.items()
        for a, v in zip(("F", "LOI", "AIM"), values, strict=True)
    ]
    truth += [
        [lot, d, f"{v:g}", "um", "dry"] for lot, ds in LASER.items() for d, v in zip(LASER_D, ds, strict=True)
    ]
    _write("truth_panel.csv", ["lot", "analyte", "value", "unit", "basis"], truth, out)
    bench = [
        "Lot",
        "Method",
        "tare_g",
        "gross_before_g",
        "gross_after_g",
        "temperature_c",
        "time_h",
        "sample_g",
        "leach_volume_ml",
        "dilution",
        "reading",
        "Standards",
    ]
    _write("bench_sheet.csv", bench, moisture_rows(rng) + fluoride_rows(rng), out)
    _write("sieve_sheet.csv", ["Lot", "Method", "initial_g", "retained_g", "pan_g"], sieve_rows(rng), out)
    _write("leco_carbon.csv", ["Name", "Mass", "Carbon %", "Analysis Date"], leco_rows(rng), out)
    _write("laser_export.csv", ["Sample Name", "Dx (10)", "Dx (50)", "Dx (90)"], laser_rows(rng), out)
    fusion_rng = np.random.default_rng(SEED_FUSION)  # its own stream: the files above stay as they were
    _write(
        "fusion_sheet.csv", FUSION_HEADER, fusion_fluoride_rows(fusion_rng) + ignition_rows(fusion_rng), out
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write the demo's panel test files.")
    parser.add_argument("--out", type=Path, default=OUT, help="folder (default resources/demo/panel)")
    main(parser.parse_args().out)
