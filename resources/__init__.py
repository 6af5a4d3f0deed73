"""Bundled data (criteria sets, methods, demo data, certificate assets). Installed as labapp.resources."""

from importlib.resources import as_file, files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Filesystem path of a bundled resource; works from a checkout, an installed wheel and a frozen build."""
    node = files(__name__).joinpath(*parts)
    with as_file(node) as path:
        return Path(path)
