"""labapp.store layer (see DESIGN.md and docs/storage.md).

database.py   where the database is and how connections are set up (SQLite pragmas, BEGIN IMMEDIATE)
migrate.py    Alembic run from Python; revisions in migrations/versions
base.py       declarative base, UTC timestamps, the Audited mixin (id + optimistic-locking version)
parties.py, lots.py, runs.py, results.py, records.py, audit_event.py   the mapped tables by subject
models.py     all mapped classes in one namespace
audit.py      automatic hash-chained audit events; audit_verify.py checks chain and records
canonical.py  canonical JSON/values hashed by the audit trail; measurements.py, archive.py bulk readings
"""
