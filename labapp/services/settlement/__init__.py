"""The commercial settlement of a lot (issue 23): value, exchange of assays, umpire, signed statement.

exchange   the counter-party's and the umpire's assays: entered, confirmed by a second person, corrected
compute    a lot's settlement under a terms file the user controls (nothing is fetched)
statement  the settlement statement PDF, signed like a certificate, archived and audited
"""

from labapp.services._face import face

__all__, __getattr__ = face(
    __name__,
    {
        "compute": ("compute_settlement", "read_terms"),
        "exchange": ("confirm_assay", "list_assays", "record_assay"),
        "statement": ("issue_statement", "list_statements"),
    },
)
