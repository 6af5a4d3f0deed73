"""The per-user data folder for files the laboratory adds beside the database (logo, own criteria sets)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_ENV = "LABAPP_DATA"


def data_dir() -> Path:
    """LABAPP_DATA if set (tests, shared installations), else <user data dir>/labapp."""
    chosen = os.environ.get(DATA_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir("labapp", appauthor=False))
