"""What a person excluded from a calculation, and the one rule for which readings that removes.

Exclusions are recorded with a reason by the workflow service (21 CFR 11.10(e): no silent edits)
and applied by the calculation, so a recalculated run honours every exclusion and every result
it touched is marked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from labapp.core.vocabulary import Vocabulary


class Scope(Vocabulary):
    """What an exclusion removes from the calculation."""

    REPLICATE = "replicate", "one replicate reading", "繰返し測定値 1 件"  # one solution, one line
    LINE = "line", "an emission line for the whole run", "ラン全体の測定波長"  # e.g. a spectral interference
    RESULT = "result", "a preparation's result", "調製試料の結果"  # not reported
    # every reading of one solution at one line, e.g. a standard point off the curve
    POINT = "point", "a calibration point (every reading of one solution)", "検量点（1 溶液の全測定値）"


@dataclass(frozen=True)
class Exclusion:
    scope: Scope
    element: str
    reason: str
    line: str | None = None
    sample_label: str | None = None
    replicate: int | None = None

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError("an exclusion needs a reason")
        needed = {
            Scope.REPLICATE: ("line", "sample_label", "replicate"),
            Scope.LINE: ("line",),
            Scope.RESULT: ("sample_label",),
            Scope.POINT: ("line", "sample_label"),
        }[Scope(self.scope)]
        missing = [name for name in needed if getattr(self, name) in (None, "")]
        if missing:
            raise ValueError(f"a {self.scope} exclusion needs {', '.join(missing)}")


def excluded_readings(frame: pd.DataFrame, exclusions: list[Exclusion]) -> np.ndarray:
    """Boolean mask over the tidy frame's rows removed by replicate, point and line exclusions.

    Result exclusions remove no reading: the result is calculated and shown, but not reported.
    """
    mask = np.zeros(len(frame), dtype=bool)
    element = frame["element"].astype(str).to_numpy()
    line = frame["line"].astype(str).to_numpy()
    for item in exclusions:
        hit = (element == item.element) & (line == str(item.line))
        if item.scope in (Scope.REPLICATE, Scope.POINT):
            hit &= frame["sample_label"].astype(str).to_numpy() == item.sample_label
        if item.scope == Scope.REPLICATE:
            hit &= pd.to_numeric(frame["replicate"], errors="coerce").to_numpy() == item.replicate
        elif item.scope not in (Scope.LINE, Scope.POINT):
            continue
        mask |= hit
    return mask
