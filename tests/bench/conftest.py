"""Benchmarks run under pytest measure the application as users run it: its own argon2 and key-file
costs, not the small ones tests/conftest.py sets for the test session (tests/costs.py)."""

from __future__ import annotations

import pytest
from costs import application_costs


@pytest.fixture(scope="session", autouse=True)
def _application_costs():
    with application_costs():
        yield
