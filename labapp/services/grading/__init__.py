"""Grading lots against a named, versioned criteria set.

grade             grade the lots of a run and store each grading with the set's identity
inputs            what grading reads: the lots of a run and a lot's reportable results
criteria_catalog  the shipped criteria sets and a lab's own files, read and described
criteria_files    the lab's own criteria sets: clone, edit, and which versions are frozen
"""

from labapp.services._face import face

__all__, __getattr__ = face(
    __name__,
    {
        "criteria_catalog": (
            "default_set",
            "list_sets",
            "load_set",
        ),
        "grade": (
            "current_grading",
            "grade_lots",
            "list_gradings",
        ),
    },
)
