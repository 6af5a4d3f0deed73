"""Getting lots, samples and instrument readings into the database.

registration   clients, lots, samples and preparations, one by one or from a lot manifest
manifest       read and check a lot manifest (CSV or XLSX)
lot_inputs     what a lot, sample and preparation must contain (shared by both ways in)
lot_edit       edit a registered lot; a released one only by signature (workflow.released_changes)
run_import     import an instrument export: archive its bytes, store its readings, match its labels
"""

from labapp.services._face import face

__all__, __getattr__ = face(
    __name__,
    {
        "lot_edit": (
            "lot_details",
            "update_lot",
        ),
        "registration": (
            "import_manifest",
            "list_lots",
            "register_client",
            "register_lot",
            "register_preparation",
            "register_sample",
        ),
        "run_import": ("import_run",),
    },
)
