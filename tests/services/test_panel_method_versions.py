"""Panel methods by version: a changed method file gets a new version, the earlier one stays readable."""

from __future__ import annotations

import pytest

from labapp.core.errors import LabappError
from labapp.services.administration.panel_methods import (
    bundled_panel_methods,
    panel_method,
    superseded_panel_methods,
)


def test_a_stored_version_reads_back_current_or_superseded():
    assert panel_method("particle-size-sieve").version == "1.1"
    assert panel_method("particle-size-sieve", "1.1").balance is not None
    old = panel_method("particle-size-sieve", "1.0")
    assert (old.version, old.balance) == ("1.0", None)
    assert bundled_panel_methods()["particle-size-sieve"].version == "1.1"  # the sheet offers the current


def test_an_unknown_version_is_one_line_naming_the_known_ones():
    with pytest.raises(LabappError, match=r"particle-size-sieve has no version 0\.9; known: 1\.0, 1\.1"):
        panel_method("particle-size-sieve", "0.9")


def test_every_superseded_file_is_an_earlier_version_of_a_current_method():
    current = bundled_panel_methods()
    for (method_id, version), method in superseded_panel_methods().items():
        assert method_id in current and version != current[method_id].version
        assert method.kind is current[method_id].kind


def test_a_test_stored_with_the_old_version_recalculates_with_it() -> None:
    from labapp.services.panel import records
    from labapp.store.panel import PanelEntry, PanelTest

    entries = [
        PanelEntry(determination=1, field="initial_g", text="100.2", value=100.2),
        PanelEntry(determination=1, field="retained_g", text="0;0;0.2;0.5;30.0;40.0", value=None),
        PanelEntry(determination=1, field="pan_g", text="29.3", value=29.3),
    ]
    results = {}
    for version in ("1.0", "1.1"):
        test = PanelTest(method_id="particle-size-sieve", method_version=version)
        (results[version],) = records.calculate_test(records.method_of(test), test, entries)
    old, new = results["1.0"], results["1.1"]
    assert [c.name for c in old.budget.components] == ["aperture"]  # as it was calculated when stored
    assert [c.name for c in new.budget.components] == ["aperture", "balance"]
    assert old.value == new.value == 0.25 and old.U == new.U
