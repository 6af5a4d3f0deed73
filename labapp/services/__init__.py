"""The use cases, one subpackage each (DESIGN.md); each subpackage's docstring lists its modules.

importing       lots, samples and instrument readings into the database
calculation     calculate a run; results, QC, exclusions, the views of a run
grading         grade lots against a named, versioned criteria set
workflow        submit, review and approve runs by signature; changes to released data
certification   issue, amend, retract and verify certificates of analysis
administration  users and log-in, keys, the laboratory, methods, profiles, the audit trail

context (ServiceContext and its unit of work, the gate of every write) and vocabulary (the
typed words every layer shares) serve them all. Demo and self-test code live outside, in
labapp.demo and labapp.self_test.

registration, users, laboratory, criteria_catalog and methods at this level are the stable face
that outside checks import (docs/api.md, "Stable face"): paths kept from before the subpackages,
each re-exporting the few functions it names. Code inside labapp imports the subpackages.
"""
