"""The tidy measurement frame contract (DESIGN.md) and the object read_export returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

TIDY_COLUMNS: tuple[str, ...] = (
    "source_row",
    "sample_label",
    "sample_type",
    "element",
    "species",
    "line",
    "view",
    "replicate",
    "intensity",
    "value",
    "unit",
    "censored",
    "detection_limit",
    "flags",
    "acquired_at",
)


@dataclass
class ImportResult:
    """One export read into tidy readings: one row per reading, TIDY_COLUMNS first."""

    frame: pd.DataFrame
    profile: str
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
