"""Where the laboratory's own files live, and the settings file every front end reads.

Outside the layers on purpose (standard library and platformdirs only): the importers find lab
profiles here, the services the lab's criteria and logo, the CLI and the desktop the same folder.
`<data folder>/settings.toml` holds what a laboratory sets once for every workstation user:

    [instruments]
    folders = ["//labserver/labapp/instruments"]   # more folders of lab profiles
    sample_types = [['(?i)\\bIN-HOUSE-RM\\b', "crm"]]  # extra [regex, type] rules for sample labels
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import platformdirs

from labapp.core.errors import LabappError

DATA_ENV = "LABAPP_DATA"
SETTINGS_FILE = "settings.toml"


def data_dir() -> Path:
    """LABAPP_DATA if set (tests, shared installations), else <user data dir>/labapp."""
    chosen = os.environ.get(DATA_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return Path(platformdirs.user_data_dir("labapp", appauthor=False))


def settings_path() -> Path:
    return data_dir() / SETTINGS_FILE


def settings() -> dict[str, Any]:
    """The parsed settings file ({} when there is none); a broken file is an error naming it."""
    path = settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise LabappError(f"{path}: cannot be read: {exc}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LabappError(f"{path}: not valid TOML: {exc}") from None


def lab_profile_folders() -> list[Path]:
    """The laboratory's own instrument profile folders: <data folder>/instruments, then the settings'."""
    extra = settings().get("instruments", {}).get("folders", [])
    if not isinstance(extra, list) or not all(isinstance(f, str) for f in extra):
        raise LabappError(f"{settings_path()}: [instruments] folders must be a list of folder names")
    return [data_dir() / "instruments", *(Path(f).expanduser() for f in extra)]


def lab_sample_type_rules() -> list[list[str]]:
    """The laboratory's extra [regex, sample type] rules for sample labels (checked by the importer)."""
    rules = settings().get("instruments", {}).get("sample_types", [])
    if not isinstance(rules, list) or not all(isinstance(r, list) and len(r) == 2 for r in rules):
        raise LabappError(f"{settings_path()}: [instruments] sample_types must be a list of [regex, type]")
    return rules
