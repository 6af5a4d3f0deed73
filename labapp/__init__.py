"""labapp: black mass assay laboratory application (ICP-OES/XRF import, calculation, QC, grading,
review, signed certificates)."""

from pathlib import Path

from labapp._version import __version__

__all__ = ["__version__"]

# resources/ and instruments/ sit beside this package in a source checkout (DESIGN.md layout) and are
# installed as labapp.resources and labapp.instruments. When labapp is imported straight from a
# checkout (`python -m labapp` or `python -m pytest` in the clone), let those names resolve there too.
_package = Path(__file__).resolve().parent
if not (_package / "resources").is_dir() and (_package.parent / "resources" / "__init__.py").is_file():
    __path__.append(str(_package.parent))  # noqa: F821 - the package's own search path
