"""Instrument export import: files in, the tidy measurement frame out (see DESIGN.md, docs/formats.md)."""

from labapp.importers.detect import detect
from labapp.importers.profile import Profile, ProfileError, all_profiles, get_profile, load_profile
from labapp.importers.reader import read_export
from labapp.importers.result import TIDY_COLUMNS, ImportResult

__all__ = [
    "TIDY_COLUMNS",
    "ImportResult",
    "Profile",
    "ProfileError",
    "all_profiles",
    "detect",
    "get_profile",
    "load_profile",
    "read_export",
]
