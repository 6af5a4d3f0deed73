"""Calculating a stored run, and reading what the calculation stored.

calculate            calculate a run and store results, QC outcomes and inputs, all or nothing
inputs               what the calculation reads from the store (also used to recompute for plots)
exclusions           exclusions and manual overrides, with reasons, audited
curve_edits          a standard point or replicate off the curve and back, from the desktop
line_status          each calibrated line's QC status; samples above the top standard
reference_materials  certified reference values and the digests made of them
results              stored results and QC outcomes as plain records
run_problems         what a signer signs over: failed QC checks and unmatched labels
run_views            read-only views of a run for the desktop (plots, grid, detail, review queue)
monte_carlo          JCGM 101 cross-check of a stored result's uncertainty, on request
moisture_basis       whether a run converted a lot to the dry basis with the lot's current moisture
"""

from labapp.services._face import face

__all__, __getattr__ = face(
    __name__,
    {
        "calculate": ("calculate_run",),
        "exclusions": (
            "exclude",
            "override",
            "withdraw_exclusion",
        ),
        "reference_materials": ("import_reference_materials",),
        "results": (
            "run_qc",
            "run_results",
        ),
    },
)
