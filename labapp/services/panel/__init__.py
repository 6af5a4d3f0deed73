"""Panel tests (moisture, LOI, acid-insoluble matter, F_ws, carbon, particle size): entry, import,
four-eyes verification and submission into the lot's reportable results.

    enter_test     validate, calculate and store one test (every value audited)
    import_tests   the same from a file, whole or nothing (labapp.services.panel.importing)
    verify_test    a second person signs the entries (four eyes)
    reject_test    back with a reason
    submit_test    the results become the lot's reportable results (grading, certificates)
    verify_tests, submit_tests   the same for several tests with one signing act, all or none
    list_tests     what is stored, with the results as printed
"""

from labapp.services.panel.entry import enter_test, list_tests
from labapp.services.panel.importing import import_tests
from labapp.services.panel.records import ResultLine, TestSummary
from labapp.services.panel.workflow import (
    PanelWorkflowError,
    reject_test,
    submit_test,
    submit_tests,
    verify_test,
    verify_tests,
)

__all__ = [
    "PanelWorkflowError",
    "ResultLine",
    "TestSummary",
    "enter_test",
    "import_tests",
    "list_tests",
    "reject_test",
    "submit_test",
    "submit_tests",
    "verify_test",
    "verify_tests",
]
