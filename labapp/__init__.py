"""labapp: black mass assay laboratory application (ICP-OES/XRF import, calculation, QC, grading,
review, signed certificates)."""

from labapp._version import __version__

__all__ = ["__version__"]
