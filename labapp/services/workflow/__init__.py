"""Review and approval of runs by electronic signature, and changes to released data.

review            run states and the submit, review, approve and reject signatures
signing           what a signature on a run signs, and whether the database still holds it
four_eyes         who already worked on a run (by person, not account)
released_changes  a released lot changes only by signature and then needs amendment
overview          the main window's overview and worklist
"""

from labapp.services._face import face

__all__, __getattr__ = face(
    __name__,
    {
        "released_changes": ("lots_needing_amendment",),
        "review": (
            "find_run",
            "list_runs",
            "sign",
            "signatures_of",
        ),
    },
)
