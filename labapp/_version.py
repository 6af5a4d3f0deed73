"""The one place the version lives (pyproject reads it, so do --version, window title, certificates)."""

__version__ = "0.1.0"
