"""Declarative instrument export profiles (TOML). Installed as labapp.instruments."""

from importlib.resources import files
from pathlib import Path


def profiles_dir() -> Path:
    """Folder holding the shipped *.toml profiles."""
    return Path(str(files(__name__)))
