"""labapp.store layer (see DESIGN.md)."""
