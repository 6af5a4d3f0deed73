"""Instrument export import: files in, the tidy measurement frame out (see DESIGN.md, docs/formats.md)."""

from labapp.importers.catalog import Catalog, all_profiles, catalog, get_profile
from labapp.importers.profile import Profile, ProfileError, load_profile, parse_profile
from labapp.importers.reader import read_export
from labapp.importers.result import TIDY_COLUMNS, ImportResult

__all__ = [
    "TIDY_COLUMNS",
    "Catalog",
    "ImportResult",
    "Profile",
    "ProfileError",
    "all_profiles",
    "catalog",
    "get_profile",
    "load_profile",
    "parse_profile",
    "read_export",
]
