"""Write readings in the Agilent ICP Expert (Vista-PRO) long CSV layout of the real export.

One row per solution and line, 3 replicates as (intensity, flag) column pairs, ASCII, CRLF. Flags as in
the real file: "x" with "-" concentrations when the signal is over range, "uv" (replicates "u") when the
concentration is below zero. Act Wgt, Act Vol and DF stay 1: masses and dilutions live in the manifest.
"""

from __future__ import annotations

from .signal import REPLICATES, InstrumentCurve, Reading, stdev

HEADER = ('"Solution Label","Batch Label","Customer Id","Customer Label","Type","Element","Flags",'
          '"Soln Conc","Units","Corr Con","Units","Int","Internal Std","Date","Time","SD","RSD",'
          '"IntSD","IntRSD","Act Wgt","Act Vol","DF","NumReps","Replicates"' + "," * (2 * REPLICATES - 1))


def g6(x: float) -> str:
    """ICP Expert number style: 6 significant digits, exponent written E6 / E-5."""
    if x == 0:
        return "0"
    text = f"{x:.6g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        text = f"{mantissa}E{int(exp)}"
    return text


def q(text: str) -> str:
    return f'"{text}"'


def _concentration_cells(r: Reading, curve: InstrumentCurve) -> tuple[str, str, str, str, list[str]]:
    """Soln Conc, SD, RSD, flag and replicate flags of one reading."""
    sol = r.solution
    if sol.type_code in ("Blk", "Std"):
        return g6(sol.nominal[r.line.element]), "0.0", "0.0", "", [""] * REPLICATES
    conc = curve.conc(r.intensity)
    rep_conc = [curve.conc(i) for i in r.replicates]
    sd = stdev(rep_conc)
    sd_text, rsd_text = g6(sd), g6(100.0 * sd / abs(conc))
    if r.saturated:
        return q("-"), sd_text, rsd_text, "x", ["x"] * REPLICATES
    return g6(conc), sd_text, rsd_text, "uv" if conc < 0 else "", ["u" if c < 0 else "" for c in rep_conc]


def row(r: Reading, curve: InstrumentCurve) -> str:
    sol, intensity, int_sd = r.solution, r.intensity, stdev(r.replicates)
    conc, sd, rsd, flag, rep_flags = _concentration_cells(r, curve)
    cells = [q(sol.label), q(""), q(""), q(""), q(sol.type_code), q(r.line.label), q(flag), conc, q("mg/L"),
             conc, q("mg/L"), g6(intensity), q("-"), q(sol.when.strftime("%m/%d/%Y")),
             q(sol.when.strftime("%H:%M:%S")), sd, rsd, q(g6(int_sd)), q(g6(100.0 * int_sd / intensity)),
             "1", "1", "1", str(REPLICATES)]
    for value, rep_flag in zip(r.replicates, rep_flags, strict=True):
        cells += [g6(value), q(rep_flag)]
    return ",".join(cells)


def icp_text(readings: list[Reading], curves: dict[str, InstrumentCurve]) -> str:
    return "\r\n".join([HEADER] + [row(r, curves[r.line.label]) for r in readings]) + "\r\n"
