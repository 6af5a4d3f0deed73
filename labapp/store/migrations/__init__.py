"""Alembic migrations for the labapp schema."""
