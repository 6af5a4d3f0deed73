"""Each calibrated line's QC status at a glance, and the samples read above the top standard.

A technician looks first at the lines that need a look: "failed" when a check that blocks reporting
failed on the line (calibration r, Mandel linearity, ICV: `QcCheck.blocking`), "flagged" when any
other check on the line failed (e.g. a CCV whose bracket of samples is flagged), else "passed".
A sample read above the highest standard is an extrapolation of the curve (ISO/IEC 17025 7.2.2 /
ISO 8466-1: the working range is the standards' range), so it is named with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from labapp.core.vocabulary import CheckOutcome, QcCheck, Vocabulary
from labapp.services.calculation.results import QcRecord


class LineStatus(Vocabulary):
    """A calibrated line's QC status in a run (worst last, so `max` by `severity` is the worst)."""

    PASSED = "passed", "passed", "合格"
    FLAGGED = "flagged", "flagged", "要確認"
    FAILED = "failed", "failed", "不合格"

    @property
    def severity(self) -> int:
        return list(LineStatus).index(self)


class SampleRemark(Vocabulary):
    """Why a sample's reading on a curve needs a look."""

    ABOVE_TOP_STANDARD = (
        "above_top_standard",
        "above the top standard: extrapolated, dilute and measure again",
        "最高濃度の標準液を超過：外挿のため希釈して再測定",
    )


@dataclass(frozen=True)
class LineQc:
    element: str
    line: str
    status: LineStatus
    failed_checks: tuple[QcCheck, ...]  # each failed check once, in the order met
    checks: int  # how many checks were judged on the line

    @property
    def key(self) -> tuple[str, str]:
        return (self.element, self.line)


def line_status(records: Iterable[QcRecord]) -> dict[tuple[str, str], LineQc]:
    """(element, line) -> its status from the run's QC outcomes (records without a line are skipped:
    they judge no calibrated line)."""
    grouped: dict[tuple[str, str], list[QcRecord]] = {}
    for record in records:
        if record.element and record.line:
            grouped.setdefault((str(record.element), str(record.line)), []).append(record)
    found = {}
    for (element, line), rows in grouped.items():
        failed = [r.check for r in rows if r.outcome is CheckOutcome.FAIL]
        unique = tuple(dict.fromkeys(QcCheck(c) for c in failed))
        if any(c.blocking for c in unique):
            status = LineStatus.FAILED
        else:
            status = LineStatus.FLAGGED if unique else LineStatus.PASSED
        judged = sum(r.outcome in (CheckOutcome.PASS, CheckOutcome.FAIL) for r in rows)
        found[(element, line)] = LineQc(element, line, status, unique, judged)
    return found


def above_top_standard(standards: pd.DataFrame, samples: pd.DataFrame) -> np.ndarray:
    """Boolean mask over `samples` (column x, read-back concentration): read above the highest
    standard used on the curve."""
    if not len(samples) or not len(standards):
        return np.zeros(len(samples), dtype=bool)
    top = float(np.nanmax(standards["x"].to_numpy(float)))
    return samples["x"].to_numpy(float) > top
