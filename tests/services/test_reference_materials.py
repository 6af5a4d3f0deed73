"""Registering certified reference materials from the lab's CSV: values, digests, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from labapp.core.errors import InputFileError, LabappError
from labapp.security.roles import PermissionDenied
from labapp.services.administration import users
from labapp.services.calculation.reference_materials import import_reference_materials, list_reference_values
from labapp.store.calculations import ReferenceDigest

HEADER = (
    "crm_name,sample_label,element,certified_wt_pct,expanded_uncertainty_wt_pct,coverage_factor,"
    "basis,sample_mass_g,digest_volume_mL,dilution_factor\n"
)
ROWS = (
    "X-1,CRM X-1 #1,Ni,20.15,0.25,2,dry,0.2004,100,10\n"
    "X-1,CRM X-1 #1,Co,6.62,0.1,2,dry,0.2004,100,10\n"
    "X-1,CRM X-1 #2,Ni,20.15,0.25,2,dry,0.1998,100,10\n"
)


@pytest.fixture
def people(ctx):
    users.create_first_administrator(ctx, "admin", "Ada Admin", "Kanri-Test-2026!")
    admin = users.authenticate(ctx, "admin", "Kanri-Test-2026!")
    users.add_user(ctx, admin, "qa", "Quinn QA", ["qa_manager"], "Hinshitsu-Test-2026!",
        temporary_password=False)
    users.add_user(ctx, admin, "tech", "Tom Tech", ["technician"], "Bunseki-Test-2026!",
        temporary_password=False)
    return (
        users.authenticate(ctx, "qa", "Hinshitsu-Test-2026!"),
        users.authenticate(ctx, "tech", "Bunseki-Test-2026!"),
    )


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "crm.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_values_and_digests_are_registered_once(ctx, people, tmp_path):
    qa, _ = people
    path = _csv(tmp_path, HEADER + ROWS)
    first = import_reference_materials(ctx, path, qa)
    assert (first.materials, first.values_added, first.digests_added) == (("X-1",), 2, 2)
    again = import_reference_materials(ctx, path, qa)
    assert (again.values_added, again.digests_added) == (0, 0)
    values = {
        (v.analyte, v.certified, v.expanded_uncertainty, v.coverage_factor)
        for v in list_reference_values(ctx)
    }
    assert values == {("Ni", 20.15, 0.25, 2.0), ("Co", 6.62, 0.1, 2.0)}
    with ctx.read_session() as session:
        masses = dict(session.execute(select(ReferenceDigest.label, ReferenceDigest.sample_mass_g)).all())
    assert masses == {"CRM X-1 #1": 0.2004, "CRM X-1 #2": 0.1998}


def test_a_changed_certificate_is_refused(ctx, people, tmp_path):
    qa, _ = people
    import_reference_materials(ctx, _csv(tmp_path, HEADER + ROWS), qa)
    changed = ROWS.replace("20.15,0.25", "20.30,0.25")
    with pytest.raises(LabappError, match="different certified value"):
        import_reference_materials(ctx, _csv(tmp_path, HEADER + changed), qa)


def test_bad_files_name_the_line_and_technicians_may_not_register(ctx, people, tmp_path):
    qa, tech = people
    with pytest.raises(InputFileError, match="line 3") as error:
        import_reference_materials(ctx, _csv(tmp_path, HEADER + ROWS.replace("6.62", "six")), qa)
    assert "certified_wt_pct" in str(error.value)
    with pytest.raises(InputFileError, match="missing column"):
        import_reference_materials(ctx, _csv(tmp_path, "crm_name,element\nX,Ni\n"), qa)
    with pytest.raises(PermissionDenied):
        import_reference_materials(ctx, _csv(tmp_path, HEADER + ROWS), tech)
    assert list_reference_values(ctx) == []
