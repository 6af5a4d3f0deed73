"""docs/api.md: every python example runs (in order, one namespace) and its assertions hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def _blocks() -> list[str]:
    return BLOCK.findall(API_DOC.read_text(encoding="utf-8"))


def test_the_api_page_has_an_example_per_module() -> None:
    text = "\n".join(_blocks())
    for module in ("calibration", "limits", "conversion", "uncertainty", "qc", "pipeline"):
        assert f"labapp.core.{module} import" in text


@pytest.mark.parametrize("upto", range(1, len(_blocks()) + 1))
def test_api_examples_run(upto: int) -> None:
    namespace: dict[str, object] = {}
    for number, code in enumerate(_blocks()[:upto], start=1):
        exec(compile(code, f"{API_DOC.name} example {number}", "exec"), namespace)  # noqa: S102
