"""labapp.importers layer (see DESIGN.md)."""
