"""labapp.certificates layer (see DESIGN.md)."""
